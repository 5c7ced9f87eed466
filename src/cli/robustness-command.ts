import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import { robustnessPlot, robustnessStats } from '../analysis/robustness-summary';
import { POINTS_FILE, SPEC_FILE, checkSweepDuration, prepareSweepDir, readFinished, runSweep, sweepWorkers } from '../analysis/sweep';
import { SweepSpec, readSweepSpec, sweepPoints } from '../analysis/sweep-spec';
import { readLearnSpec } from '../learning/learn-spec';
import {
  FULL_STUDY,
  MAX_LEVELS,
  QUICK_STUDY,
  ROBUSTNESS_EPOCHS,
  ROBUSTNESS_MAX,
  AxisName,
  RobustnessResult,
  axisNames,
  checkMax,
  defaultRobustnessSpec,
  robustnessAxes,
  checkRobustnessPoint,
  robustnessRuleNames,
  robustnessSeconds,
} from '../learning/robustness';
import { renderSvg } from '../plots/render-svg';
import { CliArgs, defineCommand } from './command-def';
import { FlagType, Opts, flag, integer, list, number, oneOf, outFlag, text, toggle } from './flags';
import { SpecError } from '../errors';
import { freshDir, resumeFolder, storedSpec, tracked } from './run-dir';
import { resolveLearnSpec } from './run-command';
import { writeSweepReport } from './sweep-report';
import { studyOf } from './seed-study';
import { pointStudyCommand } from './point-study';
import { formatDuration } from './progress';

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
  // No defaults here: a level count or seeds not given come from the quick study or, with --full, the full one.
  levels: flag(
    '--levels <N>',
    `levels per axis, from 0 to the axis's maximum (default: ${QUICK_STUDY.levels}; with --full ${FULL_STUDY.levels})`,
    integer(2, { max: MAX_LEVELS, why: 'every level is 3 runs per seed' }),
  ),
  seeds: flag('--seeds <LIST>', `comma-separated seeds (default: ${QUICK_STUDY.seeds.join(',')}; with --full ${FULL_STUDY.seeds.join(',')})`, list(integer(0))),
  full: toggle(
    '--full',
    `the full study of docs/robustness.md: ${FULL_STUDY.levels} levels, seeds ${FULL_STUDY.seeds.join(',')} (261 runs, about 20 min on 2 cores); --levels and --seeds still apply. EP and RBM specs: all 5 levels of each axis for seeds 1,2,3 instead of the first look (levels 2 and 4, seed 1)`,
  ),
  rules: flag('--rules <LIST>', `comma-separated rules (${robustnessRuleNames.join(', ')})`, list(oneOf(robustnessRuleNames)), robustnessRuleNames),
  max: flag('--max <LIST>', `maxima of axes other than the defaults, as axis=value pairs (defaults: ${axisNames.map((a) => `${a}=${ROBUSTNESS_MAX[a]}`).join(',')})`, maxima),
  epochs: flag('--epochs <N>', `epochs per run (default: the spec's; ${ROBUSTNESS_EPOCHS} for the built-in spec)`, integer(1)),
  out: outFlag('runs/robustness-N'),
  workers: flag('--workers <N>', 'worker threads, 0 for none (default: all cores; EP and RBM studies: 1, point after point)', integer(0)),
  resume: flag('--resume <DIR>', 'finish the interrupted study in DIR, computing only the runs not in points.ndjson (EP and RBM studies: the points not finished, the one cut short from its checkpoint; with --workers only)', text),
};

const axesAbout = axisNames.map((a) => `${a}: ${robustnessAxes[a].doc}`).join('; ');

