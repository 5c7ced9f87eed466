import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { runCli, tempDir } from '../support/cli';

const tmp = tempDir('phaseless-seed-study-');
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

const rbm = {
  name: 'tiny', substrate: { kind: 'rbm', hidden: 2 }, task: { kind: 'bas', size: 2 }, budget: { gibbsSteps: 40, evalEvery: 20 },
  compare: [
    { id: 'cd', protocol: { kind: 'cd', K: 1 }, rule: { kind: 'classic', lr: 0.05 } },
    { id: 'local', protocol: { kind: 'stochasticPhases', b: 0.5, length: { fixed: 4 } }, rule: { kind: 'phaseSigned', lr: 0.01 } },
  ],
};
const ep = { name: 'tiny-ep', substrate: { kind: 'hopfield', layers: [784, 8, 10] }, task: { kind: 'mnist', train: 20, test: 10 }, rule: { kind: 'classic', lr: [0.1, 0.05] }, budget: { epochs: 1, batch: 5 } };

/** Mean and sample standard deviation, written out here. */
function stats(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.map((x) => (x - mean) ** 2).reduce((a, b) => a + b, 0) / (xs.length - 1)) };
}

describe('phaseless seeds of EP and RBM specs', () => {
  it('an RBM spec: a run folder per seed, equal to `phaseless rbm --seed K`, and the mean and spread of the finals', async () => {
    const spec = tmp.file('rbm.json', rbm);
    const out = join(tmp.path(), 'rbm-seeds');
    const r = await runCli(['seeds', spec, '--seeds', '3,4', '--out', out]);
    expect(r.err).not.toMatch(/phaseless: error/);
    expect(r.code).toBe(0);
    const study = json(join(out, 'seeds.json'));
    expect(study.seeds).toEqual([3, 4]);
    const finals: number[] = [];
    for (const seed of [3, 4]) {
      const alone = join(tmp.path(), `rbm-alone-${seed}`);
      expect((await runCli(['rbm', spec, '--seed', String(seed), '--out', alone])).code).toBe(0);
      const res = json(join(alone, 'result.json'));
      const row = study.rows.find((x: { seed: number }) => x.seed === seed);
      for (const p of res.protocols) {
        expect(row[`${p.id}.nll`]).toBe(p.final.nll);
        expect(row[`${p.id}.tv`]).toBe(p.final.tv);
      }
      finals.push(res.protocols[0].final.nll);
    }
    const s = stats(finals);
    expect(study.summary['cd.nll'].mean).toBeCloseTo(s.mean, 12);
    expect(study.summary['cd.nll'].std).toBeCloseTo(s.std, 12);
    expect(r.out).toMatch(/(^|\n)metric +mean +std +seed 3 +seed 4\n/);
  });

  it('an EP spec; a resume runs only the seeds not done, ending as the uninterrupted study', async () => {
    const spec = tmp.file('ep.json', ep);
    const out = join(tmp.path(), 'ep-seeds');
    expect((await runCli(['seeds', spec, '--seeds', '1,2', '--out', out])).code).toBe(0);
    const before = json(join(out, 'seeds.json'));
    const alone = join(tmp.path(), 'ep-alone-2');
    expect((await runCli(['ep', spec, '--seed', '2', '--out', alone])).code).toBe(0);
    expect(before.rows[1].finalTestError).toBe(json(join(alone, 'result.json')).finalTestError);
    // As if killed while seed 2 had not begun: its folder gone, the study not finished.
    rmSync(join(out, 'seed-2'), { recursive: true });
    rmSync(join(out, 'seeds.json'));
    writeFileSync(join(out, 'status.json'), JSON.stringify({ command: 'seeds', status: 'interrupted', pid: 0 }));
    const again = await runCli(['seeds', '--resume', out]);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/seed 1 \(1 of 2\): done before/);
    // Equal apart from the wall-clock seconds per epoch.
    const noClock = (v: { rows: Record<string, number>[]; summary: Record<string, unknown> }) => ({
      rows: v.rows.map(({ secondsPerEpoch: _, ...r }) => r),
      summary: { ...v.summary, secondsPerEpoch: undefined },
    });
    expect(noClock(json(join(out, 'seeds.json')))).toEqual(noClock(before));
    expect(existsSync(join(out, 'seed-2', 'checkpoint.bin'))).toBe(true);
  });

  it('--workers 2 runs the seeds side by side on worker threads, each as it runs alone; a resume may change the count', async () => {
    const spec = tmp.file('rbm-w.json', rbm);
    const seq = join(tmp.path(), 'rbm-seq');
    const par = join(tmp.path(), 'rbm-par');
    expect((await runCli(['seeds', spec, '--seeds', '5,6,7', '--out', seq])).code).toBe(0);
    const r = await runCli(['seeds', spec, '--seeds', '5,6,7', '--workers', '2', '--out', par]);
    expect(r.err).not.toMatch(/phaseless: (error|failed)/);
    expect(r.code).toBe(0);
    expect(json(join(par, 'seeds.json'))).toEqual(json(join(seq, 'seeds.json')));
    for (const seed of [5, 6, 7]) expect(readFileSync(join(par, `seed-${seed}`, 'metrics.ndjson'), 'utf8').replace(/"wallMs":\d+/g, '')).toBe(readFileSync(join(seq, `seed-${seed}`, 'metrics.ndjson'), 'utf8').replace(/"wallMs":\d+/g, ''));
    // Cut after the first seed: the resume on 2 workers finishes the others, as the sequential study.
    rmSync(join(par, 'seed-6'), { recursive: true });
    rmSync(join(par, 'seed-7'), { recursive: true });
    rmSync(join(par, 'seeds.json'));
    writeFileSync(join(par, 'status.json'), JSON.stringify({ command: 'seeds', status: 'interrupted', pid: 0 }));
    expect((await runCli(['seeds', '--resume', par, '--workers', '2'])).code).toBe(0);
    expect(json(join(par, 'seeds.json'))).toEqual(json(join(seq, 'seeds.json')));
  });

  it.each([
    ['--engine', ['--engine', 'lockstep'], /^phaseless: error: --engine: expected not given with a hopfield spec/],
    ['--allow-long', ['--allow-long'], /^phaseless: error: --allow-long: expected not given with a hopfield spec/],
    ['repeated seeds', ['--seeds', '1,1'], /^phaseless: error: --seeds: expected distinct seeds/],
  ])('refuses %s before any work', async (_what, flags, message) => {
    const out = join(tmp.path(), `bad-${flags[0]}`);
    const r = await runCli(['seeds', tmp.file('ep-bad.json', ep), ...flags, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});
