import { writeFileAtomic } from '../out-path';
import { toOneSpec } from '../spec/one-spec';
import { appendFileSync, existsSync, mkdirSync, statSync } from 'fs';
import { join } from 'path';
import { SHARDS_DIR, Shard, inShard, readSharedRows, shardFile, shardFiles, shardName, withMergeLock } from '../analysis/sweep-shards';
import { SpecError } from '../errors';
import { LearnResult, prepareLearn } from '../learning/learn';
import { LearnSpec, readLearnSpec } from '../learning/learn-spec';
import { runSeeds } from '../learning/seed-runs';
import { readNdjson } from '../ndjson';
import { PoolJobError } from '../parallel/worker-pool';
import { CliArgs } from './command-def';
import { RunDir, givenFlags, openRunDir, readStatus, storedSpec, tracked } from './run-dir';
import { FINISHED_FILE, SEED_LIST_FILE, SeedLine, runAll } from './seed-folder';
import { ClusterOpts, resubmitHint, statusHead, submitArray, taskState } from './slurm-array';

/**
 * `phaseless seeds` on a cluster, as `sweep` (sweep-cluster.ts): shard i/N runs the seeds at
 * positions i mod N of the seed list into shards/seeds-i-of-N.ndjson; the last shard to finish
 * merges into the files of a local run (seed-results.ndjson in seed-list order, metrics.ndjson,
 * seeds.json, the curves); --slurm submits all shards as a job array. A seed's run is a pure
 * function of its spec and seed, so it is the same on any shard and locally.
 */

interface SeedsRun {
  dir: string;
  base: LearnSpec;
  seeds: number[];
}

/** A seeds folder: spec.json and seed-list.json. */
function seedsFolder(flag: string, dir: string): SeedsRun {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SpecError(flag, `a seeds folder (${dir} is not a folder)`, dir);
  for (const f of ['spec.json', SEED_LIST_FILE]) if (!existsSync(join(dir, f))) throw new SpecError(flag, `a seeds folder (${join(dir, f)} is missing)`, dir);
  return { dir, base: readLearnSpec(storedSpec(dir)), seeds: storedSpec(dir, SEED_LIST_FILE) as number[] };
}

/** A new folder for the run, every seed's spec checked first (as `phaseless seeds` makes it). */
function newSeedsFolder(dir: string, base: LearnSpec, seeds: number[]): void {
  RunDir.check(dir);
  for (const seed of seeds) prepareLearn(readLearnSpec({ ...base, seed }));
  const d = RunDir.create(dir);
  d.json('spec.json', toOneSpec(base));
  d.json(SEED_LIST_FILE, seeds);
}

/** The run's folder: the one given with --resume (no flag that changes the run), or a new one. */
function openRun(args: CliArgs<ClusterOpts & { seeds: number[] }>, base: () => LearnSpec, fresh: () => string): { run: SeedsRun; isNew: boolean } {
  if (args.opts.resume !== undefined) {
    for (const f of givenFlags(args)) {
      if (['--seeds', '--engine'].includes(f)) throw new SpecError(f, 'not given with --resume (the folder holds the seeds and the spec)');
    }
    const run = seedsFolder('--resume', args.opts.resume);
    if (readStatus(run.dir)?.status === 'done') throw new SpecError('--resume', `an unfinished run (${run.dir} is done)`, run.dir);
    return { run, isNew: false };
  }
  return { run: { dir: args.opts.out ?? fresh(), base: base(), seeds: args.opts.seeds }, isNew: true };
}

/** The seeds as a local run counts them: each seed once, at its first position. */
const uniqueSeeds = (seeds: number[]): number[] => [...new Set(seeds)];

/** Finished results by seed, from seed-results.ndjson and every shard's file. */
function finishedSeeds(dir: string): Map<number, LearnResult> {
  const done = new Map<number, LearnResult>();
  for (const l of readSharedRows<SeedLine>(join(dir, FINISHED_FILE))) done.set(l.seed, l.result);
  for (const f of shardFiles(dir, 'seeds')) for (const l of readSharedRows<SeedLine>(f.path)) if (!done.has(l.seed)) done.set(l.seed, l.result);
  return done;
}

/**
 * `seeds (spec.json --out DIR | --resume DIR) --shard i/N`: runs the shard's seeds not finished
 * yet on worker threads, then, when every seed of the run is finished, merges.
 */
