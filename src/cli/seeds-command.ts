import { toOneSpec } from '../spec/one-spec';
import { existsSync } from 'fs';
import { join } from 'path';
import { prepareLearn } from '../learning/learn';
import { readLearnSpec } from '../learning/learn-spec';
import { readNdjson } from '../ndjson';
import { CliArgs, defineCommand } from './command-def';
import { Opts, flag, integer, list, outFlag, text } from './flags';
import { RunDir, freshDir, openRunDir, readStatus, resumeFolder, storedSpec, tracked } from './run-dir';
import { learnFlags, resolveLearnSpec } from './run-command';
import { seedsMergeCommand, seedsShardCommand, seedsSlurmCommand, seedsStatusCommand } from './seeds-cluster';
import { checkClusterFlags, clusterFlags } from './slurm-array';
import { seedStudyCommand, studyOf } from './seed-study';
import { FINISHED_FILE, SEED_LIST_FILE, SeedLine, runAll } from './seed-folder';

const seedsFlags = {
  seeds: flag('--seeds <LIST>', 'comma-separated seeds', list(integer(0)), [1, 2, 3, 4, 5]),
  out: outFlag('runs/seeds-N'),
  workers: flag('--workers <N>', 'worker threads (default: all cores; EP and RBM studies: 1)', integer(1)),
  engine: learnFlags.engine,
  allowLong: learnFlags.allowLong,
  resume: flag('--resume <DIR>', 'finish the interrupted seeds in DIR, running only those not finished (with --workers only)', text),
  ...clusterFlags('seeds'),
};

export const seedsCli = defineCommand({
  name: 'seeds',
  summary: 'the same experiment for several seeds, in parallel on worker threads',
  about:
    'The same learning run for several seeds, in parallel on worker threads. Writes spec.json, seed-list.json, ' +
    "status.json (running, done or interrupted), seed-results.ndjson (each seed's result as it finishes), " +
    'metrics.ndjson (one line per seed), seeds.json and learning-curves.svg. --resume DIR finishes an interrupted ' +
    'run, computing only the seeds that had not finished; it ends as the uninterrupted run does. ' +
    '--slurm submits the seeds as a SLURM job array: task i runs --shard i/N (the seeds at positions i mod N) into the shared folder, ' +
    'the last task merges; --status DIR, --merge DIR and --resume DIR --slurm as for sweep (docs/cluster.md).',
  args: { '[spec.json]': 'a spec (default: the built-in one); its seed is replaced by each of --seeds. EP and RBM specs run seed after seed (or --workers N at a time, when given), each in a folder seed-K of the run folder, and only take --seeds, --out, --resume and --workers' },
  flags: seedsFlags,
  examples: [
    ['phaseless seeds', 'the default run for seeds 1 to 5'],
    ['phaseless seeds spec.json --seeds 1,2,3 --workers 2 --out runs/s123', 'your spec for three seeds on two threads'],
    ['phaseless seeds --resume runs/s123 --workers 1', 'finish those seeds after an interruption, on one thread'],
    ['phaseless seeds spec.json --seeds 1,2,3,4,5,6,7,8 --out /scratch/me/s8 --slurm --array-size 8 --time 04:00:00', 'eight seeds as eight SLURM array tasks'],
    ['phaseless seeds --status /scratch/me/s8', 'seeds finished and pending per task'],
  ],
  run: seedsCommand,
});

/**
 * `phaseless seeds`: the same experiment for several seeds, in parallel on worker threads (all
 * cores by default). `phaseless seeds --resume DIR [--workers K]` runs only the seeds that had
 * not finished.
 */
export async function seedsCommand(args: CliArgs<Opts<typeof seedsFlags>>): Promise<void> {
  // EP and RBM specs run seed after seed, each in a run folder of its own (seed-study.ts).
  const study = studyOf(args);
  if (study) return seedStudyCommand(args, study.form, study.read);
  checkClusterFlags(args, 'seeds');
  if (args.opts.status !== undefined) return seedsStatusCommand(args);
  if (args.opts.merge !== undefined) return seedsMergeCommand(args);
  if (args.opts.slurm) return seedsSlurmCommand(args, () => resolveLearnSpec(args, 'seeds'), () => freshDir('seeds'));
  if (args.opts.shard !== undefined) return seedsShardCommand(args, () => resolveLearnSpec(args, 'seeds'), () => freshDir('seeds'));
  // A folder of a sharded (SLURM) run is finished here as its one shard, and merged.
  const folder = args.opts.resume;
  if (folder !== undefined && (existsSync(join(folder, 'shards')) || existsSync(join(folder, 'slurm'))) && readStatus(folder)?.status !== 'done') {
    return seedsShardCommand({ ...args, opts: { ...args.opts, shard: { index: 0, count: 1 } } }, () => resolveLearnSpec(args, 'seeds'), () => freshDir('seeds'));
  }
  const { workers } = args.opts;
  if (args.opts.resume !== undefined) {
    // The worker count changes where a seed runs, never its result.
    const outPath = resumeFolder(args, 'seeds', { allowed: ['--workers', '--allow-long'] });
    const base = readLearnSpec(storedSpec(outPath));
    const seeds = storedSpec(outPath, SEED_LIST_FILE) as number[];
    const finished = readNdjson<SeedLine>(join(outPath, FINISHED_FILE));
    process.stderr.write(`phaseless seeds: resuming ${outPath} after ${finished.length} of ${seeds.length} seeds\n`);
    return tracked(outPath, 'seeds', () => runAll(base, seeds, workers, openRunDir(outPath), outPath, finished));
  }
  const { seeds } = args.opts;
  const base = resolveLearnSpec(args, 'seeds');
  const outPath = args.opts.out ?? freshDir('seeds');
  RunDir.check(outPath);
  // Every seed's spec is checked before the folder is made.
  for (const seed of seeds) prepareLearn(readLearnSpec({ ...base, seed }));
  const dir = RunDir.create(outPath);
  dir.json('spec.json', toOneSpec(base));
  // The seeds are part of the run: stored, so a resume runs the same ones.
  dir.json(SEED_LIST_FILE, seeds);
  await tracked(outPath, 'seeds', () => runAll(base, seeds, workers, dir, outPath, []));
}
