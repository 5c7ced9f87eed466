import { writeFileSync } from 'fs';
import { join } from 'path';
import { robustnessPlot, robustnessStats } from '../analysis/robustness-summary';
import { SPEC_FILE, checkSweepDuration, prepareSweepDir, runSweep, sweepWorkers } from '../analysis/sweep';
import { SweepSpec, readSweepSpec, sweepPoints } from '../analysis/sweep-spec';
import { readLearnSpec } from '../learning/learn-spec';
import {
  MAX_LEVELS,
  ROBUSTNESS_EPOCHS,
  ROBUSTNESS_MAX,
  AxisName,
  RobustnessResult,
  axisNames,
  checkMax,
  defaultRobustnessSpec,
  robustnessAxes,
  robustnessRuleNames,
} from '../learning/robustness';
import { renderSvg } from '../plots/render-svg';
import { CliArgs, defineCommand } from './command-def';
import { FlagType, Opts, flag, integer, list, number, oneOf, outFlag, text, workersFlag } from './flags';
import { SpecError } from '../errors';
import { freshDir, resumeFolder, storedSpec, tracked } from './run-dir';
import { resolveLearnSpec } from './run-command';
import { writeSweepReport } from './sweep-report';

/** `--max delay=10,drop=0.99`: each axis once, its value in the range the axis allows. */
const maxima: FlagType<Partial<Record<AxisName, number>>> = (flag, t) => {
  const out: Partial<Record<AxisName, number>> = {};
  t.split(',').forEach((pair, i) => {
    const [axis, value, extra] = pair.split('=');
    if (!(axisNames as string[]).includes(axis) || value === undefined || extra !== undefined) {
      throw new SpecError(`${flag}[${i}]`, `axis=value with axis one of ${axisNames.join(', ')}`, pair);
    }
    if ((axis as AxisName) in out) throw new SpecError(`${flag}[${i}]`, `each axis once (${axis} is given twice)`, pair);
    out[axis as AxisName] = checkMax(axis as AxisName, number(`${flag}[${i}]`, value), `${flag}[${i}]`);
  });
  return out;
};

const robustnessFlags = {
  axes: flag('--axes <LIST>', `comma-separated axes (${axisNames.join(', ')})`, list(oneOf(axisNames)), axisNames),
  levels: flag('--levels <N>', "levels per axis, from 0 to the axis's maximum", integer(2, { max: MAX_LEVELS, why: 'every level is 3 runs per seed' }), 5),
  seeds: flag('--seeds <LIST>', 'comma-separated seeds', list(integer(0)), [1, 2, 3]),
  rules: flag('--rules <LIST>', `comma-separated rules (${robustnessRuleNames.join(', ')})`, list(oneOf(robustnessRuleNames)), robustnessRuleNames),
  max: flag('--max <LIST>', `maxima of axes other than the defaults, as axis=value pairs (defaults: ${axisNames.map((a) => `${a}=${ROBUSTNESS_MAX[a]}`).join(',')})`, maxima),
  epochs: flag('--epochs <N>', `epochs per run (default: the spec's; ${ROBUSTNESS_EPOCHS} for the built-in spec)`, integer(1)),
  out: outFlag('runs/robustness-N'),
  workers: workersFlag(),
  resume: flag('--resume <DIR>', 'finish the interrupted study in DIR, computing only the runs not in points.ndjson (with --workers only)', text),
};

const axesAbout = axisNames.map((a) => `${a}: ${robustnessAxes[a].doc}`).join('; ');

