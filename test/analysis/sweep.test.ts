import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { convergencePoint } from '../../src/analysis/convergence';
import { finiteResult } from '../../src/analysis/experiments';
import { POINTS_FILE, SweepRow, runSweep } from '../../src/analysis/sweep';
import { SweepSpec, readSweepSpec, stableKey, sweepPoints } from '../../src/analysis/sweep-spec';
import { specField } from '../support/spec-error';

const root = mkdtempSync(join(tmpdir(), 'phaseless-sweep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `s${n++}`);
const quiet = () => undefined;

// Cheap points: convergence with a coarse step (a few ms each).
const spec: SweepSpec = readSweepSpec({
  experiment: 'convergence',
  base: { dt: 1e-3, period: 10 },
  grid: { tauF: [0.5, 1, 2, 4], amplitude: [10, 20] },
});

const rowsOf = (dir: string): SweepRow[] =>
  readFileSync(join(dir, POINTS_FILE), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as SweepRow);


describe('sweep points', () => {
  it('a grid is every combination over the base, each checked with defaults filled in', () => {
    const pts = sweepPoints(spec);
    expect(pts).toHaveLength(8);
    expect(pts.map((p) => [p.point.tauF, p.point.amplitude])).toEqual([
      [0.5, 10], [0.5, 20], [1, 10], [1, 20], [2, 10], [2, 20], [4, 10], [4, 20],
    ]);
    for (const p of pts) expect(p.point).toMatchObject({ dt: 1e-3, period: 10, B: 20, area: 0 });
    expect(new Set(pts.map((p) => p.key)).size).toBe(8);
  });

  it('random samples are seeded, within their ranges, and adding samples keeps the earlier ones', () => {
    const random = (count: number, seed = 7): SweepSpec =>
      readSweepSpec({
        experiment: 'markov',
        random: { count, seed, params: { gamma: { logUniform: [1e-8, 1] }, RF: { integer: [1, 99] }, theta: { choice: ['fall', 'auto'] } } },
      });
    const a = sweepPoints(random(20));
    const b = sweepPoints(random(30));
    expect(b.slice(0, 20).map((p) => p.key)).toEqual(a.map((p) => p.key));
    expect(sweepPoints(random(20, 8)).map((p) => p.key)).not.toEqual(a.map((p) => p.key));
    for (const p of b) {
      expect(p.point.gamma).toBeGreaterThanOrEqual(1e-8);
      expect(p.point.gamma).toBeLessThanOrEqual(1);
      expect(Number.isInteger(p.point.RF)).toBe(true);
      expect(['fall', 'auto']).toContain(p.point.theta);
    }
    expect(new Set(b.map((p) => p.point.RF)).size).toBeGreaterThan(10);
  });

  it('keys do not depend on the order fields were written in', () => {
    expect(stableKey({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(stableKey({ b: [1, { d: 3, c: 2 }], a: 1 }));
  });
});

describe('running a sweep', () => {
  it('computes every point (in-process), each row the experiment function of its point', async () => {
    const dir = fresh();
    const out = await runSweep(spec, { dir, workers: 0, log: quiet });
    expect(out.computed).toBe(8);
    expect(out.reused).toBe(0);
    for (const row of out.rows) expect(row.result).toEqual(convergencePoint(row.point as never));
    expect(rowsOf(dir)).toHaveLength(8);
    expect(JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify({ ...spec, workers: undefined })));
  });

  it('resumes: finished points are read back, not recomputed; a line cut short is dropped and redone', async () => {
    const dir = fresh();
    await runSweep(spec, { dir, workers: 0, log: quiet });
    const first = rowsOf(dir);
    // Interrupted after 5 points, in the middle of writing the 6th.
    const lines = readFileSync(join(dir, POINTS_FILE), 'utf8').split('\n');
    writeFileSync(join(dir, POINTS_FILE), lines.slice(0, 5).join('\n') + '\n' + lines[5].slice(0, 20));
    const again = await runSweep(spec, { dir, workers: 0, log: quiet });
    expect(again.computed).toBe(3);
    expect(again.reused).toBe(5);
    const after = rowsOf(dir);
    expect(after).toHaveLength(8);
    // The 5 kept rows are byte-for-byte the first run's (their timings too: not recomputed).
    expect(after.slice(0, 5)).toEqual(first.slice(0, 5));
    expect(again.rows.map((r) => r.key)).toEqual(first.map((r) => r.key));
    // A third run has nothing left to do.
    const third = await runSweep(spec, { dir, workers: 0, log: quiet });
    expect(third.computed).toBe(0);
    expect(third.reused).toBe(8);
  });

  it('on a pool of worker threads gives the same results as in-process', async () => {
    const inProcess = await runSweep(spec, { dir: fresh(), workers: 0, log: quiet });
    const lines: string[] = [];
    const pooled = await runSweep(spec, { dir: fresh(), workers: 2, log: (l) => lines.push(l) });
    expect(pooled.workers).toBe(2);
    expect(pooled.computed).toBe(8);
    expect(pooled.rows.map((r) => r.result)).toEqual(inProcess.rows.map((r) => r.result));
    expect(lines[0]).toMatch(/8 points, 0 already done, 8 to compute on 2 worker/);
    expect(lines[lines.length - 1]).toMatch(/point 8\/8 .*ETA 0 s/);
  });
});

// Found by the spec fuzz test: a Markov point with an exactly zero shift wrote ln|shift| = -Infinity,
// which JSON turns into null, into points.ndjson.
describe('point results hold finite numbers only', () => {
  it('finiteResult leaves out non-finite fields, at any depth, and keeps arrays whole', () => {
    const r = finiteResult({ a: 1, b: -Infinity, c: NaN, d: { e: Infinity, f: 2 }, g: [1, 2], h: [{ i: NaN, j: 3 }], k: 'x', l: false });
    expect(r).toEqual({ a: 1, d: { f: 2 }, g: [1, 2], h: [{ j: 3 }], k: 'x', l: false });
    expect(JSON.stringify(r)).not.toMatch(/null/);
  });
});

describe('bad sweeps fail before any work, naming the field', () => {
  it('rejects bad specs', () => {
    expect(specField(() => readSweepSpec({ experiment: 'nope' }))).toBe('sweep.experiment');
    expect(specField(() => readSweepSpec({ experiment: 'range', grid: { tauF: [] } }))).toBe('sweep.grid.tauF');
    expect(specField(() => readSweepSpec({ experiment: 'range', random: { count: 3, params: { tauF: { logUniform: [0, 1] } } } }))).toBe(
      'sweep.random.params.tauF.logUniform',
    );
    expect(specField(() => readSweepSpec({ experiment: 'range', random: { count: 3, params: { tauF: { normal: [0, 1] } } } }))).toBe(
      'sweep.random.params.tauF',
    );
    expect(specField(() => readSweepSpec({ experiment: 'range', workers: -1 }))).toBe('sweep.workers');
    expect(specField(() => readSweepSpec({ experiment: 'range', typo: 1 }))).toBe('sweep.typo');
    // null is not the default (found by the spec fuzz test: a null seed was taken as 1).
    expect(specField(() => readSweepSpec({ experiment: 'range', random: { count: 1, seed: null, params: { tauF: { uniform: [1, 2] } } } }))).toBe('sweep.random.seed');
    expect(specField(() => readSweepSpec({ experiment: 'range', base: { tauF: null } }))).toBe('sweep.base.tauF');
  });

  it('rejects a bad point (by its index) and leaves no folder behind', async () => {
    const dir = fresh();
    const bad = readSweepSpec({ experiment: 'convergence', grid: { tauF: [1, -2] } });
    await expect(runSweep(bad, { dir, workers: 0, log: quiet })).rejects.toMatchObject({ field: 'point 1.tauF' });
    expect(existsSync(dir)).toBe(false);
  });

  // Found by the spec fuzz test: a point of 1e21 amplitudes or a period of 9e15 ran with no end.
  it('refuses a sweep estimated past a day, naming its longest point, and leaves no folder behind', async () => {
    const dir = fresh();
    const huge = readSweepSpec({ experiment: 'range', base: { amplitudes: 1e21 } });
    await expect(runSweep(huge, { dir, workers: 0, log: quiet })).rejects.toMatchObject({ field: 'point 0' });
    const many = readSweepSpec({ experiment: 'convergence', base: { period: 1e9 }, grid: { tauF: [1, 2] } });
    await expect(runSweep(many, { dir, workers: 0, log: quiet })).rejects.toMatchObject({ field: 'sweep' });
    expect(existsSync(dir)).toBe(false);
  });

  it('will not write into a folder of another sweep or of other files', async () => {
    const dir = fresh();
    await runSweep(spec, { dir, workers: 0, log: quiet });
    const other = readSweepSpec({ ...spec, base: { dt: 1e-3, period: 12 } });
    await expect(runSweep(other, { dir, workers: 0, log: quiet })).rejects.toMatchObject({ field: '--out' });
    const busy = fresh();
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    await expect(runSweep(spec, { dir: busy, workers: 0, log: quiet })).rejects.toMatchObject({ field: '--out' });
  });
});
