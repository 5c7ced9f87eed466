import { markovKernelAt, markovKernelInfo } from '../analysis/markov-adaptation';
import { kernelPlot } from '../analysis/plots';
import { SPEC_FILE, checkSweepDuration, prepareSweepDir, runSweep, sweepWorkers } from '../analysis/sweep';
import { MAX_SWEEP_POINTS, SWEEP_POINTS_WHY, SweepSpec, readSweepSpec, sweepPoints } from '../analysis/sweep-spec';
import { SpecError } from '../errors';
import { renderSvg } from '../plots/render-svg';
import { CliArgs, defineCommand } from './command-def';
import { writeSweepReport } from './sweep-report';
import { Opts, flag, integer, outFlag, text, workersFlag } from './flags';
import { checkClusterFlags, clusterFlags } from './slurm-array';
import { mergeCommand, shardCommand, slurmCommand, statusCommand } from './sweep-cluster';
import { freshDir, readStatus, resumeFolder, storedSpec, tracked } from './run-dir';
import { readJsonFile } from './spec-file';
import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';

/**
 * The synapse analysis commands ([TCL] single-synapse figures). Each is a
 * sweep (sweep-spec.ts) over the points of one experiment, run on a worker pool with progress
 * on stderr; the folder gets status.json, sweep.json, points.ndjson (one line per finished
 * point), summary.json and the figure as SVG. `--resume DIR` (or running again with the same
 * --out) computes only the points not yet in the folder.
 */

const resumes =
  'Writes status.json (running, done or interrupted), sweep.json, points.ndjson (one line per point), summary.json and the figure; ' +
  '--resume DIR (or the same command with the same --out) computes only the points not yet in the folder.';
const count = { max: MAX_SWEEP_POINTS, why: SWEEP_POINTS_WHY };

/** The flags of every sweep: where, on how many threads, and the folder of an interrupted sweep to finish. */
const outAndWorkers = (experiment: string) => ({
  out: outFlag(`runs/${experiment}-N`),
  workers: workersFlag(),
  resume: flag('--resume <DIR>', 'finish the interrupted sweep in DIR (with --workers only)', text),
});

type SweepOpts = { out?: string; workers?: number; resume?: string };

/** The flags of the seeded random sweeps. */
const sampleFlags = (experiment: string, samples: number) => ({
  samples: flag('--samples <N>', 'random points', integer(1, count), samples),
  seed: flag('--seed <N>', 'the seed of the random points', integer(0), 1),
  ...outAndWorkers(experiment),
});

/**
 * Runs the sweep, then writes summary.json and <experiment>.svg (and whatever `after` adds);
 * prints the summary. The folder's status.json says running / done / interrupted.
 */
async function sweepAndReport(command: string, spec: SweepSpec, opts: SweepOpts, dir = opts.out ?? freshDir(spec.experiment), after?: (dir: string) => Promise<void>): Promise<void> {
  // Everything is checked (the flags, every point, the time it would take) before the folder is made.
  checkSweepDuration(spec, sweepPoints(spec), sweepWorkers(spec, opts.workers));
  prepareSweepDir(dir, spec);
  await tracked(dir, command, async () => {
    const out = await runSweep(spec, { dir, workers: opts.workers });
    const timing = {
      points: out.rows.length,
      computed: out.computed,
      resumed: out.reused,
      workers: out.workers,
      wallSeconds: out.wallSeconds,
      computeSeconds: out.computeSeconds,
    };
    await writeSweepReport(
      dir,
      spec,
      out.rows.map((r) => r.result),
      timing,
      `${spec.experiment}: ${out.computed} points computed, ${out.reused} resumed, ${out.wallSeconds.toFixed(1)} s wall on ${out.workers} worker(s) ` +
        `(${out.computeSeconds.toFixed(1)} s of point time)`,
    );
    await after?.(dir);
  });
}

/**
 * `<command> --resume DIR [--workers N]`: finishes the sweep a folder holds (sweep.json), computing
 * only the points not in points.ndjson; the same as running it again into the same --out.
 */
async function resumeSweep(args: CliArgs<SweepOpts>, command: string, after?: (dir: string) => Promise<void>): Promise<void> {
  const dir = resumeFolder(args, command, { allowed: ['--workers'] });
  const spec = readSweepSpec(storedSpec(dir, SPEC_FILE));
  await sweepAndReport(command, spec, args.opts, dir, after);
}

const rangeFlags = sampleFlags('range', 120);

export const rangeCli = defineCommand({
  name: 'range',
  summary: 'learning range ln(A_max/A_min) against ln(tau_s/tau_f) (docs/analysis.md)',
  about: `The learning range ln(A_max/A_min) of random sawtooths (tau_f log-uniform over 0.1..5, tau_s over 0.5..50) against ln(tau_s/tau_f). ${resumes}`,
  flags: rangeFlags,
  examples: [
    ['phaseless range', '120 random sawtooths on all cores'],
    ['phaseless range --samples 20 --workers 2 --out runs/range-quick', 'a quick look on two threads'],
    ['phaseless range --resume runs/range-quick', 'finish that sweep after an interruption'],
  ],
  run: rangeCommand,
});