export async function seedsShardCommand(args: CliArgs<ClusterOpts & { seeds: number[] }>, base: () => LearnSpec, fresh: () => string): Promise<void> {
  const shard = args.opts.shard!;
  const { run, isNew } = openRun(args, base, fresh);
  if (isNew) newSeedsFolder(run.dir, run.base, run.seeds);
  const { dir, seeds } = run;
  mkdirSync(join(dir, SHARDS_DIR), { recursive: true });
  const own = join(dir, shardFile(shard, 'seeds'));
  readNdjson(own); // cuts a line a killed run of this shard left half written
  const done = finishedSeeds(dir);
  const mine = uniqueSeeds(seeds).filter((s, j) => inShard(j, shard));
  const todo = mine.filter((s) => !done.has(s));
  process.stderr.write(`seeds shard ${shardName(shard)}: ${mine.length} seeds, ${mine.length - todo.length} already finished, ${todo.length} to run\n`);
  try {
    await runSeeds(run.base, todo, (seed, r) => {
      appendFileSync(own, JSON.stringify({ seed, result: r } satisfies SeedLine) + '\n');
      process.stderr.write(`  seed ${seed}: error ratio ${r.errorRatio.toFixed(3)}\n`);
    }, args.opts.workers);
  } catch (e) {
    if (e instanceof PoolJobError) e.message += `; the shard's other seeds are saved ('phaseless seeds --status ${dir}'; 'phaseless seeds --resume ${dir} --slurm' runs only the missing ones)`;
    throw e;
  }
  const finished = finishedSeeds(dir);
  const left = uniqueSeeds(seeds).filter((s) => !finished.has(s)).length;
  process.stdout.write(`shard ${shardName(shard)}: ${mine.length} seeds, ${todo.length} run, ${mine.length - todo.length} already finished; wrote ${own}\n`);
  if (left > 0) {
    process.stdout.write(`seeds: ${uniqueSeeds(seeds).length - left} of ${uniqueSeeds(seeds).length} finished; the last shard to finish merges\n`);
    return;
  }
  if (!(await withMergeLock(dir, () => merge(run)))) process.stdout.write('seeds: every seed is finished; another shard is merging\n');
}

/** Refuses a merge with seeds missing, naming what to do. */
function missingSeeds(run: SeedsRun): void {
  const done = finishedSeeds(run.dir);
  const missing = uniqueSeeds(run.seeds).filter((s) => !done.has(s));
  if (missing.length > 0) {
    throw new SpecError(
      '--merge',
      `a run whose seeds are all finished (${run.dir}: seeds ${missing.join(',')} are not; 'phaseless seeds --status ${run.dir}' shows the tasks, 'phaseless seeds --resume ${run.dir} --slurm' runs only those)`,
    );
  }
}

/** Writes the files of a local run: seed-results.ndjson (seed-list order), metrics, seeds.json, the curves. */
async function merge(run: SeedsRun): Promise<void> {
  missingSeeds(run);
  const done = finishedSeeds(run.dir);
  const lines = uniqueSeeds(run.seeds).map((seed) => ({ seed, result: done.get(seed)! }) satisfies SeedLine);
  await tracked(run.dir, 'seeds', async () => {
    const file = join(run.dir, FINISHED_FILE);
    writeFileAtomic(file, lines.map((l) => JSON.stringify(l) + '\n').join(''), `${file}.${process.pid}.tmp`);
    // Every seed is finished: runAll runs none and writes what a local run ends with.
    await runAll(run.base, run.seeds, 1, openRunDir(run.dir), run.dir, lines);
  });
}

/** `seeds --merge DIR`. */
export async function seedsMergeCommand(args: CliArgs<ClusterOpts>): Promise<void> {
  const run = seedsFolder('--merge', args.opts.merge!);
  missingSeeds(run);
  await merge(run);
}

/** `seeds --status DIR`: seeds finished and pending, per shard, with the tasks' states. */
export function seedsStatusCommand(args: CliArgs<ClusterOpts>): void {
  const run = seedsFolder('--status', args.opts.status!);
  const seeds = uniqueSeeds(run.seeds);
  const done = finishedSeeds(run.dir);
  const n = seeds.filter((s) => done.has(s)).length;
  const { lines, last, states } = statusHead(run.dir, `seeds in ${run.dir}: ${seeds.length} seeds, ${n} finished, ${seeds.length - n} pending`, n, seeds.length);
  if (readStatus(run.dir)?.status === 'done' && n === seeds.length) lines.splice(2, 0, 'merged: seed-results.ndjson, metrics.ndjson and seeds.json are complete');
  const count = last?.arraySize ?? Math.max(0, ...shardFiles(run.dir, 'seeds').map((f) => f.shard.count));
  for (let i = 0; i < count; i++) {
    const s: Shard = { index: i, count };
    const mine = seeds.filter((_, j) => inShard(j, s));
    const pending = mine.filter((x) => !done.has(x));
    lines.push(`  shard ${shardName(s).padEnd(7)} ${`${mine.length - pending.length}/${mine.length}`.padStart(11)} finished${pending.length ? ` (pending: seeds ${pending.join(',')})` : ''}  ${taskState(states, i)}`.trimEnd());
  }
  if (n < seeds.length && last) lines.push(...resubmitHint('seeds', run.dir, states, 'seeds'));
  process.stdout.write(lines.join('\n') + '\n');
}

/** `seeds (spec.json [--out DIR] | --resume DIR) --slurm`: the seeds as a SLURM job array. */
export function seedsSlurmCommand(args: CliArgs<ClusterOpts & { seeds: number[] }>, base: () => LearnSpec, fresh: () => string): void {
  const { run, isNew } = openRun(args, base, fresh);
  const seeds = uniqueSeeds(run.seeds);
  submitArray({
    command: 'seeds',
    opts: args.opts,
    dir: run.dir,
    units: seeds.length,
    jobName: 'phaseless-seeds',
    check: () => {
      // Every seed's spec (and its estimated time, unless --allow-long) before anything is written.
      if (isNew) {
        RunDir.check(run.dir);
        for (const seed of seeds) prepareLearn(readLearnSpec({ ...run.base, seed }));
      }
    },
    prepare: () => {
      if (isNew) newSeedsFolder(run.dir, run.base, run.seeds);
    },
    describe: () => {
      const done = finishedSeeds(run.dir);
      return `${seeds.filter((s) => !done.has(s)).length} of ${seeds.length} seeds`;
    },
  });
}
