import { produce } from 'immer';
import { DivergenceError, SpecError } from '../errors';
import { openTask } from '../tasks/task-spec';
import { integer, isRecord, knownKeys } from '../validate';
import { compareArms } from './compare';
import { prepareLearn } from './learn';
import { readProtocolSpec } from './protocol-spec';
import { learnBudget } from './learn-budget';
import { LearnSpec, defaultLearnSpec, readLearnSpec } from './learn-spec';

/**
 * The robustness study (`phaseless robustness`, issue 13): the learning rules of
 * `phaseless compare` (classic two-phase, phase-signed, TCL) on one task under growing timing
 * irregularities and faults, one axis at a time, every level up to a documented maximum scaled
 * to the model's own timescales. Each (axis, level, rule, seed) is one learning run on the event
 * engine (any timing; the reactive engine's trajectories bit for bit); its result is the run's
 * final test error ratio, as `phaseless run` reports it. Level 0 of every axis is the same,
 * undistorted run: it is computed once per rule and seed (axis "baseline").
 */

/** What an axis varies and up to where, in the model's own units. */
export interface RobustnessAxis {
  /** What a level means. */
  readonly doc: string;
  /** The unit of a level, for tables and plot axes. */
  readonly unit: string;
  /** Level of step i of n up to max (step 0 is the undistorted run). */
  level(step: number, steps: number, max: number): number;
  /** The range a maximum may take: [lo, hi], lo excluded, hi included unless hiOpen. */
  readonly maxRange: { lo: number; hi: number; hiOpen?: boolean };
  /** Applies a level to a run's spec (an immer draft); tauF is the TCL sawtooth's rise. */
  apply(d: LearnSpec, level: number, tauF: number): void;
}

const linear = (i: number, n: number, max: number) => (max * i) / (n - 1);

/** Maximum levels of the axes (the documented ranges of the study). */
export const ROBUSTNESS_MAX = { spread: 8, clock: 1, jitter: 0.9, delay: 1, drop: 0.9, stuck: 0.5, dead: 0.5 } as const;

/**
 * The axes of the study, in the order the issue lists them (spread a, clock b, delay c, drop d;
 * stuck and dead are axis e, split), with the agents' own tick jitter beside the clock view's.
 */
export const robustnessAxes = {
  spread: {
    doc: `rate spread r: every agent's (node and synapse) period is scaled by its own log-uniform factor in [1/r, r] (timing.rateSpread); levels geometric from 1 to the maximum (default ${ROBUSTNESS_MAX.spread})`,
    unit: 'rate spread factor r',
    level: (i, n, max) => Math.pow(max, i / (n - 1)),
    maxRange: { lo: 1, hi: 1e3 },
    apply: (d, r) => void (d.timing.rateSpread = r),
  },
  clock: {
    doc: `clock-view jitter: each output (the nodes the clamp clock nudges) sees every update of the clock after its own delay, uniform in [0, f tau_f], in order (clockView.randomDelay); f from 0 to the maximum (default ${ROBUSTNESS_MAX.clock}); phase-reading synapses still read the clock on time`,
    unit: 'maximum clock-view delay / tau_f',
    level: linear,
    maxRange: { lo: 0, hi: 1e3 },
    apply: (d, f, tauF) => void (d.clockView = f === 0 ? d.clockView : { ...(d.clockView ?? {}), randomDelay: { min: 0, max: f * tauF } }),
  },
  jitter: {
    doc: `agents' clock jitter j: every tick interval of every agent is its period times (1 + j u), u uniform in [-1, 1] (timing.jitter, a fraction of the period); levels 0 to the maximum (default ${ROBUSTNESS_MAX.jitter})`,
    unit: 'jitter (fraction of the period)',
    level: linear,
    maxRange: { lo: 0, hi: 1, hiOpen: true },
    apply: (d, j) => void (d.timing.jitter = j),
  },
  delay: {
    doc: `random endpoint delays: each update of an endpoint reaches a synapse's rule after its own delay, uniform in [0, f tau_f], in order (endpointView.randomDelay); f from 0 to the maximum (default ${ROBUSTNESS_MAX.delay}), tau_f the TCL sawtooth's rise time (0.5 for the default spec)`,
    unit: 'maximum delay / tau_f',
    level: linear,
    maxRange: { lo: 0, hi: 1e3 },
    apply: (d, f, tauF) => void (d.endpointView = f === 0 ? d.endpointView : { ...(d.endpointView ?? {}), randomDelay: { min: 0, max: f * tauF } }),
  },
  drop: {
    doc: `dropped messages: each update of an endpoint is lost on its way to a synapse's rule with probability p (faults.drop); p from 0 to the maximum (default ${ROBUSTNESS_MAX.drop})`,
    unit: 'drop probability p',
    level: linear,
    maxRange: { lo: 0, hi: 1, hiOpen: true },
    apply: (d, p) => void (d.faults = { dead: 0, stuck: 0, ...(d.faults ?? {}), drop: p }),
  },
  stuck: {
    doc: `stuck synapses: a fraction frozen at their initial weight (faults.stuck; they conduct, never learn); 0 to the maximum (default ${ROBUSTNESS_MAX.stuck})`,
    unit: 'fraction of synapses stuck',
    level: linear,
    maxRange: { lo: 0, hi: 1 },
    apply: (d, f) => void (d.faults = { dead: 0, drop: 0, ...(d.faults ?? {}), stuck: f }),
  },
  dead: {
    doc: `dead synapses: a fraction conducting zero (weight 0, never learn; faults.dead); 0 to the maximum (default ${ROBUSTNESS_MAX.dead})`,
    unit: 'fraction of synapses dead',
    level: linear,
    maxRange: { lo: 0, hi: 1 },
    apply: (d, f) => void (d.faults = { stuck: 0, drop: 0, ...(d.faults ?? {}), dead: f }),
  },
} satisfies Record<string, RobustnessAxis>;

