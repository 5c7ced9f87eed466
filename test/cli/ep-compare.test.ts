import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { epArms } from '../../src/cli/ep-arms';
import { readEpSpec } from '../../src/experiments/ep/ep-spec';
import { specLayout } from '../../src/spec/one-spec';
import { runCli, tempDir } from '../support/cli';
import { folderContents } from '../support/run-folder';

/**
 * `phaseless compare` of an EP spec: every arm for every seed, each exactly what `phaseless ep`
 * runs for the arm's spec; continual EP telescopes to classic EP; the summary is the mean and
 * sample standard deviation of the runs' results; a resume finishes what was cut.
 */
const tmp = tempDir('phaseless-ep-compare-');
const experiments = join(__dirname, '..', '..', 'experiments');
const shipped = (name: string) => JSON.parse(readFileSync(join(experiments, `${name}.json`), 'utf8'));
const RUN_FILES = ['split.json', 'metrics.ndjson', 'result.json', 'checkpoint.bin'];

/** The shipped comparison cut to a tiny network and budget, without the (slow) threshold-TCL arm. */
function tinySpec(): Record<string, unknown> {
  const s = shipped('ep-mnist-compare');
  return {
    ...s,
    substrate: { kind: 'hopfield', layers: [784, 16, 10] },
    task: { kind: 'mnist', train: 60, test: 30 },
    budget: { epochs: 2, batch: 20 },
    compare: (s.compare as { id: string }[]).filter((a) => a.id !== 'tcl'),
  };
}

