import { existsSync, statSync } from 'fs';
import { availableParallelism } from 'os';
import { join } from 'path';
import { SPEC_FILE, checkSweepDuration, prepareSweepDir } from '../analysis/sweep';
import { firstOccurrences, inShard, mergedRows, runShard, shardFiles, shardName, sweepProgress, withMergeLock, writePoints } from '../analysis/sweep-shards';
import { SweepSpec, readSweepSpec, sweepPoints } from '../analysis/sweep-spec';
import { SpecError } from '../errors';
import { CliArgs } from './command-def';
import { readStatus, storedSpec, tracked } from './run-dir';
import { ClusterOpts, jobs, resubmitHint, statusHead, submitArray, taskState } from './slurm-array';
import { writeSweepReport } from './sweep-report';

/**
 * The cluster side of `phaseless sweep`: one shard of a sweep (--shard i/N, what each SLURM
 * task runs), a SLURM job array of all shards (--slurm, slurm-array.ts), where a sharded sweep
 * stands (--status) and its merge into the files of a local run (--merge).
 */

/** A sweep folder (it holds sweep.json) and its spec. */
function sweepFolder(flag: string, dir: string): { dir: string; spec: SweepSpec } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SpecError(flag, `a sweep folder (${dir} is not a folder)`, dir);
  if (!existsSync(join(dir, SPEC_FILE))) throw new SpecError(flag, `a sweep folder (${join(dir, SPEC_FILE)} is missing)`, dir);
  try {
    return { dir, spec: readSweepSpec(storedSpec(dir, SPEC_FILE)) };
  } catch (e) {
    if (e instanceof SpecError && e.field === '--resume') throw new SpecError(flag, e.expected, e.got);
    throw e;
  }
}

/**
 * `sweep (spec.json --out DIR | --resume DIR) --shard i/N`: computes the shard's points not done
 * yet, then, when no point of the sweep is left, merges (the last shard of an array to end does).
 * A failed point ends it with exit code 2 after the others are saved, so SLURM marks the task FAILED.
 */
export async function shardCommand(args: CliArgs<ClusterOpts>, specFromFile: () => SweepSpec): Promise<void> {
  const shard = args.opts.shard!;
  let dir: string;
  let spec: SweepSpec;
  if (args.opts.resume !== undefined) ({ dir, spec } = sweepFolder('--resume', args.opts.resume));
  else {
    spec = specFromFile();
    dir = args.opts.out!;
  }
  const points = sweepPoints(spec);
  const workers = args.opts.workers ?? spec.workers ?? availableParallelism();
  checkSweepDuration(spec, points.filter((p) => inShard(p.index, shard)), workers);
  if (args.opts.resume === undefined) prepareSweepDir(dir, spec);
  const out = await runShard(spec, points, dir, shard, workers, (line) => void process.stderr.write(line + '\n'));
  process.stdout.write(
    `shard ${shardName(shard)}: ${out.points} points, ${out.computed} computed, ${out.reused} already done, ${out.failed.length} failed, ${out.wallSeconds.toFixed(1)} s; ` +
      `wrote ${join(dir, 'shards')}\n`,
  );
  if (out.failed.length > 0) {
    const first = out.failed[0];
    throw new SpecError(
      `point #${first.index}`,
      `a point that computes (${out.failed.length} point(s) of shard ${shardName(shard)} failed, the others are saved; ` +
        `'phaseless sweep --status ${dir}' lists them; fix the cause and resubmit with 'phaseless sweep --resume ${dir} --slurm' to compute only the missing ones)`,
      first.error,
    );
  }
  const progress = sweepProgress(dir, points);
  if (progress.done < progress.points) {
    process.stdout.write(`sweep: ${progress.done} of ${progress.points} points done; the last shard to finish merges\n`);
    return;
  }
  const merged = await withMergeLock(dir, () => merge(dir, spec));
  if (!merged) process.stdout.write('sweep: every point is done; another shard is merging\n');
}