export const robustnessCli = defineCommand({
  name: 'robustness',
  summary: 'robustness curves: each rule under rate spread, jitter, endpoint delays, drops, stuck and dead synapses',
  about:
    "The learning rules of `phaseless compare` (classic two-phase, phase-signed, TCL) on the spec's task, one axis of " +
    'timing irregularity or fault at a time, at --levels levels from 0 to a maximum scaled to the model\'s timescales, ' +
    `for each of --seeds, on the event engine. The axes: ${axesAbout}. Each run's result is its final / initial test error ` +
    '(as `phaseless run` reports it); a run that diverges or whose outputs dead synapses cut off is recorded as failed. ' +
    'Writes status.json, sweep.json, points.ndjson (one line per run), summary.json (mean and std per point, where each rule ' +
    'breaks), robustness.svg and robustness-<axis>.svg; --resume DIR (or the same command with the same --out) computes only the runs not yet in the folder.',
  args: { '[spec.json]': `a learning spec whose task, network and timing every run shares (default: the built-in one with ${ROBUSTNESS_EPOCHS} epochs)` },
  flags: robustnessFlags,
  examples: [
    ['phaseless robustness --out runs/rob', 'the default study: 7 axes x 5 levels x 3 rules x 3 seeds'],
    ['phaseless robustness --axes delay,drop --levels 7 --seeds 1,2,3,4,5', 'two axes, finer, five seeds'],
    ['phaseless robustness spec.json --rules tcl --epochs 30 --workers 2', 'TCL alone on your task'],
    ['phaseless robustness --axes delay,drop --max delay=10,drop=0.99 --rules classic,tcl', 'past the default maxima: delays to 10 tau_f, 99% drops'],
    ['phaseless robustness --resume runs/rob', 'finish that study after an interruption'],
  ],
  run: robustnessCommand,
});

/** The sweep of a study: every (axis, level, rule, seed) as a point of the robustness experiment. */
export function robustnessSweep(args: CliArgs<Opts<typeof robustnessFlags>>): SweepSpec {
  const { axes, levels, seeds, rules, epochs, max } = args.opts;
  const given = args.positional[0] !== undefined ? resolveLearnSpec({ ...args, opts: {} }) : defaultRobustnessSpec;
  const spec = readLearnSpec({ ...given, ...(epochs === undefined ? {} : { epochs }) });
  const steps = Array.from({ length: levels }, (_, i) => i);
  return { experiment: 'robustness', base: { spec, levels, ...(max === undefined ? {} : { max }) }, grid: { axis: [...new Set(axes)], step: steps, rule: [...new Set(rules)], seed: [...new Set(seeds)] } };
}

/**
 * `phaseless robustness`: the study as a resumable sweep on the worker pool (src/analysis/sweep.ts),
 * then its summary and one figure per axis.
 */
export async function robustnessCommand(args: CliArgs<Opts<typeof robustnessFlags>>): Promise<void> {
  let spec: SweepSpec;
  let dir: string;
  if (args.opts.resume !== undefined) {
    dir = resumeFolder(args, 'robustness', { allowed: ['--workers'] });
    spec = readSweepSpec(storedSpec(dir, SPEC_FILE));
  } else {
    spec = robustnessSweep(args);
    dir = args.opts.out ?? freshDir('robustness');
  }
  const { workers } = args.opts;
  // Every run is checked (its spec, the time the study would take) before the folder is made.
  checkSweepDuration(spec, sweepPoints(spec), sweepWorkers(spec, workers));
  prepareSweepDir(dir, spec);
  await tracked(dir, 'robustness', async () => {
    const out = await runSweep(spec, { dir, workers });
    const results = out.rows.map((r) => r.result as unknown as RobustnessResult);
    const timing = { points: out.rows.length, computed: out.computed, resumed: out.reused, workers: out.workers, wallSeconds: out.wallSeconds, computeSeconds: out.computeSeconds };
    const levels = (spec.base as { levels: number }).levels;
    await writeSweepReport(
      dir,
      spec,
      out.rows.map((r) => r.result),
      timing,
      `robustness: ${out.computed} runs computed, ${out.reused} resumed, ${out.wallSeconds.toFixed(1)} s wall on ${out.workers} worker(s) (${out.computeSeconds.toFixed(1)} s of run time)`,
    );
    const stats = robustnessStats(results);
    const axes = axisNames.filter((a) => stats.some((s) => s.axis === a));
    for (const axis of axes) {
      const top = (spec.base as { max?: Partial<Record<AxisName, number>> }).max?.[axis] ?? ROBUSTNESS_MAX[axis];
      const title = `${axis}: ${levels} levels to ${top}, ${(spec.grid!.seed as number[]).length} seeds`;
      writeFileSync(join(dir, `robustness-${axis}.svg`), await renderSvg(robustnessPlot(stats, axis, title)));
    }
    process.stdout.write(`wrote ${dir}/{${axes.map((a) => `robustness-${a}.svg`).join(',')}}\n`);
  });
}
