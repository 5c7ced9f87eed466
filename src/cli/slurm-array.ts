import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { extname, join, resolve } from 'path';
import { MAX_SHARDS, Shard, parseShard } from '../analysis/sweep-shards';
import { SpecError } from '../errors';
import { readNdjson } from '../ndjson';
import { batchScript, slurmName, timeLimit } from '../slurm/batch-script';
import { TaskStates, checkSbatch, liveTasks, submit, taskStates } from '../slurm/submit';
import { CliArgs } from './command-def';
import { flag, integer, text, toggle } from './flags';
import { givenFlags } from './run-dir';

/**
 * What `sweep` and `seeds` share on a cluster: the flags of a SLURM job array, the rules between
 * them, the submission (batch script in slurm/, sbatch, the job id in slurm/jobs.ndjson) and the
 * SLURM part of --status. The folder is the only shared state: shards/ holds each shard's
 * results, slurm/ the batch scripts, the tasks' logs and the job ids.
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

/** Array tasks when --array-size is not given (at most one per point or seed). */
export const DEFAULT_ARRAY_SIZE = 8;
export const JOBS_FILE = 'slurm/jobs.ndjson';
const SLURM_ONLY = ['--array-size', '--partition', '--account', '--time', '--cpus-per-task', '--preamble', '--dry-run'];

/** The cluster flags of a command whose units (points, seeds) can be sharded. */
export const clusterFlags = (units: string) => ({
  shard: flag('--shard <i/N>', `compute only shard i of N (the ${units} at positions i mod N) into the folder's shards/; the last shard to finish merges`, parseShard),
  slurm: toggle('--slurm', `submit as a SLURM job array (sbatch), one shard per task, instead of running here`),
  arraySize: flag('--array-size <N>', `with --slurm: array tasks (default: ${DEFAULT_ARRAY_SIZE}, at most one per ${units.replace(/s$/, '')})`, integer(1, { max: MAX_SHARDS, why: "SLURM's default MaxArraySize is 1001" })),
  cpusPerTask: flag('--cpus-per-task <C>', 'with --slurm: cores (worker threads) per task (default: 1)', integer(1)),
  partition: flag('--partition <P>', "with --slurm: the SLURM partition (default: the cluster's)", slurmName),
  account: flag('--account <A>', 'with --slurm: the SLURM account to charge', slurmName),
  time: flag('--time <HH:MM:SS>', "with --slurm: time limit per task, HH:MM:SS or D-HH:MM:SS (default: the partition's)", timeLimit),
  preamble: flag('--preamble <FILE>', 'with --slurm: shell lines each task runs first (module load nodejs, ...)', text),
  dryRun: toggle('--dry-run', 'with --slurm: print the batch script; write and submit nothing'),
  status: flag('--status <DIR>', `where a sharded run stands: ${units} done and pending per shard, and the SLURM tasks' states`, text),
  merge: flag('--merge <DIR>', `merge the shards of a finished run into the files of a local run`, text),
});

export interface JobLine {
  job: string;
  arraySize: number;
  script: string;
  submitted: string;
}

export function jobs(dir: string): JobLine[] {
  return readNdjson<JobLine>(join(dir, JOBS_FILE));
}

/**
 * Which flags go together, checked before anything else: --status and --merge take only their
 * folder, --shard and --slurm a spec with --out or a folder with --resume, and the SLURM flags
 * need --slurm.
 */
export function checkClusterFlags(args: CliArgs<ClusterOpts>, command: string): void {
  const given = givenFlags(args);
  const o = args.opts;
  for (const mode of ['--status', '--merge']) {
    if (!given.includes(mode)) continue;
    const other = given.find((f) => f !== mode);
    if (other) throw new SpecError(other, `not given with ${mode} (it takes only the folder)`);
    if (args.positional.length > 0) throw new SpecError(command, `no spec file with ${mode} (the folder holds it)`, args.positional);
  }
  if (!o.slurm) {
    const stray = given.find((f) => SLURM_ONLY.includes(f));
    if (stray) throw new SpecError(stray, 'it only with --slurm');
  }
  if (o.slurm && o.shard) throw new SpecError('--shard', 'not given with --slurm (each array task runs its own shard)');
  if (o.slurm && given.includes('--workers')) throw new SpecError('--workers', 'not given with --slurm (each task uses --cpus-per-task threads)');
  if ((o.slurm || o.shard) && o.resume !== undefined) {
    if (args.positional.length > 0) throw new SpecError(command, 'no spec file with --resume (the folder holds it)', args.positional);
    if (o.out !== undefined) throw new SpecError('--out', 'not given with --resume (the folder is the one to resume)');
  }
  if (o.shard && o.resume === undefined && o.out === undefined) {
    throw new SpecError('--shard', 'a folder the shards share: --out DIR with a spec, or --resume DIR');
  }
}

const bar = (fraction: number, width = 30): string => '[' + '#'.repeat(Math.round(fraction * width)).padEnd(width, '.') + ']';