/** The name of an axis of the study. */
export type AxisName = keyof typeof robustnessAxes;
/** The axes' names, in study order. */
export const axisNames = Object.keys(robustnessAxes) as AxisName[];

/** The rules of the study, by short name: the arms of `phaseless compare` they run as. */
export const robustnessRules = { classic: 'classic two-phase', phaseSigned: 'phase-signed, stochastic phases', tcl: 'TCL sawtooth' } as const;
/** A rule of the study. */
export type RobustnessRule = keyof typeof robustnessRules;
/** The rules' short names, in study order. */
export const robustnessRuleNames = Object.keys(robustnessRules) as RobustnessRule[];

/** Epochs of the built-in study (the default spec's 30 cut to 10, so the default finishes in minutes). */
export const ROBUSTNESS_EPOCHS = 10;

/**
 * Levels per axis and seeds of `phaseless robustness` with no flags: a first look in a few
 * minutes on 2 cores (45 runs). With 3 levels an axis's levels are 0, half its maximum and its
 * maximum, which are levels 0, 2 and 4 of the full study's 5 (the rate spread's geometric levels
 * too), so each of these runs is one of the full study's, with the same result.
 */
export const QUICK_STUDY = { levels: 3, seeds: [1] } as const;
/** Levels and seeds of the full study that docs/robustness.md reports (`--full`; 261 runs). */
export const FULL_STUDY = { levels: 5, seeds: [1, 2, 3] } as const;

/** The study's default base: the default learning spec with ROBUSTNESS_EPOCHS epochs. */
export const defaultRobustnessSpec: LearnSpec = { ...defaultLearnSpec, epochs: ROBUSTNESS_EPOCHS };

/** One run of the study, as a sweep point (src/analysis/sweep.ts). */
export interface RobustnessPoint {
  /** The base learning spec (task, network, timing...); the rule's protocol and rule replace its own. */
  spec: LearnSpec;
  axis: AxisName | 'baseline';
  /** Level index, 0 .. levels - 1 (0: undistorted, axis "baseline"). */
  step: number;
  levels: number;
  /** The maximum level of the point's axis, if not the default (ROBUSTNESS_MAX). */
  max?: number;
  rule: RobustnessRule;
  seed: number;
}

/** What a point measured (or, if the run diverged or its outputs were cut off, why it failed). */
export interface RobustnessResult {
  axis: AxisName | 'baseline';
  level: number;
  rule: RobustnessRule;
  seed: number;
  initialTestError?: number;
  finalTestError?: number;
  errorRatio?: number;
  events?: number;
  wallSeconds?: number;
  /** Why the run failed: it diverged, or its outputs were cut off (cutOff). */
  failed?: string;
  /**
   * Dead synapses cut an output off from every source and the ground: its voltage, and the test
   * error, have no value from the start. The network failed, not the rule.
   */
  cutOff?: boolean;
}

/** A point's defaults: TCL's undistorted run, seed 1, on the study's default spec. */
export const defaultRobustnessPoint: RobustnessPoint = { spec: defaultRobustnessSpec, axis: 'baseline', step: 0, levels: 5, rule: 'tcl', seed: 1 };

/** At most this many levels per axis. */
export const MAX_LEVELS = 50;

const pointKeys = ['spec', 'axis', 'step', 'levels', 'max', 'rule', 'seed'];

