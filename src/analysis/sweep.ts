import { appendFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'fs';
import { readNdjson } from '../ndjson';
import { makeOutDir } from '../out-path';
import { availableParallelism } from 'os';
import { extname, join } from 'path';
import { PoolJobError, runPool } from '../parallel/worker-pool';
import { SpecError } from '../errors';
import { checkDuration } from '../budget';
import { PointReply, PointRequest, computePoint, experiments } from './experiments';
import { SweepPoint, SweepSpec, stableKey, sweepPoints } from './sweep-spec';

/**
 * Runs a sweep on a pool of worker threads. Each finished point is appended to
 * DIR/points.ndjson at once, so an interrupted sweep loses at most the points in flight; run
 * again with the same spec and folder, it skips every point already in the file (matched by
 * the point's parameters, not its position) and computes only the rest.
 */
export interface SweepRow {
  index: number;
  key: string;
  point: Record<string, unknown>;
  result: Record<string, unknown>;
  seconds: number;
}

/** Where a sweep writes and how many workers it uses. */
export interface SweepOptions {
  dir: string;
  /** Overrides spec.workers. Default: all cores. 0 computes in the calling thread. */
  workers?: number;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

/**
 * What a sweep produced: all rows, how many were computed now and how many were reused from an
 * earlier run.
 */
export interface SweepOutcome {
  rows: SweepRow[];
  computed: number;
  reused: number;
  workers: number;
  wallSeconds: number;
  /** Sum of the computed points' own times (CPU-seconds of work this session). */
  computeSeconds: number;
}

export const POINTS_FILE = 'points.ndjson';
export const SPEC_FILE = 'sweep.json';

/** The spec as stored: everything that defines the points (the worker count does not). */
function storedSpec(spec: SweepSpec): Omit<SweepSpec, 'workers'> {
  const { workers: _w, ...rest } = spec;
  return rest;
}

/** Creates the folder, or checks that it holds this very sweep (then it resumes). */
export function prepareSweepDir(dir: string, spec: SweepSpec): void {
  const stored = storedSpec(spec);
  if (!existsSync(dir) || (statSync(dir).isDirectory() && readdirSync(dir).length === 0)) {
    makeOutDir(dir);
    writeFileSync(join(dir, SPEC_FILE), JSON.stringify(stored, null, 2) + '\n');
    return;
  }
  if (!statSync(dir).isDirectory()) throw new SpecError('--out', `a folder (${dir} is a file)`, dir);
  const specPath = join(dir, SPEC_FILE);
  if (!existsSync(specPath)) throw new SpecError('--out', `a new or empty folder, or the folder of this sweep (${dir} holds other files)`);
  let previous: unknown;
  try {
    previous = JSON.parse(readFileSync(specPath, 'utf8'));
  } catch {
    throw new SpecError('--out', `a sweep folder with a readable ${SPEC_FILE}`, specPath);
  }
  if (stableKey(previous) !== stableKey(stored)) {
    throw new SpecError('--out', `a new folder, or the folder of this same sweep (${specPath} describes a different sweep)`);
  }
}

/** Finished rows by key. A last line cut short by an interruption is dropped (and cut from the file). */
export function readFinished(dir: string): Map<string, SweepRow> {
  return new Map(readNdjson<SweepRow>(join(dir, POINTS_FILE)).map((row) => [row.key, row]));
}

/**
 * Refuses, before the folder is made, a sweep estimated past the long-run limit (a day) on its
 * workers, naming its longest point: a point of 1e21 amplitudes or a period of 1e15 dt steps
 * otherwise ran with no end. A sweep is resumable, so a long study can go in parts.
 */
export function checkSweepDuration(spec: SweepSpec, points: SweepPoint[], workers: number): void {
  const exp = experiments[spec.experiment];
  let total = 0;
  let longest = points[0];
  let longestSeconds = -1;
  for (const p of points) {
    const s = exp.seconds(p.point);
    total += s;
    if (!(s <= longestSeconds)) [longest, longestSeconds] = [p, s];
  }
  if (!longest) return;
  const field = points.length === 1 ? `point ${longest.index}` : 'sweep';
  const what = `${points.length} ${spec.experiment} point(s) on ${Math.max(1, workers)} worker(s) (the longest, point ${longest.index}, ${longestSeconds.toPrecision(3)} s)`;
  checkDuration(field, Math.max(total / Math.max(1, workers), longestSeconds), what, false, 'fewer points, fewer amplitudes or a larger dt make it shorter');
}

/** Worker threads a sweep runs on: the flag's, else the spec's, else one per core. */
export function sweepWorkers(spec: SweepSpec, workers?: number): number {
  return workers ?? spec.workers ?? availableParallelism();
}

/**
 * Runs the sweep's points not already in dir/points.ndjson on a worker pool, appending each as it
 * finishes (so a cut sweep resumes).
 */
export async function runSweep(spec: SweepSpec, opts: SweepOptions): Promise<SweepOutcome> {
  const points = sweepPoints(spec);
  const workers = sweepWorkers(spec, opts.workers);
  checkSweepDuration(spec, points, workers);
  prepareSweepDir(opts.dir, spec);
  const done = readFinished(opts.dir);
  const seen = new Set<string>();
  const pending = points.filter((p) => !done.has(p.key) && !seen.has(p.key) && seen.add(p.key) !== undefined);
  const reused = points.filter((p) => done.has(p.key)).length;
  const log = opts.log ?? ((line: string) => void process.stderr.write(line + '\n'));
  const started = Date.now();
  let computed = 0;
  let computeSeconds = 0;
  let lastLog = 0;
  log(`sweep ${spec.experiment}: ${points.length} points, ${reused} already done, ${pending.length} to compute on ${Math.min(workers, pending.length)} worker(s)`);

  const record = (p: SweepPoint, reply: PointReply) => {
    if ('error' in reply) throw new SpecError(`point ${p.index}`, 'a point that computes', `${reply.error} (${p.key})`);
    const row: SweepRow = { index: p.index, key: p.key, point: p.point, result: reply.result as Record<string, unknown>, seconds: reply.seconds };
    appendFileSync(join(opts.dir, POINTS_FILE), JSON.stringify(row) + '\n');
    done.set(p.key, row);
    computed++;
    computeSeconds += reply.seconds;
    // At most one line a second (and the last point), so fast sweeps do not flood stderr.
    if (Date.now() - lastLog < 1000 && computed < pending.length) return;
    lastLog = Date.now();
    const elapsed = (Date.now() - started) / 1000;
    const eta = (elapsed / computed) * (pending.length - computed);
    log(`  point ${computed}/${pending.length} (#${p.index}, ${reply.seconds.toFixed(1)} s) elapsed ${elapsed.toFixed(0)} s, ETA ${eta.toFixed(0)} s`);
  };
  const request = (p: SweepPoint): PointRequest => ({ index: p.index, experiment: spec.experiment, point: p.point });

  if (workers === 0 || pending.length <= 0) {
    for (const p of pending) record(p, computePoint(request(p)));
  } else {
    // Workers call computePoint of the experiments module (compiled JS, or TS from source).
    const module = join(__dirname, `experiments${extname(__filename)}`);
    const jobs = pending.map((p) => ({ module, fn: 'computePoint', args: [request(p)] }));
    try {
      await runPool<PointReply>(jobs, (i, reply) => record(pending[i], reply), Math.min(workers, pending.length));
    } catch (e) {
      // Name the point; every other point is saved, so running again into the folder resumes.
      if (e instanceof PoolJobError) e.message = `point #${pending[e.job].index}: ${e.message}; the other points are saved (run again into ${opts.dir} to resume)`;
      throw e;
    }
  }
  return {
    rows: points.map((p) => done.get(p.key)!).map((r, i) => ({ ...r, index: points[i].index })),
    computed,
    reused,
    workers: Math.min(workers, pending.length),
    wallSeconds: (Date.now() - started) / 1000,
    computeSeconds,
  };
}

