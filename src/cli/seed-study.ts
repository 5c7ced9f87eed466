import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { SpecError } from '../errors';
import { readEpSpec } from '../experiments/ep/ep-spec';
import { readRbmSpec } from '../experiments/rbm/rbm-spec';
import { formOfLegacy, formOfOne, inOneFieldNames, isOneSpec, toOneSpec } from '../spec/one-spec';
import { SpecForm } from '../spec/spec-form';
import { CliArgs } from './command-def';
import { EpResult, epCommand } from './ep-command';
import { rbmCommand } from './rbm-command';
import { runPool } from '../parallel/worker-pool';
import { PartCommand, RunDir, freshDir, givenFlags, openRunDir, resumeFolder, runPart, storedSpec, tracked } from './run-dir';
import { SpecFile, noticeOlderLayout, readJsonFile, readSpecFile } from './spec-file';
import { RbmResult } from '../experiments/rbm/rbm-experiment';

/** The seeds' list, stored so that a resume runs the same ones. */
const SEED_LIST = 'seed-list.json';

/** The flags of `phaseless seeds` an EP or RBM study takes (the others are resistor runs'). */
const STUDY_FLAGS = ['--seeds', '--out', '--resume', '--workers'];

interface StudyArgs {
  seeds: number[];
  workers?: number;
  out?: string;
  resume?: string;
}

/** One seed's numbers: the run's final metrics by name (an RBM's per protocol, `id.metric`). */
type SeedRow = { seed: number } & Record<string, number>;

/**
 * `phaseless seeds` of an EP or RBM spec: each seed is a run folder of its own (`seed-K`, what
 * `phaseless ep` or `rbm` writes, with its checkpoints), run one after another, or with
 * --workers N (given) N at a time on worker threads, each as it would run alone; a resume
 * finishes the seed that was cut short from its checkpoint and runs the ones not begun. The
 * folder gets seeds.json (each seed's final metrics, and their mean and standard deviation) and
 * the table on stdout: the numbers a paper's table of n seeds needs.
 */
export async function seedStudyCommand(args: CliArgs<StudyArgs>, form: SpecForm, read?: SpecFile): Promise<void> {
  if (form.command === 'ff') {
    throw new SpecError('substrate.kind', `"resistor", "hopfield" or "rbm" for phaseless seeds (a ${form.substrate} spec runs with phaseless run or phaseless ff, one seed per --seed)`, form.substrate);
  }
  for (const f of givenFlags(args)) {
    if (!STUDY_FLAGS.includes(f)) throw new SpecError(f, `not given with a ${form.substrate} spec (seeds of EP and RBM specs take --seeds, --out, --resume and --workers)`);
  }
  const command = form.command as 'ep' | 'rbm';
  // Seed after seed unless --workers is given: one seed's progress lines stay in order.
  const workers = givenFlags(args).includes('--workers') ? (args.opts.workers ?? 1) : 1;
  if (args.opts.resume !== undefined) {
    // The worker count changes where a seed runs, never its result.
    const outPath = resumeFolder(args, 'seeds', { allowed: ['--workers'] });
    const seeds = storedSpec(outPath, SEED_LIST) as number[];
    process.stderr.write(`phaseless seeds: resuming ${outPath} (${seeds.length} seeds of ${form.substrate} runs)\n`);
    return tracked(outPath, 'seeds', () => runSeeds(form, command, seeds, outPath, workers));
  }
  if (read === undefined) throw new SpecError('seeds', 'a spec file');
  const { seeds } = args.opts;
  if (new Set(seeds).size !== seeds.length) throw new SpecError('--seeds', 'distinct seeds', seeds);
  // Every seed's spec is checked before the folder is made.
  const check = form.substrate === 'hopfield' ? readEpSpec : readRbmSpec;
  const spec = inOneFieldNames(read, () => check(read.legacy));
  for (const seed of seeds) inOneFieldNames(read, () => check({ ...(read.legacy as object), seed }));
  noticeOlderLayout(read);
  const outPath = args.opts.out ?? freshDir(`${spec.name}-seeds`);
  RunDir.check(outPath);
  const dir = RunDir.create(outPath);
  dir.json('spec.json', toOneSpec(spec, read));
  dir.json(SEED_LIST, seeds);
  await tracked(outPath, 'seeds', () => runSeeds(form, command, seeds, outPath, workers));
}

