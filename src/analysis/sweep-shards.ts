import { writeFileAtomic } from '../out-path';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, unlinkSync, appendFileSync } from 'fs';
import { extname, join } from 'path';
import { SpecError } from '../errors';
import { parseLines, readNdjson } from '../ndjson';
import { PoolJobError, runPool } from '../parallel/worker-pool';
import { PointReply, PointRequest, computePoint } from './experiments';
import { POINTS_FILE, SweepRow } from './sweep';
import { SweepPoint, SweepSpec } from './sweep-spec';

/**
 * A sweep split into shards, for job arrays on a cluster (SLURM): shard i of N computes the
 * points whose index is i mod N. Round robin rather than contiguous blocks, because a grid's
 * cost usually grows along one axis (a longer period, more amplitudes): every shard gets a
 * similar mix and the array ends together. A point is a pure function of its parameters (its
 * seed is one of them), so a point computes the same on any shard, any array size, or locally.
 *
 * Shard i of N appends its rows to DIR/shards/points-i-of-N.ndjson and the points that failed to
 * DIR/shards/failed-i-of-N.ndjson: one writer per file, so no locking is needed on a shared
 * file system. A point counts as done when any file of the folder holds it (points.ndjson, any
 * shard file of any N), so a resubmission, with any array size, computes only the points that
 * are missing or failed. The merge writes points.ndjson as a local run does, in point order.
 */

export interface Shard {
  index: number;
  count: number;
}

export const SHARDS_DIR = 'shards';
/** What a shard file holds: a sweep's rows or failed points, or a seed study's results. */
export type ShardKind = 'points' | 'failed' | 'seeds';
export const shardFile = (s: Shard, kind: ShardKind): string => join(SHARDS_DIR, `${kind}-${s.index}-of-${s.count}.ndjson`);
export const shardName = (s: Shard): string => `${s.index}/${s.count}`;
export const inShard = (index: number, s: Shard): boolean => index % s.count === s.index;

/** The most shards a sweep is split into (SLURM's default MaxArraySize is 1001). */
export const MAX_SHARDS = 1000;

/** `--shard i/N`: 0 <= i < N <= MAX_SHARDS. */
export function parseShard(flag: string, text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const expected = `i/N with 0 <= i < N <= ${MAX_SHARDS} (shard i of N: the points or seeds at positions i mod N), e.g. 0/4`;
  if (!m) throw new SpecError(flag, expected, text);
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  if (!(shard.count >= 1 && shard.count <= MAX_SHARDS && shard.index < shard.count)) throw new SpecError(flag, expected, text);
  return shard;
}

/** One failed point, as its shard records it. */
export interface FailedPoint {
  index: number;
  key: string;
  error: string;
}

/**
 * The rows of a file another process may be appending to: a last line without its newline is a
 * write in progress and is skipped, never cut (readNdjson cuts it, which only the writer may do).
 */
export function readSharedRows<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  // Only complete lines: another shard may be writing its last one.
  return parseLines<T>(text.slice(0, text.lastIndexOf('\n') + 1), path, 'move it away and resubmit to recompute its points');
}

/** The shard files of a folder, with the shard each belongs to. */
export function shardFiles(dir: string, kind: ShardKind): { shard: Shard; path: string }[] {
  const sd = join(dir, SHARDS_DIR);
  if (!existsSync(sd)) return [];
  return readdirSync(sd)
    .map((name) => ({ name, m: new RegExp(`^${kind}-(\\d+)-of-(\\d+)\\.ndjson$`).exec(name) }))
    .filter((f) => f.m !== null)
    .map((f) => ({ shard: { index: Number(f.m![1]), count: Number(f.m![2]) }, path: join(sd, f.name) }))
    .sort((a, b) => a.shard.count - b.shard.count || a.shard.index - b.shard.index);
}

/** Every finished row in the folder, by key: points.ndjson first, then each shard's file. */
export function finishedRows(dir: string): Map<string, SweepRow & { shard?: string }> {
  const done = new Map<string, SweepRow & { shard?: string }>();
  for (const r of readSharedRows<SweepRow>(join(dir, POINTS_FILE))) done.set(r.key, r);
  for (const f of shardFiles(dir, 'points')) {
    for (const r of readSharedRows<SweepRow>(f.path)) if (!done.has(r.key)) done.set(r.key, { ...r, shard: shardName(f.shard) });
  }
  return done;
}

