import { markovKernelAt, markovKernelInfo } from '../analysis/markov-adaptation';
import { kernelPlot } from '../analysis/plots';
import { summarise } from '../analysis/summaries';
import { runSweep } from '../analysis/sweep';
import { MAX_SWEEP_POINTS, SWEEP_POINTS_WHY, SweepSpec, readSweepSpec } from '../analysis/sweep-spec';
import { renderSvg } from '../plots/render-svg';
import { CliArgs, defineCommand } from './command-def';
import { Opts, flag, integer, outFlag, workersFlag } from './flags';
import { freshDir } from './run-dir';
import { readJsonFile } from './spec-file';
import { writeFileSync } from 'fs';
import { join } from 'path';

/**
 * The synapse analysis commands ([TCL] single-synapse figures, papers.md section 3). Each is a
 * sweep (sweep-spec.ts) over the points of one experiment, run on a worker pool with progress
 * on stderr; the folder gets sweep.json, points.ndjson (one line per finished point),
 * summary.json and the figure as SVG. Run again with the same --out to resume.
 */

const resumes = 'Writes sweep.json, points.ndjson (one line per point), summary.json and the figure; the same command with the same --out resumes.';
const count = { max: MAX_SWEEP_POINTS, why: SWEEP_POINTS_WHY };

/** The flags of every sweep: where, and on how many threads. */
const outAndWorkers = (experiment: string) => ({ out: outFlag(`runs/${experiment}-N`), workers: workersFlag() });

/** The flags of the seeded random sweeps. */
const sampleFlags = (experiment: string, samples: number) => ({
  samples: flag('--samples <N>', 'random points', integer(1, count), samples),
  seed: flag('--seed <N>', 'the seed of the random points', integer(0), 1),
  ...outAndWorkers(experiment),
});

/** Runs the sweep, then writes summary.json and <experiment>.svg; prints the summary. */
async function sweepAndReport(spec: SweepSpec, opts: { out?: string; workers?: number }): Promise<string> {
  const dir = opts.out ?? freshDir(spec.experiment);
  const out = await runSweep(spec, { dir, workers: opts.workers });
  const summary = summarise(
    spec.experiment,
    out.rows.map((r) => r.result),
  );
  const timing = {
    points: out.rows.length,
    computed: out.computed,
    resumed: out.reused,
    workers: out.workers,
    wallSeconds: out.wallSeconds,
    computeSeconds: out.computeSeconds,
  };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ experiment: spec.experiment, timing, ...summary.numbers }, null, 2) + '\n');
  writeFileSync(join(dir, `${spec.experiment}.svg`), await renderSvg(summary.plot));
  process.stdout.write(
    [
      `${spec.experiment}: ${out.computed} points computed, ${out.reused} resumed, ${out.wallSeconds.toFixed(1)} s wall on ${out.workers} worker(s) ` +
        `(${out.computeSeconds.toFixed(1)} s of point time)`,
      ...summary.text,
      `wrote ${dir}/{sweep.json,points.ndjson,summary.json,${spec.experiment}.svg}`,
    ].join('\n') + '\n',
  );
  return dir;
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
  ],
  run: rangeCommand,
});

/** `phaseless range`: the learning range of random sawtooths. */
export async function rangeCommand(args: CliArgs<Opts<typeof rangeFlags>>): Promise<void> {
  const { samples: count, seed } = args.opts;
  await sweepAndReport(
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
  ],
  run: offsetCommand,
});

/** `phaseless offset`: the offset of dw(A) from a kernel area. */
export async function offsetCommand(args: CliArgs<Opts<typeof offsetFlags>>): Promise<void> {
  const { samples: count, seed } = args.opts;
  await sweepAndReport(
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
    ['phaseless convergence --points 10 --workers 0', 'a coarse curve in this thread'],
  ],
  run: convergenceCommand,
});

/** `phaseless convergence`: tau_f from 0.2 to 160 tau_K. */
export async function convergenceCommand(args: CliArgs<Opts<typeof convergenceFlags>>): Promise<void> {
  const n = args.opts.points;
  // tau_K = 1/20: tau_f/tau_K from 0.2 to 160 is tau_f from 0.01 to 8 (the authors' range), log-spaced.
  const tauF = Array.from({ length: n }, (_, i) => Number((0.01 * Math.pow(800, i / (n - 1))).toPrecision(6)));
  await sweepAndReport({ experiment: 'convergence', base: {}, grid: { tauF } }, args.opts);
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
  ],
  run: markovCommand,
});

/** `phaseless markov`: random Markov kernels, plus the kernels of a few gamma. */
export async function markovCommand(args: CliArgs<Opts<typeof markovFlags>>): Promise<void> {
  const { samples: count, seed } = args.opts;
  const dir = await sweepAndReport(
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
  );
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

const sweepFlags = outAndWorkers('<experiment>');

export const sweepCli = defineCommand({
  name: 'sweep',
  summary: 'any analysis sweep (grid and/or seeded random samples), resumable',
  about: `Any analysis sweep: an experiment, its base parameters, a grid and/or seeded random samples (src/analysis/sweep-spec.ts). ${resumes}`,
  args: { '<spec.json>': 'a sweep spec, e.g. docs/analysis/markov-step200.json' },
  flags: sweepFlags,
  examples: [
    ['phaseless sweep docs/analysis/markov-step200.json --out runs/step200', 'the sweep behind a figure of docs/analysis.md'],
    ['phaseless sweep my-grid.json --workers 2', 'a sweep of your own on two threads, into runs/<experiment>-N']
  ],
  run: sweepCommand,
});

/** `phaseless sweep spec.json`: any sweep spec (sweep-spec.ts). */
export async function sweepCommand(args: CliArgs<Opts<typeof sweepFlags>>): Promise<void> {
  const spec = readSweepSpec(readJsonFile(args.positional[0]));
  await sweepAndReport(spec, args.opts);
}