/**
 * One seed of the study (runPart: a fresh run, or a resume of one cut short), exported as the
 * worker-pool job that --workers N runs N at a time.
 */
export async function runSeedPart(command: 'ep' | 'rbm', sub: string, specFile: string, seed: number, line: string): Promise<void> {
  await runPart((command === 'ep' ? epCommand : rbmCommand) as PartCommand, sub, specFile, seed, line);
}

async function runSeeds(form: SpecForm, command: 'ep' | 'rbm', seeds: number[], outPath: string, workers: number): Promise<void> {
  const started = Date.now();
  const part = (seed: number, k: number): Parameters<typeof runSeedPart> => [command, join(outPath, `seed-${seed}`), join(outPath, 'spec.json'), seed, `phaseless seeds: seed ${seed} (${k + 1} of ${seeds.length})`];
  if (workers > 1 && seeds.length > 1) await runPool(seeds.map((seed, k) => ({ module: __filename, fn: 'runSeedPart', args: part(seed, k), label: `seed-${seed}` })), undefined, workers);
  else for (const [k, seed] of seeds.entries()) await runSeedPart(...part(seed, k));
  const rows = seeds.map((seed) => seedRow(form, seed, JSON.parse(readFileSync(join(outPath, `seed-${seed}`, 'result.json'), 'utf8'))));
  const summary = meanAndStd(rows);
  openRunDir(outPath).json('seeds.json', { seeds, rows, summary });
  const width = Math.max(...Object.keys(summary).map((m) => m.length));
  process.stdout.write(
    `${'metric'.padEnd(width)}  ${'mean'.padStart(10)}  ${'std'.padStart(10)}  ${seeds.map((s) => `seed ${s}`.padStart(10)).join('  ')}\n` +
      Object.entries(summary)
        .map(([m, { mean, std }]) => `${m.padEnd(width)}  ${fmt(mean)}  ${fmt(std)}  ${rows.map((r) => fmt(r[m])).join('  ')}`)
        .join('\n') +
      `\n${((Date.now() - started) / 1000).toFixed(1)} s wall; wrote ${outPath}/{spec.json,${SEED_LIST},status.json,seed-*/,seeds.json}\n`,
  );
}

const fmt = (x: number) => (Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(4) : x.toExponential(3)).padStart(10);

/** A run's final metrics: EP's errors and epoch time; per RBM protocol its final NLL and TV, or label errors. */
function seedRow(form: SpecForm, seed: number, result: unknown): SeedRow {
  if (form.substrate === 'hopfield') {
    const r = result as EpResult;
    return { seed, finalTestError: r.finalTestError, bestTestError: r.bestTestError, finalTrainError: r.finalTrainError, secondsPerEpoch: r.meanTrainSecondsPerEpoch };
  }
  const row: SeedRow = { seed } as SeedRow;
  for (const p of (result as RbmResult).protocols) {
    for (const [k, v] of Object.entries({ nll: p.final.nll, tv: p.final.tv, trainError: p.finalTrainError, testError: p.finalTestError })) {
      if (v !== undefined) row[`${p.id}.${k}`] = v;
    }
  }
  return row;
}

/** Mean and sample standard deviation (n - 1) of every metric over the seeds (0 for one seed). */
export function meanAndStd(rows: SeedRow[]): Record<string, { mean: number; std: number }> {
  const metrics = Object.keys(rows[0]).filter((k) => k !== 'seed');
  return Object.fromEntries(
    metrics.map((m) => {
      const xs = rows.map((r) => r[m]);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
      return [m, { mean, std }];
    }),
  );
}

/**
 * The EP or RBM spec `phaseless seeds` was given (a spec file, or the folder of --resume), or
 * undefined for a resistor learning spec (which `seeds` runs on worker threads itself).
 */
export function studyOf(args: CliArgs<{ resume?: string }>): { form: SpecForm; read?: SpecFile } | undefined {
  if (args.opts.resume !== undefined) {
    const file = join(args.opts.resume, 'spec.json');
    if (!existsSync(file)) return undefined;
    const raw = readJsonFile(file);
    const form = isOneSpec(raw) ? formOfOne(raw) : formOfLegacy(raw);
    return form.command === 'run' ? undefined : { form };
  }
  if (args.positional.length === 0) return undefined;
  const read = readSpecFile(args.positional[0]);
  return read.form.command === 'run' ? undefined : { form: read.form, read };
}