const results = (dir: string, id: string, seed: number) => JSON.parse(readFileSync(join(dir, `${id}-seed-${seed}`, 'result.json'), 'utf8'));
const metrics = (dir: string, id: string, seed: number) =>
  readFileSync(join(dir, `${id}-seed-${seed}`, 'metrics.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

let out = '';
let spec = '';
beforeAll(async () => {
  spec = tmp.file('tiny.json', tinySpec());
  out = join(tmp.path(), 'cmp');
  const r = await runCli(['compare', spec, '--seeds', '1,2', '--out', out]);
  expect(r.err).not.toMatch(/phaseless: error/);
  expect(r.code).toBe(0);
});

describe('compare of an EP spec', () => {
  it('runs each arm as phaseless ep runs its spec, for each seed', async () => {
    const single = join(tmp.path(), 'single-linear-2');
    expect((await runCli(['ep', join(out, 'arm-linear.json'), '--seed', '2', '--out', single])).code).toBe(0);
    expect(folderContents(join(out, 'linear-seed-2'), RUN_FILES)).toEqual(folderContents(single, RUN_FILES));
    for (const id of ['classic', 'continualEP', 'linear']) for (const seed of [1, 2]) expect(results(out, id, seed).epochs).toBe(2);
  });

  it('continual EP gives classic EP\'s errors: its per-step updates telescope to the classic update', () => {
    for (const seed of [1, 2]) {
      const strip = (rows: Record<string, number>[]) => rows.map((r) => [r.epoch, r.trainError, r.testError]);
      expect(strip(metrics(out, 'continualEP', seed))).toEqual(strip(metrics(out, 'classic', seed)));
      // Not vacuous: the tiny network did learn something in two epochs.
      expect(results(out, 'classic', seed).finalTrainError).toBeLessThan(results(out, 'classic', seed).initialTestError);
    }
  });

  it('summarises each arm by the mean and sample standard deviation over the seeds', () => {
    const cmp = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(cmp.seeds).toEqual([1, 2]);
    expect(cmp.arms.map((a: { id: string }) => a.id)).toEqual(['classic', 'continualEP', 'linear']);
    for (const arm of cmp.arms) {
      const [a, b] = [results(out, arm.id, 1).finalTestError, results(out, arm.id, 2).finalTestError];
      expect(arm.summary.finalTestError.mean).toBeCloseTo((a + b) / 2, 12);
      expect(arm.summary.finalTestError.std).toBeCloseTo(Math.abs(a - b) / Math.SQRT2, 12);
    }
    expect(readFileSync(join(out, 'compare.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('resumes an interrupted comparison: runs what is missing and ends as the uninterrupted one', async () => {
    const cut = join(tmp.path(), 'cut');
    expect((await runCli(['compare', spec, '--seeds', '1,2', '--out', cut])).code).toBe(0);
    rmSync(join(cut, 'linear-seed-2'), { recursive: true });
    rmSync(join(cut, 'compare.json'));
    const status = JSON.parse(readFileSync(join(cut, 'status.json'), 'utf8'));
    writeFileSync(join(cut, 'status.json'), JSON.stringify({ ...status, status: 'interrupted' }));
    const r = await runCli(['compare', '--resume', cut]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/classic, seed 1 \(1 of 6\): done before/);
    expect(folderContents(cut, ['compare.json', 'linear-seed-2/metrics.ndjson'])).toEqual(folderContents(out, ['compare.json', 'linear-seed-2/metrics.ndjson']));
  });

  it('phaseless run runs an EP spec with arms as the comparison; phaseless ep refuses the arms', async () => {
    const viaRun = join(tmp.path(), 'via-run');
    expect((await runCli(['run', spec, '--seed', '2', '--out', viaRun])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(viaRun, 'compare.json'), 'utf8')).seeds).toEqual([2]);
    expect(folderContents(join(viaRun, 'linear-seed-2'), RUN_FILES)).toEqual(folderContents(join(out, 'linear-seed-2'), RUN_FILES));
    const ep = await runCli(['ep', spec, '--out', join(tmp.path(), 'ep')]);
    expect(ep.err).toMatch(/^phaseless: error: compare: expected no arms with phaseless ep/);
  });

  it('without `compare`, the arms are classic, TCL, linear g and continual EP; TCL and linear are the shipped specs', () => {
    const { compare: _, ...classic } = shipped('ep-mnist-compare');
    const arms = epArms(shipped('ep-mnist-classic'));
    expect(arms.map((a) => a.id)).toEqual(['classic', 'tcl', 'linear', 'continualEP']);
    const read = (one: unknown) => ({ ...readEpSpec(specLayout(one).legacy), name: '' });
    expect(read(arms[0].spec)).toEqual(read(shipped('ep-mnist-classic')));
    expect(read(arms[1].spec)).toEqual(read(shipped('ep-mnist-tcl')));
    expect(read(arms[2].spec)).toEqual(read(shipped('ep-mnist-linear')));
    // The shipped comparison lists the same arms as the defaults of its own base.
    const given = epArms(shipped('ep-mnist-compare'));
    const defaults = epArms(classic);
    for (const id of ['classic', 'tcl', 'linear', 'continualEP']) {
      expect(read(given.find((a) => a.id === id)!.spec)).toEqual(read(defaults.find((a) => a.id === id)!.spec));
    }
  });

  it('refuses bad arms and flags before any folder is made, naming the field', async () => {
    const base = tinySpec();
    const arms = base.compare as Record<string, unknown>[];
    const cases: [Record<string, unknown>, string[], RegExp][] = [
      [{ ...base, compare: [arms[0], { ...arms[2], rule: { ...(arms[2].rule as object), g: 'cubic' } }] }, [], /^phaseless: error: compare\[1\]\.rule\.g: expected/],
      [{ ...base, compare: [arms[0], { ...arms[1], id: 'classic' }] }, [], /^phaseless: error: compare\[1\]\.id: expected an id no other arm has, got "classic"/],
      [{ ...base, compare: [{ ...arms[0], id: '../up' }] }, [], /^phaseless: error: compare\[0\]\.id: expected a name/],
      [{ ...base, compare: [{ ...arms[0], lr: 1 }] }, [], /^phaseless: error: compare\[0\]\.lr: expected a known key/],
      [{ ...base, compare: [] }, [], /^phaseless: error: compare: expected a non-empty array/],
      [base, ['--engine', 'event'], /^phaseless: error: --engine: expected not given with an EP spec/],
      [base, ['--seeds', '1,1'], /^phaseless: error: --seeds: expected distinct seeds/],
    ];
    for (const [k, [s, flags, message]] of cases.entries()) {
      const dir = join(tmp.path(), `refused-${k}`);
      const r = await runCli(['compare', tmp.file(`bad-${k}.json`, s), ...flags, '--out', dir]);
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(message);
      expect(existsSync(dir)).toBe(false);
    }
    const learn = await runCli(['compare', '--seeds', '1,2', '--out', join(tmp.path(), 'learn')]);
    expect(learn.err).toMatch(/^phaseless: error: --seeds: expected an EP spec/);
  });
});