/** Checks a point (field names under `field`); level 0 of any axis becomes the baseline. */
export function checkRobustnessPoint(v: unknown, field = 'point'): RobustnessPoint {
  if (!isRecord(v)) throw new SpecError(field, `an object with fields ${pointKeys.join(', ')}`, v);
  knownKeys(field, v, pointKeys);
  const spec = v.spec === undefined ? defaultRobustnessSpec : readLearnSpec(v.spec);
  const levels = integer(`${field}.levels`, v.levels ?? 5, 2);
  if (levels > MAX_LEVELS) throw new SpecError(`${field}.levels`, `at most ${MAX_LEVELS}`, levels);
  const step = integer(`${field}.step`, v.step ?? 0, 0);
  if (step >= levels) throw new SpecError(`${field}.step`, `a level index < levels (${levels})`, step);
  if (v.axis !== 'baseline' && !(axisNames as unknown[]).includes(v.axis)) throw new SpecError(`${field}.axis`, `one of ${axisNames.join(', ')}`, v.axis);
  if (v.axis === 'baseline' && step !== 0) throw new SpecError(`${field}.step`, '0 for the baseline', step);
  if (!(robustnessRuleNames as unknown[]).includes(v.rule)) throw new SpecError(`${field}.rule`, `one of ${robustnessRuleNames.join(', ')}`, v.rule);
  const seed = integer(`${field}.seed`, v.seed ?? spec.seed, 0);
  const axis = step === 0 ? 'baseline' : (v.axis as AxisName);
  // A maximum is per axis: {axis: value} as the study gives it, or the point's own axis's number.
  const given = isRecord(v.max) && v.axis !== 'baseline' ? v.max[v.axis as string] : v.max;
  const max = axis === 'baseline' || given === undefined ? undefined : checkMax(axis, given, `${field}.max`);
  const point: RobustnessPoint = { spec, axis, step, levels, ...(max === undefined ? {} : { max }), rule: v.rule as RobustnessRule, seed };
  // The run itself is checked here too (network, rule, protocol, budget: prepareLearn), so a
  // bad spec or level fails before any work, not as a failed point inside the sweep.
  const run = runSpecOf(point);
  const key = JSON.stringify(run);
  if (!prepared.has(key)) {
    prepareLearn(run);
    prepared.add(key);
  }
  return point;
}

/** Run specs already prepared in this process (a sweep checks its points twice before running them). */
const prepared = new Set<string>();

/** Checks an axis's maximum level against the range the axis allows. */
export function checkMax(axis: AxisName, v: unknown, field: string): number {
  const { lo, hi, hiOpen } = (robustnessAxes[axis] as RobustnessAxis).maxRange;
  const ok = typeof v === 'number' && v > lo && (hiOpen ? v < hi : v <= hi);
  if (!ok) throw new SpecError(field, `a maximum ${axis} level in (${lo}, ${hi}${hiOpen ? ')' : ']'}`, v);
  return v as number;
}

/** The level of a point, in its axis's unit (0 for the baseline). */
export function levelOf(p: Pick<RobustnessPoint, 'axis' | 'step' | 'levels' | 'max'>): number {
  return p.axis === 'baseline' ? 0 : robustnessAxes[p.axis].level(p.step, p.levels, p.max ?? ROBUSTNESS_MAX[p.axis]);
}

/** The baseline level of an axis (its step 0): 1 for the rate spread factor, else 0. */
export function baselineLevel(axis: AxisName): number {
  return robustnessAxes[axis].level(0, 2, ROBUSTNESS_MAX[axis]);
}

/**
 * tau_f of the study: the rise time of the TCL arm's sawtooth (the spec's own sawtooth, or
 * compare's default), rise fraction x period (0.5 for the default spec).
 */
export function studyTauF(base: LearnSpec): number {
  const tcl = compareArms(base).find((a) => a.name === robustnessRules.tcl)!;
  return readProtocolSpec(tcl.protocol).ramps!.rise;
}

/** The learning spec one point runs: its rule's arm on the base task, its seed, its axis at its level, on the event engine. */
export function runSpecOf(p: RobustnessPoint): LearnSpec {
  const arm = compareArms(p.spec).find((a) => a.name === robustnessRules[p.rule])!;
  const tauF = studyTauF(p.spec);
  const raw = produce(p.spec, (d) => {
    d.protocol = arm.protocol;
    d.rule = arm.rule;
    d.allowTimescaleOverlap = arm.allowTimescaleOverlap ?? p.spec.allowTimescaleOverlap;
    d.seed = p.seed;
    d.engine = 'event';
    if (p.axis !== 'baseline') robustnessAxes[p.axis].apply(d, levelOf(p), tauF);
  });
  return readLearnSpec(JSON.parse(JSON.stringify(raw)));
}

/**
 * Runs one point. A run that diverges (or whose outputs dead synapses cut off, so that its
 * error has no value) is a result, not an error of the study: it is recorded as failed, with
 * the reason.
 */
export function robustnessPoint(p: RobustnessPoint): RobustnessResult {
  const labels = { axis: p.axis, level: levelOf(p), rule: p.rule, seed: p.seed };
  try {
    const r = prepareLearn(runSpecOf(p)).run();
    return { ...labels, initialTestError: r.initialTestError, finalTestError: r.finalTestError, errorRatio: r.errorRatio, events: r.events, wallSeconds: r.wallSeconds };
  } catch (e) {
    // Only a node cut off by zero conductances makes a metric non-finite before any learning.
    if (e instanceof DivergenceError) return { ...labels, failed: e.message, ...(e.agent.startsWith('metric') && e.time === 0 ? { cutOff: true } : {}) };
    throw e;
  }
}

/** Estimated seconds of one point on one core (the learning run's own estimate). */
export function robustnessSeconds(p: RobustnessPoint): number {
  const spec = runSpecOf(p);
  return learnBudget(spec, openTask(spec.task).counts).seconds;
}