/** The first lines of --status: the counts, a progress bar, and the last job with where its tasks' states come from. */
export function statusHead(dir: string, counts: string, done: number, total: number): { lines: string[]; last?: JobLine; states?: TaskStates } {
  const submitted = jobs(dir);
  const last = submitted.at(-1);
  const states = last ? taskStates(last.job) : undefined;
  const lines = [counts, `${bar(total ? done / total : 1)} ${((100 * done) / Math.max(1, total)).toFixed(0)}%`];
  if (last) lines.push(`SLURM job ${last.job} (${submitted.length} submission(s)), ${last.arraySize} tasks; task states ${states ? `from ${states.source}` : 'unknown (no squeue, sacct or scontrol answered)'}`);
  for (const j of submitted.slice(0, -1)) {
    const live = liveTasks(j.job);
    if (live) lines.push(`  an earlier job, ${j.job} (${j.arraySize} tasks), has ${live} task(s) queued or running`);
  }
  return { lines, last, states };
}

/** A task's state for --status: SLURM's word for it, or that the queue forgot it. */
export const taskState = (states: TaskStates | undefined, task: number): string => states?.tasks.get(task) ?? (states ? 'gone from the queue' : '');

/** The hint at the end of --status when work is left and no task will do it. */
export function resubmitHint(command: string, dir: string, states: TaskStates | undefined, units: string): string[] {
  const stillQueued = states && [...states.tasks.values()].some((s) => /PENDING|RUNNING|CONFIGURING|COMPLETING/.test(s));
  return stillQueued ? [] : [`not done and no task queued: 'phaseless ${command} --resume ${dir} --slurm' computes only the missing ${units} (task logs: ${join(dir, 'slurm')})`];
}

/**
 * The program each task runs: this very CLI, compiled (dist/cli/main.js). Run from the
 * TypeScript sources (the tests), it is the package's dist/, which `npm run build` makes.
 */
function cliEntry(): string {
  return extname(__filename) === '.js' ? join(__dirname, 'main.js') : resolve(__dirname, '..', '..', 'dist', 'cli', 'main.js');
}

export interface ArrayRequest {
  command: 'sweep' | 'seeds';
  opts: ClusterOpts;
  dir: string;
  /** Points or seeds: the array has at most one task per unit. */
  units: number;
  jobName: string;
  /** Checks the run's cost on the array's cores before anything is written. */
  check(cores: number): void;
  /** Makes or checks the folder (a new run), just before the script is written. */
  prepare(): void;
  /** After the submission: e.g. "9 of 12 points of convergence". */
  describe(): string;
}

/**
 * `<command> (spec.json [--out DIR] | --resume DIR) --slurm`: writes slurm/<command>-K.sbatch,
 * submits it with sbatch, records the job id in slurm/jobs.ndjson and prints it. With --dry-run
 * it prints the script and writes and submits nothing.
 */
export function submitArray(r: ArrayRequest): void {
  const o = r.opts;
  const arraySize = Math.min(o.arraySize ?? DEFAULT_ARRAY_SIZE, r.units, MAX_SHARDS);
  const cpus = o.cpusPerTask ?? 1;
  r.check(arraySize * cpus);
  let preamble: string | undefined;
  if (o.preamble !== undefined) {
    try {
      preamble = readFileSync(o.preamble, 'utf8');
    } catch (e) {
      throw new SpecError('--preamble', `a readable file of shell lines (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, o.preamble);
    }
  }
  const abs = resolve(r.dir);
  const script = batchScript({
    command: [process.execPath, cliEntry(), r.command, '--resume', abs],
    dir: abs,
    arraySize,
    jobName: r.jobName,
    cpusPerTask: cpus,
    partition: o.partition,
    account: o.account,
    time: o.time,
    preamble,
  });
  const slurmDir = join(abs, 'slurm');
  const pattern = new RegExp(`^${r.command}-\\d+\\.sbatch$`);
  const n = existsSync(slurmDir) ? readdirSync(slurmDir).filter((f) => pattern.test(f)).length + 1 : 1;
  const scriptPath = join(slurmDir, `${r.command}-${n}.sbatch`);
  if (o.dryRun) {
    process.stdout.write(script);
    process.stderr.write(`dry run: nothing written or submitted (the script would be ${scriptPath}; without --dry-run, sbatch submits it)\n`);
    return;
  }
  checkSbatch();
  // Two arrays on one folder would compute the same units twice, and with the same size write
  // the same shard files at once: a folder is submitted again only when none of its jobs is queued.
  if (existsSync(join(r.dir, JOBS_FILE))) {
    for (const j of jobs(r.dir)) {
      const live = liveTasks(j.job);
      if (live) throw new SpecError('--slurm', `no job of this run still queued (job ${j.job} has ${live} task(s) queued or running: wait for them, or scancel ${j.job})`);
    }
  }
  r.prepare();
  mkdirSync(slurmDir, { recursive: true });
  writeFileSync(scriptPath, script, { mode: 0o755 });
  const job = submit(scriptPath);
  appendFileSync(join(abs, JOBS_FILE), JSON.stringify({ job, arraySize, script: scriptPath, submitted: new Date().toISOString() } satisfies JobLine) + '\n');
  process.stdout.write(
    [
      `submitted job ${job}: ${arraySize} array tasks for ${r.describe()}, into ${r.dir}`,
      `progress: phaseless ${r.command} --status ${r.dir}`,
      `the last task to finish merges; if it cannot: phaseless ${r.command} --merge ${r.dir}`,
    ].join('\n') + '\n',
  );
}
