import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, appendFileSync } from 'fs';
import { availableParallelism } from 'os';
import { extname, join, resolve } from 'path';
import { SPEC_FILE, checkSweepDuration, prepareSweepDir } from '../analysis/sweep';
import { MAX_SHARDS, Shard, firstOccurrences, inShard, mergedRows, runShard, shardFiles, shardName, sweepProgress, withMergeLock, writePoints } from '../analysis/sweep-shards';
import { SweepSpec, readSweepSpec, sweepPoints } from '../analysis/sweep-spec';
import { SpecError } from '../errors';
import { readNdjson } from '../ndjson';
import { batchScript } from '../slurm/batch-script';
import { checkSbatch, liveTasks, submit, taskStates } from '../slurm/submit';
import { CliArgs } from './command-def';
import { givenFlags, readStatus, storedSpec, tracked } from './run-dir';
import { writeSweepReport } from './sweep-report';

/**
 * The cluster side of `phaseless sweep`: one shard of a sweep (--shard i/N, what each SLURM
 * task runs), a SLURM job array of all shards (--slurm), where a sharded sweep stands (--status)
 * and its merge into the files of a local run (--merge). The folder is the only shared state:
 * shards/ holds each shard's results, slurm/ the batch scripts, the tasks' logs and the job ids.
 */

export interface ClusterOpts {
  out?: string;
  workers?: number;
  resume?: string;
  shard?: Shard;
  slurm?: boolean;
  arraySize?: number;
  partition?: string;
  account?: string;
  time?: string;
  cpusPerTask?: number;
  preamble?: string;
  dryRun?: boolean;
  status?: string;
  merge?: string;
}

/** Array tasks when --array-size is not given (at most one per point). */
export const DEFAULT_ARRAY_SIZE = 8;
const JOBS_FILE = 'slurm/jobs.ndjson';
const SLURM_ONLY = ['--array-size', '--partition', '--account', '--time', '--cpus-per-task', '--preamble', '--dry-run'];

interface JobLine {
  job: string;
  arraySize: number;
  script: string;
  submitted: string;
}

/**
 * Which flags go together, checked before anything else: --status and --merge take only their
 * folder, --shard and --slurm a spec with --out or a folder with --resume, and the SLURM flags
 * need --slurm.
 */
export function checkClusterFlags(args: CliArgs<ClusterOpts>): void {
  const given = givenFlags(args);
  const o = args.opts;
  for (const mode of ['--status', '--merge']) {
    if (!given.includes(mode)) continue;
    const other = given.find((f) => f !== mode);
    if (other) throw new SpecError(other, `not given with ${mode} (it takes only the sweep folder)`);
    if (args.positional.length > 0) throw new SpecError('sweep', `no spec file with ${mode} (the folder holds it)`, args.positional);
  }
  if (!o.slurm) {
    const stray = given.find((f) => SLURM_ONLY.includes(f));
    if (stray) throw new SpecError(stray, 'it only with --slurm');
  }
  if (o.slurm && o.shard) throw new SpecError('--shard', 'not given with --slurm (each array task runs its own shard)');
  if (o.slurm && given.includes('--workers')) throw new SpecError('--workers', 'not given with --slurm (each task uses --cpus-per-task threads)');
  if ((o.slurm || o.shard) && o.resume !== undefined) {
    if (args.positional.length > 0) throw new SpecError('sweep', 'no spec file with --resume (the folder holds it)', args.positional);
    if (o.out !== undefined) throw new SpecError('--out', 'not given with --resume (the folder is the one to resume)');
  }
  if (o.shard && o.resume === undefined && o.out === undefined) {
    throw new SpecError('--shard', 'a folder the shards share: --out DIR with a spec, or --resume DIR');
  }
}

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