export const robustnessCli = defineCommand({
  name: 'robustness',
  summary: 'robustness curves: each rule under rate spread, jitter, endpoint delays, drops, stuck and dead synapses',
  about:
    "The learning rules of `phaseless compare` (classic two-phase, phase-signed, TCL) on the spec's task, one axis of " +
    'timing irregularity or fault at a time, at --levels levels from 0 to a maximum scaled to the model\'s timescales, ' +
    `for each of --seeds, on the event engine. With no flags a quick study (${QUICK_STUDY.levels} levels, seed ${QUICK_STUDY.seeds.join(',')}: 45 runs, a few minutes on 2 cores, ` +
    'each run one of the full study\'s); --full runs the study docs/robustness.md reports. It prints the estimated time before it starts, then its progress. ' +
    `The axes: ${axesAbout}. Each run's result is its final / initial test error ` +
    '(as `phaseless run` reports it); a run that diverges or whose outputs dead synapses cut off is recorded as failed. ' +
    'Writes status.json, sweep.json, points.ndjson (one line per run), summary.json (mean and std per point, where each rule ' +
    'breaks), robustness.svg and robustness-<axis>.svg; --resume DIR (or the same command with the same --out) computes only the runs not yet in the folder. ' +
    'An EP (hopfield) or RBM spec runs the paper experiments\' study instead (docs/ep-robustness, docs/rbm-robustness): the spec is the base point, ' +
    'and each of spread, jitter, delay, drop, stuck and dead at fixed levels (delays in relaxation or Gibbs steps) is a point of its own, ' +
    'by default the first look (levels 2 and 4 of 5, seed 1), with --full every level for seeds 1,2,3; each point runs as `phaseless ep` or `rbm` ' +
    'would, in runs/<point> of the folder with its progress and checkpoints (points/<point>.json holds its spec), and the study ends with ' +
    'results.ndjson, curves.ndjson, table.md and one SVG per axis.',
  args: { '[spec.json]': `a learning spec whose task, network and timing every run shares (default: the built-in one with ${ROBUSTNESS_EPOCHS} epochs), or an EP or RBM spec on the event engine (the base point of its study)` },
  flags: robustnessFlags,
  examples: [
    ['phaseless robustness', 'a first look: 7 axes x 3 levels x 3 rules, seed 1 (45 runs, a few minutes)'],
    ['phaseless robustness --full --out runs/rob', 'the full study of docs/robustness.md: 7 axes x 5 levels x 3 rules x 3 seeds (261 runs)'],
    ['phaseless robustness --axes delay,drop --levels 7 --seeds 1,2,3,4,5', 'two axes, finer, five seeds'],
    ['phaseless robustness spec.json --rules tcl --epochs 30 --workers 2', 'TCL alone on your task'],
    ['phaseless robustness --axes delay,drop --max delay=10,drop=0.99 --rules classic,tcl', 'past the default maxima: delays to 10 tau_f, 99% drops'],
    ['phaseless robustness --resume runs/rob', 'finish that study after an interruption'],
    ['phaseless robustness docs/rbm-robustness/bas-event.json --workers 2 --out runs/rbm-rob', 'the RBM study\'s first look: 13 points on bars and stripes, two at a time (hours)'],
  ],
  run: robustnessCommand,
});

/** The sweep of a study: every (axis, level, rule, seed) as a point of the robustness experiment. */
export function robustnessSweep(args: CliArgs<Opts<typeof robustnessFlags>>): SweepSpec {
  const { axes, rules, epochs, max } = args.opts;
  const study = args.opts.full ? FULL_STUDY : QUICK_STUDY;
  const levels = args.opts.levels ?? study.levels;
  const seeds = args.opts.seeds ?? study.seeds;
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
  // EP and RBM specs run the paper experiments' study, a run folder per point (point-study.ts).
  const study = studyOf(args);
  if (study) return pointStudyCommand(args, study.form, study.read);
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
  process.stderr.write(studyEstimate(spec, dir, sweepWorkers(spec, workers)) + '\n');
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

/**
 * What a study will do and how long it should take, printed before it starts: the runs still to
 * compute (level 0 once per rule and seed; runs already in the folder's points.ndjson left out)
 * and each run's own estimate (the learning run's budget, src/learning/learn-budget.ts) summed
 * and spread over the workers. Called after prepareSweepDir, so the folder is this study's.
 */
export function studyEstimate(spec: SweepSpec, dir: string, workers: number): string {
  const done = existsSync(join(dir, POINTS_FILE)) ? readFinished(dir) : new Map();
  const todo = new Map(sweepPoints(spec).filter((p) => !done.has(p.key)).map((p) => [p.key, p.point]));
  let seconds = 0;
  let longest = 0;
  for (const point of todo.values()) {
    const s = robustnessSeconds(checkRobustnessPoint(point));
    seconds += s;
    longest = Math.max(longest, s);
  }
  const w = Math.max(1, Math.min(workers, todo.size));
  const grid = spec.grid as { axis: string[]; step: number[]; rule: string[]; seed: number[] };
  const shape = `${grid.axis.length} axes x ${grid.step.length} levels x ${grid.rule.length} rules x ${grid.seed.length} seed(s)`;
  const already = done.size > 0 ? `, ${done.size} already in ${dir}` : '';
  return (
    `robustness: ${todo.size} runs to compute (${shape}, level 0 once per rule and seed${already}), ` +
    `estimated ${formatDuration(Math.max(seconds / w, longest))} on ${w} worker(s) (${formatDuration(seconds)} of run time)`
  );
}