/** Writes points.ndjson (point order), summary.json and the figure, as a local run leaves them. */
async function merge(dir: string, spec: SweepSpec): Promise<void> {
  const points = sweepPoints(spec);
  const { rows, unique, fromShards, shards } = mergedRows(dir, points);
  const started = statSync(join(dir, SPEC_FILE)).mtimeMs;
  await tracked(dir, 'sweep', async () => {
    writePoints(dir, unique);
    const computeSeconds = unique.reduce((s, r) => s + r.seconds, 0);
    const wallSeconds = (Date.now() - started) / 1000;
    // workers: the shards that computed points (each a task of its own).
    const timing = { points: rows.length, computed: fromShards, resumed: unique.length - fromShards, workers: shards, wallSeconds, computeSeconds };
    await writeSweepReport(
      dir,
      spec,
      rows.map((r) => r.result),
      timing,
      `${spec.experiment}: merged ${unique.length} points (${fromShards} from shards), ${wallSeconds.toFixed(1)} s since the folder was made (${computeSeconds.toFixed(1)} s of point time)`,
    );
  });
}

/** `sweep --merge DIR`: the merge by hand (when the last task could not, or to redo it). */
export async function mergeCommand(args: CliArgs<ClusterOpts>): Promise<void> {
  const { dir, spec } = sweepFolder('--merge', args.opts.merge!);
  // Checked before status.json is touched: a sweep with missing points stays as it was.
  mergedRows(dir, sweepPoints(spec));
  await merge(dir, spec);
}

/** `sweep --status DIR`: points done, failed and pending, per shard, with the SLURM tasks' states when SLURM answers. */
export function statusCommand(args: CliArgs<ClusterOpts>): void {
  const { dir, spec } = sweepFolder('--status', args.opts.status!);
  const points = sweepPoints(spec);
  const counts = shardFiles(dir, 'points').map((f) => f.shard.count);
  const lastJob = jobs(dir).at(-1);
  const p = sweepProgress(dir, points, lastJob?.arraySize ?? (counts.length > 0 ? Math.max(...counts) : undefined));
  const { lines, last, states } = statusHead(dir, `sweep ${spec.experiment} in ${dir}: ${p.points} points, ${p.done} done, ${p.failed.length} failed, ${p.pending.length} pending`, p.done, p.points);
  if (readStatus(dir)?.status === 'done' && p.done === p.points) lines.splice(2, 0, 'merged: points.ndjson and summary.json are complete');
  for (const s of p.shards) {
    lines.push(`  shard ${shardName(s.shard).padEnd(7)} ${`${s.done}/${s.points}`.padStart(11)} done ${String(s.failed).padStart(5)} failed ${String(s.pending).padStart(5)} pending  ${taskState(states, s.shard.index)}`.trimEnd());
  }
  for (const f of p.failed.slice(0, 10)) lines.push(`  failed point #${f.index} (shard ${f.shard}): ${f.error}`);
  if (p.failed.length > 10) lines.push(`  ... ${p.failed.length - 10} more failed points in ${join(dir, 'shards')}/failed-*.ndjson`);
  if (p.done < p.points && last) lines.push(...resubmitHint('sweep', dir, states, 'points'));
  process.stdout.write(lines.join('\n') + '\n');
}

/**
 * `sweep (spec.json [--out DIR] | --resume DIR) --slurm`: writes slurm/sweep-K.sbatch, submits it
 * with sbatch, records the job id in slurm/jobs.ndjson and prints it. With --dry-run it prints
 * the script and writes and submits nothing. Resubmitting a folder computes only what is missing.
 */
export async function slurmCommand(args: CliArgs<ClusterOpts>, specFromFile: () => SweepSpec, freshDir: (experiment: string) => string): Promise<void> {
  const o = args.opts;
  let dir: string;
  let spec: SweepSpec;
  if (o.resume !== undefined) {
    ({ dir, spec } = sweepFolder('--resume', o.resume));
    if (readStatus(dir)?.status === 'done') throw new SpecError('--resume', `an unfinished sweep (${dir} is done)`, dir);
  } else {
    spec = specFromFile();
    dir = o.out ?? freshDir(spec.experiment);
  }
  const points = sweepPoints(spec);
  const unique = firstOccurrences(points).length;
  submitArray({
    command: 'sweep',
    opts: o,
    dir,
    units: unique,
    jobName: `phaseless-${spec.experiment}`,
    check: (cores) => checkSweepDuration(spec, points, cores),
    prepare: () => {
      if (o.resume === undefined) prepareSweepDir(dir, spec);
    },
    describe: () => {
      const progress = sweepProgress(dir, points);
      return `${progress.points - progress.done} of ${unique} points of ${spec.experiment}`;
    },
  });
}
