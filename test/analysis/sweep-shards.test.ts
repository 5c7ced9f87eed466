import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PointRequest, computePoint } from '../../src/analysis/experiments';
import { POINTS_FILE, SweepRow, runSweep } from '../../src/analysis/sweep';
import { mergedRows, parseShard, runShard, sweepProgress, writePoints } from '../../src/analysis/sweep-shards';
import { SweepSpec, readSweepSpec, sweepPoints } from '../../src/analysis/sweep-spec';
import { runs } from '../support/property-runs';
import { specField } from '../support/spec-error';

/**
 * Sharded sweeps (what the tasks of a SLURM array run): every shard of N run in this thread,
 * then merged, gives the rows of a local run of the same spec, point by point; with any N, any
 * order of the shards, and after part of an earlier array of another size (a resubmission).
 * The local runs are the reference, computed independently by runSweep.
 */
const root = mkdtempSync(join(tmpdir(), 'phaseless-shards-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `s${n++}`);
const quiet = () => undefined;

// Cheap points: convergence with a coarse step (a few ms each).
const gridSpec = (tauF: number[], amplitude: number[]): SweepSpec => readSweepSpec({ experiment: 'convergence', base: { dt: 1e-3, period: 10 }, grid: { tauF, amplitude } });
/** A row without its wall-clock field, the one thing that differs between two runs of a point. */
const bare = ({ seconds: _s, ...row }: SweepRow) => row;
const fileRows = (dir: string) =>
  readFileSync(join(dir, POINTS_FILE), 'utf8')
    .trim()
    .split('\n')
    .map((l) => bare(JSON.parse(l)));

/** Runs the shards of `count` given by `order`, each in this thread, into `dir`; the points each computed. */
async function shards(spec: SweepSpec, dir: string, count: number, order: number[]): Promise<number> {
  let computed = 0;
  for (const index of order) computed += (await runShard(spec, sweepPoints(spec), dir, { index, count }, 0, quiet)).computed;
  return computed;
}

describe('--shard i/N', () => {
  it('reads i/N with 0 <= i < N, naming the flag and the form otherwise', () => {
    expect(parseShard('--shard', '2/5')).toEqual({ index: 2, count: 5 });
    expect(parseShard('--shard', '0/1')).toEqual({ index: 0, count: 1 });
    for (const bad of ['3/2', '2/2', '1', '-1/3', '0/0', 'a/b', '1/2/3', '0/1001', '']) {
      expect(specField(() => parseShard('--shard', bad))).toBe('--shard');
    }
    expect(() => parseShard('--shard', '3/2')).toThrow(/--shard: expected i\/N with 0 <= i < N <= 1000 .*, got "3\/2"/);
  });

  it('shards 0..2 of 3, merged, equal the local worker-pool run point by point; points.ndjson is in point order', async () => {
    const spec = gridSpec([0.5, 1, 2, 4], [10, 20]);
    const local = fresh();
    const reference = await runSweep(spec, { dir: local, workers: 2, log: quiet });
    const dir = fresh();
    expect(await shards(spec, dir, 3, [2, 0, 1])).toBe(8);
    const { rows, unique } = mergedRows(dir, sweepPoints(spec));
    expect(rows.map(bare)).toEqual(reference.rows.map(bare));
    writePoints(dir, unique);
    expect(fileRows(dir).map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The worker pool writes in finishing order: the same rows as a set.
    expect(fileRows(dir)).toEqual(fileRows(local).sort((a, b) => a.index - b.index));
  });

  it('property: any shard count, any order, after part of an array of another size: merged = local, each point computed once', async () => {
    const arb = fc.record({
      tauF: fc.array(fc.constantFrom(0.5, 1, 2, 4), { minLength: 1, maxLength: 4 }),
      amplitude: fc.array(fc.constantFrom(10, 20), { minLength: 1, maxLength: 2 }),
      count: fc.integer({ min: 1, max: 7 }),
      order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 7, maxLength: 7 }),
      earlier: fc.integer({ min: 1, max: 5 }),
      earlierShards: fc.array(fc.nat({ max: 4 }), { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ tauF, amplitude, count, order, earlier, earlierShards }) => {
        const spec = gridSpec(tauF, amplitude);
        const points = sweepPoints(spec);
        const unique = new Set(points.map((p) => p.key)).size;
        const localDir = fresh();
        const local = await runSweep(spec, { dir: localDir, workers: 0, log: quiet });
        const dir = fresh();
        // Part of an earlier array (another size), as a first submission whose other tasks never ran.
        const first = await shards(spec, dir, earlier, [...new Set(earlierShards.filter((i) => i < earlier))]);
        const shuffled = Array.from({ length: count }, (_, i) => i).sort((a, b) => order[a] - order[b]);
        const second = await shards(spec, dir, count, shuffled);
        expect(first + second).toBe(unique);
        expect(sweepProgress(dir, points).pending).toEqual([]);
        const merged = mergedRows(dir, points);
        expect(merged.rows.map(bare)).toEqual(local.rows.map(bare));
        writePoints(dir, merged.unique);
        // In this thread the local run writes in point order too: the files are equal line by line.
        expect(fileRows(dir)).toEqual(fileRows(localDir));
      }),
      { numRuns: runs(15) },
    );
  });

  it('a failed point is recorded, the others saved; --status counts it, the merge refuses, a rerun computes only it', async () => {
    const spec = gridSpec([0.5, 1, 2], [10, 20]);
    const points = sweepPoints(spec);
    const dir = fresh();
    const failing = (req: PointRequest) => (req.index === 3 ? { index: 3, error: 'Error: out of memory on the node' } : computePoint(req));
    const first = await runShard(spec, points, dir, { index: 1, count: 2 }, 0, quiet, failing);
    expect([first.points, first.computed, first.failed.map((f) => f.index)]).toEqual([3, 2, [3]]);
    expect(readFileSync(join(dir, 'shards/failed-1-of-2.ndjson'), 'utf8')).toMatch(/out of memory on the node/);
    const p = sweepProgress(dir, points, 2);
    expect([p.done, p.failed.map((f) => [f.index, f.shard]), p.pending.map((q) => q.index)]).toEqual([2, [[3, '1/2']], [0, 2, 4]]);
    expect(p.shards.map((s) => [s.points, s.done, s.failed, s.pending])).toEqual([
      [3, 0, 0, 3],
      [3, 2, 1, 0],
    ]);
    expect(() => mergedRows(dir, points)).toThrow(/--merge: expected a sweep whose points are all done \(.*: 4 of 6 not done, 1 of them failed/);
    // A resubmission with another array size: only the failed and the missing points.
    expect(await shards(spec, dir, 1, [0])).toBe(4);
    expect(sweepProgress(dir, points).failed).toEqual([]);
    const local = await runSweep(spec, { dir: fresh(), workers: 0, log: quiet });
    expect(mergedRows(dir, points).rows.map(bare)).toEqual(local.rows.map(bare));
  });

  it('a row cut short by a killed shard is dropped from its own file and recomputed; another shard never cuts it', async () => {
    const spec = gridSpec([0.5, 1], [10]);
    const points = sweepPoints(spec);
    const dir = fresh();
    await shards(spec, dir, 2, [0]);
    const own = join(dir, 'shards/points-0-of-2.ndjson');
    const whole = readFileSync(own, 'utf8');
    // A write in progress in shard 0's file, as shard 1 runs: shard 1 reads past it and leaves it.
    require('fs').writeFileSync(own, whole + whole.slice(0, 20));
    await shards(spec, dir, 2, [1]);
    expect(readFileSync(own, 'utf8')).toBe(whole + whole.slice(0, 20));
    expect(sweepProgress(dir, points).done).toBe(2);
    // Shard 0 again (its task resubmitted) cuts its own half line and has nothing left to compute.
    expect(await shards(spec, dir, 2, [0])).toBe(0);
    expect(readFileSync(own, 'utf8')).toBe(whole);
    expect(existsSync(join(dir, 'shards/failed-0-of-2.ndjson'))).toBe(false);
  });
});
