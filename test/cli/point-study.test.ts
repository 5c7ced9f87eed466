import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { runCli, tempDir } from '../support/cli';

const tmp = tempDir('phaseless-point-study-');
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
const ndjson = (p: string) =>
  readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
/** A run's metrics without its wall-clock times. */
const metrics = (dir: string) => readFileSync(join(dir, 'metrics.ndjson'), 'utf8').replace(/"(wallMs|trainSeconds|testSeconds)":[0-9.e-]+/g, '');

const rbm = {
  name: 'tiny',
  substrate: { kind: 'rbm', hidden: 2 },
  task: { kind: 'bas', size: 2 },
  engine: 'event',
  budget: { gibbsSteps: 300, evalEvery: 100 },
  compare: [{ id: 'local', protocol: { kind: 'stochasticPhases', b: 0.5, length: { fixed: 10 } }, rule: { kind: 'phaseSigned', lr: 0.02 } }],
};
const ep = { name: 'tiny-ep', substrate: { kind: 'hopfield', layers: [784, 8, 10] }, task: { kind: 'mnist', train: 20, test: 10 }, rule: { kind: 'classic', lr: [0.1, 0.05] }, budget: { epochs: 1 } };
/** Online, one digit at a time: the event engine (which runs synchronous timing as array sweeps). */
const epEvent = { ...ep, engine: 'event' };

describe('phaseless robustness of EP and RBM specs', () => {
  it('an RBM spec: a run folder per point, each equal to `phaseless rbm` on that point written by hand, gathered into curves; a resume on 2 workers ends the same', async () => {
    const spec = tmp.file('rbm.json', rbm);
    const out = join(tmp.path(), 'rbm-study');
    const r = await runCli(['robustness', spec, '--axes', 'jitter,dead', '--out', out]);
    expect(r.err).not.toMatch(/phaseless: (error|failed)/);
    expect(r.code).toBe(0);
    // The first look: the base and levels 2 and 4 of each axis, seed 1; synchronous points first.
    expect(json(join(out, 'study.json')).points.map((p: { name: string }) => p.name)).toEqual(['base-seed-1', 'dead-0.25-seed-1', 'dead-0.5-seed-1', 'jitter-0.45-seed-1', 'jitter-0.9-seed-1']);
    // Two points written independently of the study's generator.
    const byHand: [string, object][] = [
      ['jitter-0.45-seed-1', { timing: { jitter: 0.45 } }],
      ['dead-0.5-seed-1', { faults: { dead: 0.5 } }],
    ];
    for (const [name, fields] of byHand) {
      const alone = join(tmp.path(), `rbm-alone-${name}`);
      expect((await runCli(['rbm', tmp.file(`${name}.json`, { ...rbm, ...fields, name, seed: 1 }), '--out', alone])).code).toBe(0);
      expect(metrics(join(out, 'runs', name))).toBe(metrics(alone));
      const last = ndjson(join(alone, 'metrics.ndjson')).pop();
      const result = ndjson(join(out, 'results.ndjson')).find((x) => `${x.axis}-${x.level}-seed-${x.seed}` === name);
      expect([result.finalNll, result.finalTv, result.complete]).toEqual([last.nll, last.tv, true]);
    }
    // The point specs differ: jitter changes the run.
    expect(metrics(join(out, 'runs', 'jitter-0.45-seed-1'))).not.toBe(metrics(join(out, 'runs', 'base-seed-1')));
    const curves = ndjson(join(out, 'curves.ndjson'));
    expect(curves.map((c) => `${c.axis} ${c.level}`)).toEqual(['jitter 0', 'jitter 0.45', 'jitter 0.9', 'dead 0', 'dead 0.25', 'dead 0.5']);
    expect(existsSync(join(out, 'jitter.svg')) && existsSync(join(out, 'dead.svg'))).toBe(true);
    expect(r.out).toMatch(/\| jitter \| 0\.45 \| \d\.\d\d \/ \d\.\d\d \(1 seed\) \|/);
    // Before any work: what it will do and the estimated time (the runs' own estimates, summed).
    expect(r.err.split('\n')[0]).toMatch(/^phaseless robustness: 5 points of tiny \(first look: levels 2 and 4 of 5 of jitter, dead; seed 1\), 1 at a time, estimated \d+ s \(\d+ s of run time\); /);
    const before = readFileSync(join(out, 'results.ndjson'), 'utf8');
    // As if killed after the third point: two run folders gone, the study not finished.
    for (const name of ['jitter-0.45-seed-1', 'jitter-0.9-seed-1']) rmSync(join(out, 'runs', name), { recursive: true });
    rmSync(join(out, 'results.ndjson'));
    writeFileSync(join(out, 'status.json'), JSON.stringify({ command: 'robustness', status: 'interrupted', pid: 0 }));
    const again = await runCli(['robustness', '--resume', out, '--workers', '2']);
    expect(again.err).not.toMatch(/phaseless: (error|failed)/);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/base-seed-1 \(1 of 5\): done before/);
    expect(readFileSync(join(out, 'results.ndjson'), 'utf8')).toBe(before);
  });

  it('an EP spec on the synchronous axes; seeds as given', async () => {
    const spec = tmp.file('ep.json', epEvent);
    const out = join(tmp.path(), 'ep-study');
    const r = await runCli(['robustness', spec, '--axes', 'dead', '--seeds', '2', '--out', out]);
    expect(r.err).not.toMatch(/phaseless: (error|failed)/);
    expect(r.code).toBe(0);
    const alone = join(tmp.path(), 'ep-alone');
    expect((await runCli(['ep', tmp.file('ep-dead.json', { ...epEvent, name: 'dead-0.5-seed-2', seed: 2, faults: { dead: 0.5 } }), '--out', alone])).code).toBe(0);
    const result = ndjson(join(out, 'results.ndjson')).find((x) => x.axis === 'dead' && x.level === 0.5);
    expect(result.seed).toBe(2);
    expect(result.finalTestError).toBe(json(join(alone, 'result.json')).finalTestError);
    expect(metrics(join(out, 'runs', 'dead-0.5-seed-2'))).toBe(metrics(alone));
    expect(ndjson(join(out, 'curves.ndjson')).map((c) => c.level)).toEqual([0, 0.25, 0.5]);
  });

  it.each([
    ['a resistor-study flag', ['--levels', '3'], /^phaseless: error: --levels: expected not given with an RBM spec/],
    ['the clock axis', ['--axes', 'clock'], /^phaseless: error: --axes\[0\]: expected one of spread, jitter, delay, drop, stuck, dead for an RBM spec/],
    ['repeated seeds', ['--seeds', '1,1'], /^phaseless: error: --seeds: expected distinct seeds/],
  ])('refuses %s before any work', async (_what, flags, message) => {
    const out = join(tmp.path(), `bad-${flags[0]}`);
    const r = await runCli(['robustness', tmp.file('rbm-bad.json', rbm), ...flags, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a spec for another engine than the event engine, naming the engine field, before any work', async () => {
    const out = join(tmp.path(), 'bad-engine');
    const r = await runCli(['robustness', tmp.file('ep-array.json', ep), '--axes', 'dead', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^phaseless: error: engine: expected "event" for a robustness study \(its timing and fault fields are the event engine's.*got "quasi-static"/);
    expect(existsSync(out)).toBe(false);
  });
});