/** `phaseless range`: the learning range of random sawtooths. */
export async function rangeCommand(args: CliArgs<Opts<typeof rangeFlags>>): Promise<void> {
  if (args.opts.resume !== undefined) return resumeSweep(args, 'range');
  const { samples: count, seed } = args.opts;
  await sweepAndReport(
    'range',
    {
      experiment: 'range',
      base: {},
      random: { count, seed, params: { tauF: { logUniform: [0.1, 5] }, tauS: { logUniform: [0.5, 50] } } },
    },
    args.opts,
  );
}

const offsetFlags = sampleFlags('offset', 40);

export const offsetCli = defineCommand({
  name: 'offset',
  summary: 'offset of dw(A) from a kernel area under a background, against I s_bar T',
  about: `The offset of dw(A) that a memory kernel of area I adds under a background s_bar, for random sawtooths (tau_f over 0.1..5, tau_s over 5..30), against I s_bar T. ${resumes}`,
  flags: offsetFlags,
  examples: [
    ['phaseless offset', '40 random points on all cores'],
    ['phaseless offset --samples 10 --seed 2 --out runs/offset-s2', 'ten other points'],
    ['phaseless offset --resume runs/offset-s2 --workers 2', 'finish that sweep after an interruption, on two threads'],
  ],
  run: offsetCommand,
});

/** `phaseless offset`: the offset of dw(A) from a kernel area. */
export async function offsetCommand(args: CliArgs<Opts<typeof offsetFlags>>): Promise<void> {
  if (args.opts.resume !== undefined) return resumeSweep(args, 'offset');
  const { samples: count, seed } = args.opts;
  await sweepAndReport(
    'offset',
    {
      experiment: 'offset',
      base: {},
      random: { count, seed, params: { tauF: { logUniform: [0.1, 5] }, tauS: { logUniform: [5, 30] } } },
    },
    args.opts,
  );
}

const convergenceFlags = { points: flag('--points <N>', 'grid points', integer(2, count), 80), ...outAndWorkers('convergence') };

export const convergenceCli = defineCommand({
  name: 'convergence',
  summary: 'dw/A against tau_f/tau_K from 0.2 to 160',
  about: `dw/A against tau_f/tau_K, log-spaced from 0.2 to 160 (tau_K = 1/20): how slow the sawtooth must be for the response to settle. ${resumes}`,
  flags: convergenceFlags,
  examples: [
    ['phaseless convergence', 'the 80-point curve on all cores'],
    ['phaseless convergence --points 10 --workers 0 --out runs/conv10', 'a coarse curve in this thread'],
    ['phaseless convergence --resume runs/conv10', 'finish that sweep after an interruption'],
  ],
  run: convergenceCommand,
});

/** `phaseless convergence`: tau_f from 0.2 to 160 tau_K. */
export async function convergenceCommand(args: CliArgs<Opts<typeof convergenceFlags>>): Promise<void> {
  if (args.opts.resume !== undefined) return resumeSweep(args, 'convergence');
  const n = args.opts.points;
  // tau_K = 1/20: tau_f/tau_K from 0.2 to 160 is tau_f from 0.01 to 8 (the authors' range), log-spaced.
  const tauF = Array.from({ length: n }, (_, i) => Number((0.01 * Math.pow(800, i / (n - 1))).toPrecision(6)));
  await sweepAndReport('convergence', { experiment: 'convergence', base: {}, grid: { tauF } }, args.opts);
}

const markovFlags = sampleFlags('markov', 150);

export const markovCli = defineCommand({
  name: 'markov',
  summary: 'Markov adaptation kernels: offset error against dissipation',
  about:
    'Random Markov adaptation kernels (gamma log-uniform over 1e-8..1, RF 1..99, step 5..250): offset error against ' +
    `dissipation; also kernels.json and kernels.svg for a few gamma at RF 25, step 200. ${resumes}`,
  flags: markovFlags,
  examples: [
    ['phaseless markov', '150 random kernels on all cores'],
    ['phaseless markov --samples 30 --out runs/markov-30', 'a smaller sample'],
    ['phaseless markov --resume runs/markov-30', 'finish that sweep (and the kernels) after an interruption'],
  ],
  run: markovCommand,
});

/** `phaseless markov`: random Markov kernels, plus the kernels of a few gamma. */
export async function markovCommand(args: CliArgs<Opts<typeof markovFlags>>): Promise<void> {
  if (args.opts.resume !== undefined) return resumeSweep(args, 'markov', markovKernels);
  const { samples: count, seed } = args.opts;
  await sweepAndReport(
    'markov',
    {
      experiment: 'markov',
      base: {},
      random: {
        count,
        seed,
        params: { gamma: { logUniform: [1e-8, 1] }, RF: { integer: [1, 99] }, step: { integer: [5, 250] } },
      },
    },
    args.opts,
    undefined,
    markovKernels,
  );
}

