import { markovKernelAt, markovKernelInfo } from '../analysis/markov-adaptation';
import { kernelPlot } from '../analysis/plots';
import { summarise } from '../analysis/summaries';
import { SPEC_FILE, prepareSweepDir, runSweep } from '../analysis/sweep';
import { MAX_SWEEP_POINTS, SWEEP_POINTS_WHY, SweepSpec, readSweepSpec, sweepPoints } from '../analysis/sweep-spec';
import { SpecError } from '../errors';
import { renderSvg } from '../plots/render-svg';
import { atMost, integer } from '../validate';
import { ParsedArgs, checkFlags, numberFlag, stringFlag } from './args';
import { freshDir, resumeFolder, storedSpec, tracked } from './run-dir';
import { readJsonFile } from './spec-file';
import { writeFileSync } from 'fs';
import { join } from 'path';

/**
 * The synapse analysis commands ([TCL] single-synapse figures, papers.md section 3). Each is a
 * sweep (sweep-spec.ts) over the points of one experiment, run on a worker pool with progress
 * on stderr; the folder gets sweep.json, points.ndjson (one line per finished point),
 * summary.json and the figure as SVG. `--resume DIR` (or running again with the same --out)
 * computes only the points not yet in the folder.
 */

const common = ['out', 'workers', 'resume'];

function workersFlag(args: ParsedArgs): number | undefined {
  const w = numberFlag(args, 'workers');
  return w === undefined ? undefined : integer('--workers', w, 0);
}

function noPositional(args: ParsedArgs, name: string): void {
  if (args.positional.length > 0) throw new SpecError(name, 'options only (no positional arguments)', args.positional);
}

/**
 * Runs the sweep, then writes summary.json and <experiment>.svg (and whatever `after` adds);
 * prints the summary. The folder's status.json says running / done / interrupted.
 */
async function sweepAndReport(command: string, spec: SweepSpec, args: ParsedArgs, dir = stringFlag(args, 'out') ?? freshDir(spec.experiment), after?: (dir: string) => Promise<void>): Promise<void> {
  // Everything is checked (the flags, every point) before the folder is made.
  const workers = workersFlag(args);
  sweepPoints(spec);
  prepareSweepDir(dir, spec);
  await tracked(dir, command, async () => {
    const out = await runSweep(spec, { dir, workers });
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
        `wrote ${dir}/{status.json,sweep.json,points.ndjson,summary.json,${spec.experiment}.svg}`,
      ].join('\n') + '\n',
    );
    await after?.(dir);
  });
}

/**
 * `<command> --resume DIR [--workers N]`: finishes the sweep a folder holds (sweep.json), computing
 * only the points not in points.ndjson; the same as running it again into the same --out.
 */
async function resumeSweep(args: ParsedArgs, command: string, after?: (dir: string) => Promise<void>): Promise<void> {
  const dir = resumeFolder(args, command, { allowed: ['workers'] });
  const spec = readSweepSpec(storedSpec(dir, SPEC_FILE));
  await sweepAndReport(command, spec, args, dir, after);
}

function samplesAndSeed(args: ParsedArgs, dflt: number): { count: number; seed: number } {
  const count = atMost('--samples', integer('--samples', numberFlag(args, 'samples') ?? dflt, 1), MAX_SWEEP_POINTS, SWEEP_POINTS_WHY);
  const seed = integer('--seed', numberFlag(args, 'seed') ?? 1, 0);
  return { count, seed };
}

/** `phaseless range [--samples 120] [--seed 1] [--workers N] [--out DIR]` */
export async function rangeCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, [...common, 'samples', 'seed'], 'range');
  if (args.flags.has('resume')) return resumeSweep(args, 'range');
  noPositional(args, 'range');
  const { count, seed } = samplesAndSeed(args, 120);
  await sweepAndReport(
    'range',
    {
      experiment: 'range',
      base: {},
      random: { count, seed, params: { tauF: { logUniform: [0.1, 5] }, tauS: { logUniform: [0.5, 50] } } },
    },
    args,
  );
}

/** `phaseless offset [--samples 40] [--seed 1] [--workers N] [--out DIR]` */
export async function offsetCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, [...common, 'samples', 'seed'], 'offset');
  if (args.flags.has('resume')) return resumeSweep(args, 'offset');
  noPositional(args, 'offset');
  const { count, seed } = samplesAndSeed(args, 40);
  await sweepAndReport(
    'offset',
    {
      experiment: 'offset',
      base: {},
      random: { count, seed, params: { tauF: { logUniform: [0.1, 5] }, tauS: { logUniform: [5, 30] } } },
    },
    args,
  );
}

/** `phaseless convergence [--points 80] [--workers N] [--out DIR]`: tau_f from 0.2 to 160 tau_K. */
export async function convergenceCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, [...common, 'points'], 'convergence');
  if (args.flags.has('resume')) return resumeSweep(args, 'convergence');
  noPositional(args, 'convergence');
  const n = atMost('--points', integer('--points', numberFlag(args, 'points') ?? 80, 2), MAX_SWEEP_POINTS, SWEEP_POINTS_WHY);
  // tau_K = 1/20: tau_f/tau_K from 0.2 to 160 is tau_f from 0.01 to 8 (the authors' range), log-spaced.
  const tauF = Array.from({ length: n }, (_, i) => Number((0.01 * Math.pow(800, i / (n - 1))).toPrecision(6)));
  await sweepAndReport('convergence', { experiment: 'convergence', base: {}, grid: { tauF } }, args);
}

/**
 * `phaseless markov [--samples 150] [--seed 1] [--workers N] [--out DIR]`: random Markov kernels
 * (gamma log-uniform over 1e-8..1, RF 1..99, step 5..250), plus kernels.svg and kernels.json for
 * a few gamma at RF 25, step 200.
 */
export async function markovCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, [...common, 'samples', 'seed'], 'markov');
  if (args.flags.has('resume')) return resumeSweep(args, 'markov', markovKernels);
  noPositional(args, 'markov');
  const { count, seed } = samplesAndSeed(args, 150);
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
    args,
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

/** `phaseless sweep spec.json [--workers N] [--out DIR]`: any sweep spec (sweep-spec.ts). */
export async function sweepCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, common, 'sweep');
  if (args.flags.has('resume')) return resumeSweep(args, 'sweep');
  if (args.positional.length !== 1) throw new SpecError('sweep', 'one sweep spec file (spec.json)', args.positional);
  const spec = readSweepSpec(readJsonFile(args.positional[0]));
  await sweepAndReport('sweep', spec, args);
}