function jobs(dir: string): JobLine[] {
  return readNdjson<JobLine>(join(dir, JOBS_FILE));
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

const bar = (fraction: number, width = 30): string => '[' + '#'.repeat(Math.round(fraction * width)).padEnd(width, '.') + ']';

/** `sweep --status DIR`: points done, failed and pending, per shard, with the SLURM tasks' states when SLURM answers. */
export function statusCommand(args: CliArgs<ClusterOpts>): void {
  const { dir, spec } = sweepFolder('--status', args.opts.status!);
  const points = sweepPoints(spec);
  const submitted = jobs(dir);
  const last = submitted.at(-1);
  const counts = shardFiles(dir, 'points').map((f) => f.shard.count);
  const count = last?.arraySize ?? (counts.length > 0 ? Math.max(...counts) : undefined);
  const p = sweepProgress(dir, points, count);
  const states = last ? taskStates(last.job) : undefined;
  const lines = [
    `sweep ${spec.experiment} in ${dir}: ${p.points} points, ${p.done} done, ${p.failed.length} failed, ${p.pending.length} pending`,
    `${bar(p.points ? p.done / p.points : 1)} ${((100 * p.done) / Math.max(1, p.points)).toFixed(0)}%`,
  ];
  const status = readStatus(dir);
  if (status?.status === 'done' && p.done === p.points) lines.push('merged: points.ndjson and summary.json are complete');
  if (last) lines.push(`SLURM job ${last.job} (${submitted.length} submission(s)), ${last.arraySize} tasks; task states ${states ? `from ${states.source}` : 'unknown (no squeue, sacct or scontrol answered)'}`);
  for (const j of submitted.slice(0, -1)) {
    const live = liveTasks(j.job);
    if (live) lines.push(`  an earlier job, ${j.job} (${j.arraySize} tasks), has ${live} task(s) queued or running`);
  }
  for (const s of p.shards) {
    const state = states?.tasks.get(s.shard.index) ?? (states ? 'gone from the queue' : '');
    lines.push(`  shard ${shardName(s.shard).padEnd(7)} ${`${s.done}/${s.points}`.padStart(11)} done ${String(s.failed).padStart(5)} failed ${String(s.pending).padStart(5)} pending  ${state}`.trimEnd());
  }
  for (const f of p.failed.slice(0, 10)) lines.push(`  failed point #${f.index} (shard ${f.shard}): ${f.error}`);
  if (p.failed.length > 10) lines.push(`  ... ${p.failed.length - 10} more failed points in ${join(dir, 'shards')}/failed-*.ndjson`);
  if (p.done < p.points && last) {
    const stillQueued = states && [...states.tasks.values()].some((s) => /PENDING|RUNNING|CONFIGURING|COMPLETING/.test(s));
    if (!stillQueued) lines.push(`not done and no task queued: 'phaseless sweep --resume ${dir} --slurm' computes only the missing points (task logs: ${join(dir, 'slurm')})`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

/**
 * The program each task runs: this very CLI, compiled (dist/cli/main.js). Run from the
 * TypeScript sources (the tests), it is the package's dist/, which `npm run build` makes.
 */
function cliEntry(): string {
  return extname(__filename) === '.js' ? join(__dirname, 'main.js') : resolve(__dirname, '..', '..', 'dist', 'cli', 'main.js');
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
  const arraySize = Math.min(o.arraySize ?? DEFAULT_ARRAY_SIZE, unique, MAX_SHARDS);
  const cpus = o.cpusPerTask ?? 1;
  checkSweepDuration(spec, points, arraySize * cpus);
  let preamble: string | undefined;
  if (o.preamble !== undefined) {
    try {
      preamble = readFileSync(o.preamble, 'utf8');
    } catch (e) {
      throw new SpecError('--preamble', `a readable file of shell lines (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, o.preamble);
    }
  }
  const abs = resolve(dir);
  const script = batchScript({
    command: [process.execPath, cliEntry(), 'sweep', '--resume', abs],
    dir: abs,
    arraySize,
    jobName: `phaseless-${spec.experiment}`,
    cpusPerTask: cpus,
    partition: o.partition,
    account: o.account,
    time: o.time,
    preamble,
  });
  const slurmDir = join(abs, 'slurm');
  const n = existsSync(slurmDir) ? readdirSync(slurmDir).filter((f) => /^sweep-\d+\.sbatch$/.test(f)).length + 1 : 1;
  const scriptPath = join(slurmDir, `sweep-${n}.sbatch`);
  if (o.dryRun) {
    process.stdout.write(script);
    process.stderr.write(`dry run: nothing written or submitted (the script would be ${scriptPath}; without --dry-run, sbatch submits it)\n`);
    return;
  }
  checkSbatch();
  // Two arrays on one folder would compute the same points twice, and with the same size write
  // the same shard files at once: the same sweep is submitted again only when none is queued.
  if (existsSync(join(dir, JOBS_FILE))) {
    for (const j of jobs(dir)) {
      const live = liveTasks(j.job);
      if (live) throw new SpecError('--slurm', `no job of this sweep still queued (job ${j.job} has ${live} task(s) queued or running: wait for them, or scancel ${j.job})`);
    }
  }
  if (o.resume === undefined) prepareSweepDir(dir, spec);
  mkdirSync(slurmDir, { recursive: true });
  writeFileSync(scriptPath, script, { mode: 0o755 });
  const job = submit(scriptPath);
  appendFileSync(join(abs, JOBS_FILE), JSON.stringify({ job, arraySize, script: scriptPath, submitted: new Date().toISOString() } satisfies JobLine) + '\n');
  const progress = sweepProgress(dir, points);
  const pending = progress.points - progress.done;
  process.stdout.write(
    [
      `submitted job ${job}: ${arraySize} array tasks for ${pending} of ${unique} points of ${spec.experiment}, into ${dir}`,
      `progress: phaseless sweep --status ${dir}`,
      `the last task to finish merges; if it cannot: phaseless sweep --merge ${dir}`,
    ].join('\n') + '\n',
  );
}