/** kernels.json and kernels.svg: a few gamma at RF 25, step 200. */
async function markovKernels(dir: string): Promise<void> {
  const gammas = [1, 0.3, 0.1, 0.01, 1e-4, 1e-8];
  const times = Array.from({ length: 121 }, (_, i) => 1e-5 * Math.pow(10, (5.5 * i) / 120));
  const infos = gammas.map((gamma) => markovKernelInfo({ gamma }));
  const rows = gammas.flatMap((gamma) =>
    Array.from(markovKernelAt({ gamma }, times)).map((K, i) => ({ label: `gamma ${gamma}`, tau: times[i], K })),
  );
  writeFileSync(join(dir, 'kernels.json'), JSON.stringify(infos, null, 2) + '\n');
  writeFileSync(join(dir, 'kernels.svg'), await renderSvg(kernelPlot(rows, 'Markov adaptation kernels (RF 25, step 0 -> 200, time scale 5)')));
  process.stdout.write(
    'kernels (RF 25, step 200):\n' +
      infos
        .map((i) => `  gamma ${String(i.params.gamma).padEnd(6)} area ${i.area.toFixed(4).padStart(8)}  dissipation ${i.dissipation.toFixed(3).padStart(7)} kT/unit  tau_K ${i.tauK.toFixed(3)}`)
        .join('\n') +
      `\nwrote ${dir}/{kernels.json,kernels.svg}\n`,
  );
}

const sweepFlags = {
  ...outAndWorkers('<experiment>'),
  ...clusterFlags('points'),
};

export const sweepCli = defineCommand({
  name: 'sweep',
  summary: 'any analysis sweep (grid and/or seeded random samples), resumable, here or as a SLURM job array',
  about:
    `Any analysis sweep: an experiment, its base parameters, a grid and/or seeded random samples (src/analysis/sweep-spec.ts). ${resumes} ` +
    '--slurm submits it as a SLURM job array: task i runs --shard i/N (the points whose index is i mod N) into the shared folder, ' +
    'the last task merges; --status DIR shows progress, --merge DIR merges by hand, --resume DIR --slurm resubmits only the missing or failed points ' +
    '(docs/cluster.md). Every point computes the same here, on any shard and any array size.',
  args: { '[spec.json]': 'a sweep spec, e.g. docs/analysis/markov-step200.json (required unless --resume, --status or --merge)' },
  flags: sweepFlags,
  examples: [
    ['phaseless sweep docs/analysis/markov-step200.json --out runs/step200', 'the sweep behind a figure of docs/analysis.md'],
    ['phaseless sweep my-grid.json --workers 2', 'a sweep of your own on two threads, into runs/<experiment>-N'],
    ['phaseless sweep --resume runs/step200', 'finish that sweep after an interruption'],
    ['phaseless sweep my-grid.json --out /scratch/me/grid --slurm --array-size 50 --time 01:00:00 --partition short', 'submit it as 50 SLURM array tasks'],
    ['phaseless sweep my-grid.json --slurm --array-size 50 --dry-run', 'print the batch script, submit nothing'],
    ['phaseless sweep --status /scratch/me/grid', 'points done, failed and pending per task'],
    ['phaseless sweep --resume /scratch/me/grid --slurm --array-size 5', 'resubmit: compute only the missing or failed points'],
    ['phaseless sweep --merge /scratch/me/grid', 'merge by hand (the last task to finish does it itself)'],
    ['phaseless sweep my-grid.json --out runs/g --shard 0/2 --workers 1', 'shard 0 of 2 here (a task of an array, by hand)'],
  ],
  run: sweepCommand,
});

/** `phaseless sweep spec.json`: any sweep spec (sweep-spec.ts), here, as one shard, or on SLURM. */
export async function sweepCommand(args: CliArgs<Opts<typeof sweepFlags>>): Promise<void> {
  checkClusterFlags(args, 'sweep');
  if (args.opts.status !== undefined) return statusCommand(args);
  if (args.opts.merge !== undefined) return mergeCommand(args);
  // The parser allows at most one; none is an error only when no folder is given.
  const specFromFile = () => {
    if (args.positional.length === 0) throw new SpecError('sweep', 'a spec.json argument (a sweep spec, e.g. docs/analysis/markov-step200.json) or --resume DIR');
    return readSweepSpec(readJsonFile(args.positional[0]));
  };
  if (args.opts.slurm) return slurmCommand(args, specFromFile, freshDir);
  if (args.opts.shard !== undefined) return shardCommand(args, specFromFile);
  // A folder of a sharded (SLURM) sweep is finished here as its one shard: the points of every
  // shard file count as done, and it ends with the merge.
  const dir = args.opts.resume;
  if (dir !== undefined && (existsSync(join(dir, 'shards')) || existsSync(join(dir, 'slurm'))) && readStatus(dir)?.status !== 'done') return shardCommand({ ...args, opts: { ...args.opts, shard: { index: 0, count: 1 } } }, specFromFile);
  if (args.opts.resume !== undefined) return resumeSweep(args, 'sweep');
  await sweepAndReport('sweep', specFromFile(), args.opts);
}