/** The failed points no file holds a result for (a later run may have computed them), by key. */
export function failedPoints(dir: string, done: Map<string, unknown>): Map<string, FailedPoint & { shard: string }> {
  const failed = new Map<string, FailedPoint & { shard: string }>();
  for (const f of shardFiles(dir, 'failed')) {
    for (const p of readSharedRows<FailedPoint>(f.path)) if (!done.has(p.key)) failed.set(p.key, { ...p, shard: shardName(f.shard) });
  }
  return failed;
}

/**
 * Points with equal parameters are one point, as in a local run, which computes them once: the
 * first of them, by index, decides the shard.
 */
export function firstOccurrences(points: SweepPoint[]): SweepPoint[] {
  const seen = new Set<string>();
  return points.filter((p) => !seen.has(p.key) && seen.add(p.key) !== undefined);
}

export interface ShardOutcome {
  /** The shard's points (duplicates of an earlier point's parameters count once). */
  points: number;
  computed: number;
  reused: number;
  failed: FailedPoint[];
  wallSeconds: number;
}

/**
 * Computes the points of one shard that no file of the folder holds yet, on `workers` threads
 * (0: this thread). A point that fails is recorded and the others go on: the shard ends with
 * every point it could compute saved, and its failures listed for --status and a resubmission.
 */
export async function runShard(
  spec: SweepSpec,
  points: SweepPoint[],
  dir: string,
  shard: Shard,
  workers: number,
  log: (line: string) => void,
  /** What computes a point in this thread (workers 0); the tests' stand-in makes points fail. */
  compute: (req: PointRequest) => PointReply = computePoint,
): Promise<ShardOutcome> {
  mkdirSync(join(dir, SHARDS_DIR), { recursive: true });
  const own = join(dir, shardFile(shard, 'points'));
  // This shard's own file is written by this process only: a line cut by a killed run is cut away.
  readNdjson(own);
  const done = finishedRows(dir);
  const mine = firstOccurrences(points).filter((p) => inShard(p.index, shard));
  const pending = mine.filter((p) => !done.has(p.key));
  const started = Date.now();
  const failed: FailedPoint[] = [];
  let computed = 0;
  log(`sweep ${spec.experiment} shard ${shardName(shard)}: ${mine.length} points, ${mine.length - pending.length} already done, ${pending.length} to compute on ${Math.max(1, Math.min(workers, pending.length))} thread(s)`);

  const fail = (p: SweepPoint, error: string) => {
    const line: FailedPoint = { index: p.index, key: p.key, error };
    appendFileSync(join(dir, shardFile(shard, 'failed')), JSON.stringify(line) + '\n');
    failed.push(line);
    log(`  point #${p.index} failed: ${error}`);
  };
  const record = (p: SweepPoint, reply: PointReply) => {
    if ('error' in reply) return fail(p, reply.error);
    const row: SweepRow = { index: p.index, key: p.key, point: p.point, result: reply.result as Record<string, unknown>, seconds: reply.seconds };
    appendFileSync(own, JSON.stringify(row) + '\n');
    computed++;
    log(`  point #${p.index} (${computed}/${pending.length}) ${reply.seconds.toFixed(1)} s`);
  };
  const request = (p: SweepPoint): PointRequest => ({ index: p.index, experiment: spec.experiment, point: p.point });
  if (workers === 0) {
    for (const p of pending) record(p, compute(request(p)));
  } else if (pending.length > 0) {
    const module = join(__dirname, `experiments${extname(__filename)}`);
    const jobs = pending.map((p) => ({ module, fn: 'computePoint', args: [request(p)] }));
    try {
      await runPool<PointReply>(jobs, (i, reply) => record(pending[i], reply), Math.min(workers, pending.length));
    } catch (e) {
      // A worker that died (out of memory): the pool names one such point; the others it lost
      // stay pending and a resubmission computes them.
      if (!(e instanceof PoolJobError)) throw e;
      fail(pending[e.job], `${e.name}: ${e.error.message}`);
    }
  }
  return { points: mine.length, computed, reused: mine.length - pending.length, failed, wallSeconds: (Date.now() - started) / 1000 };
}

