import { checkConvergencePoint, convergencePoint, defaultConvergencePoint } from './convergence';
import { checkDissipationPoint, defaultDissipationPoint, dissipationPoint } from './dissipation';
import { checkRangePoint, defaultRangePoint, learningRange } from './learning-range';
import { checkOffsetPoint, defaultOffsetPoint, offsetPoint } from './offset';
import { checkRobustnessPoint, defaultRobustnessPoint, robustnessPoint, robustnessSeconds } from '../learning/robustness';

/**
 * The single-synapse experiments a sweep can run: each reads and checks one point (a plain
 * JSON object over its defaults) and computes it. Points are pure functions of their
 * parameters, so they can run on any worker, in any order, and be skipped on resume.
 */
export interface Experiment {
  readonly name: string;
  readonly defaults: object;
  check(v: unknown, field?: string): object;
  run(point: object): object;
  /** Estimated seconds of one checked point on one core (a sweep is refused before it starts if too long). */
  seconds(point: object): number;
}

function experiment<P extends object, R extends object>(
  name: string,
  defaults: P,
  check: (v: unknown, field?: string) => P,
  run: (p: P) => R,
  seconds: (p: P) => number,
): Experiment {
  return { name, defaults, check, run: (p) => run(p as P), seconds: (p) => seconds(p as P) };
}

/*
 * Every point integrates sawtooth cycles of one synapse: (warmup + 1) = 2 periods of
 * period/dt steps per amplitude, with and without a background for the offset experiments.
 * Measured on one core: about 2e7 steps/s with the chemotaxis kernel and 4e6 with the Markov
 * kernel; the estimates take half of that.
 */
const cycleSteps = (period: number, dt: number): number => 2 * Math.ceil(period / dt);

/**
 * The sweepable experiments by name (the single-synapse range, offset, convergence, markov; the
 * learning runs of robustness), with each
 * one's defaults, checker, runner and cost estimate.
 */
export const experiments = {
  range: experiment('range', defaultRangePoint, checkRangePoint, learningRange, (p) => (p.amplitudes * cycleSteps(p.tauF + p.tauS, p.dt)) / 1e7),
  offset: experiment('offset', defaultOffsetPoint, checkOffsetPoint, offsetPoint, (p) => (2 * p.amplitudes * cycleSteps(p.tauF + p.tauS, p.dt)) / 1e7),
  convergence: experiment('convergence', defaultConvergencePoint, checkConvergencePoint, convergencePoint, (p) => cycleSteps(p.period, p.dt) / 1e7),
  markov: experiment('markov', defaultDissipationPoint, checkDissipationPoint, dissipationPoint, (p) => (2 * p.amplitudes * cycleSteps(p.tauF + p.tauS, p.dt)) / 2e6),
  // A learning run under one timing irregularity or fault (`phaseless robustness`, src/learning/robustness.ts).
  robustness: experiment('robustness', defaultRobustnessPoint, checkRobustnessPoint, robustnessPoint, robustnessSeconds),
};

/** The name of a sweepable experiment. */
export type ExperimentName = keyof typeof experiments;
export const experimentNames = Object.keys(experiments) as ExperimentName[];

export function isExperimentName(v: unknown): v is ExperimentName {
  return typeof v === 'string' && (experimentNames as string[]).includes(v);
}

/** Computes one point: the worker's whole job. */
export function runPoint(name: ExperimentName, point: object): object {
  const e = experiments[name];
  return e.run(e.check(point));
}

export interface PointRequest {
  index: number;
  experiment: ExperimentName;
  point: object;
}

export type PointReply = { index: number; result: object; seconds: number } | { index: number; error: string };

/**
 * A point's result without its non-finite numbers: a value that does not exist for this point
 * (the log of an offset that is exactly 0, the slope of a fit that failed) is left out of
 * points.ndjson rather than written as null, which JSON makes of NaN and infinities (found by
 * the spec fuzz test). Arrays keep their length: only object fields are left out.
 */
export function finiteResult<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => (x !== null && typeof x === 'object' ? finiteResult(x) : x)) as T;
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'number' && !Number.isFinite(x)) continue;
    out[k] = x !== null && typeof x === 'object' ? finiteResult(x) : x;
  }
  return out as T;
}

/** One request, as a worker thread (or the calling thread, with no pool) serves it. */
export function computePoint(req: PointRequest): PointReply {
  const started = process.hrtime.bigint();
  try {
    const result = finiteResult(runPoint(req.experiment, req.point));
    return { index: req.index, result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } catch (e) {
    return { index: req.index, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}