/** Where each point of the sweep stands, from the folder's files. */
export interface SweepProgress {
  points: number;
  done: number;
  failed: (FailedPoint & { shard: string })[];
  pending: SweepPoint[];
  /** Per shard of the given count: its points and how many are done, failed and pending. */
  shards: { shard: Shard; points: number; done: number; failed: number; pending: number }[];
}

export function sweepProgress(dir: string, points: SweepPoint[], count?: number): SweepProgress {
  const done = finishedRows(dir);
  const failed = failedPoints(dir, done);
  const firstOf = new Map(firstOccurrences(points).map((p) => [p.key, p]));
  const pending = [...firstOf.values()].filter((p) => !done.has(p.key) && !failed.has(p.key));
  const shards = count
    ? Array.from({ length: count }, (_, index) => {
        const s = { index, count };
        const mine = [...firstOf.values()].filter((p) => inShard(p.index, s));
        const d = mine.filter((p) => done.has(p.key)).length;
        const f = mine.filter((p) => failed.has(p.key)).length;
        return { shard: s, points: mine.length, done: d, failed: f, pending: mine.length - d - f };
      })
    : [];
  return { points: firstOf.size, done: [...firstOf.keys()].filter((k) => done.has(k)).length, failed: [...failed.values()].sort((a, b) => a.index - b.index), pending, shards };
}

/**
 * The rows of every point in point order, as a local run returns them (a point whose parameters
 * repeat an earlier one's shares its row), and the unique rows points.ndjson holds. Throws,
 * naming what to do, when points are missing or failed.
 */
export function mergedRows(dir: string, points: SweepPoint[], field = '--merge'): { rows: SweepRow[]; unique: SweepRow[]; fromShards: number; shards: number } {
  const done = finishedRows(dir);
  const missing = points.filter((p) => !done.has(p.key));
  if (missing.length > 0) {
    const failed = failedPoints(dir, done);
    const nFailed = new Set(missing.filter((p) => failed.has(p.key)).map((p) => p.key)).size;
    const nMissing = new Set(missing.map((p) => p.key)).size;
    throw new SpecError(
      field,
      `a sweep whose points are all done (${dir}: ${nMissing} of ${new Set(points.map((p) => p.key)).size} not done, ${nFailed} of them failed; ` +
        `'phaseless sweep --status ${dir}' lists them, 'phaseless sweep --resume ${dir} --slurm' computes only those)`,
    );
  }
  const unique: SweepRow[] = [];
  const seen = new Set<string>();
  const shards = new Map<string, number>();
  const rows = points.map((p) => {
    const { shard, ...row } = done.get(p.key)!;
    if (!seen.has(p.key)) {
      seen.add(p.key);
      unique.push({ ...row, index: p.index });
      if (shard !== undefined) shards.set(shard, (shards.get(shard) ?? 0) + 1);
    }
    return { ...row, index: p.index };
  });
  const fromShards = [...shards.values()].reduce((a, b) => a + b, 0);
  return { rows, unique, fromShards, shards: shards.size };
}

/** Writes points.ndjson whole (under a temporary name, then renamed: a kill leaves the old file or the new). */
export function writePoints(dir: string, unique: SweepRow[]): void {
  const file = join(dir, POINTS_FILE);
  writeFileAtomic(file, unique.map((r) => JSON.stringify(r) + '\n').join(''), `${file}.${process.pid}.tmp`);
}

/**
 * Runs `merge` unless another process of the folder is merging (the last shards of an array can
 * end together): the lock file is created exclusively and removed after. Returns false when it
 * was taken. A lock left by a killed merge is older than any merge takes; --merge by hand ignores it.
 */
export async function withMergeLock(dir: string, merge: () => Promise<void>): Promise<boolean> {
  const lock = join(dir, SHARDS_DIR, 'merge.lock');
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    if (Date.now() - statSync(lock).mtimeMs < 10 * 60_000) return false;
    fd = openSync(lock, 'w');
  }
  closeSync(fd);
  try {
    await merge();
  } finally {
    unlinkSync(lock);
  }
  return true;
}
