import { SpecError } from '../errors';
import { chemotaxisKernel } from '../synapses/kernels/chemotaxis';
import { MemoryKernel } from '../synapses/kernels/memory-kernel';
import { finite, inRange, integer, isRecord, knownKeys, positive } from '../validate';
import { ThreeSegmentFit, fitThreeSegments } from './piecewise-linear';
import { CycleSpec, checkCycleSpec, sawtoothCycle } from './sawtooth-cycle';

/**
 * The learning range of one synapse ([TCL]; docs/science.md#the-sawtooth-protocol): dw(A) over
 * amplitudes 0 .. top * A_max with theta = A_max / tau_s, a three-segment fit (no learning, the
 * steep onset, the linear regime), A_min = where the linear segment starts. As in the authors' code
 * the sweep stops below A_max (top = 0.75), so the three segments are flat / onset / linear and the
 * linear one is the last; its slope (dw/A_max against A/A_max) must lie within slopeTolerance of 1,
 * or the point is a failure (A_min = A_max, ln(A_max/A_min) = 0).
 */
export interface RangePoint {
  tauF: number;
  tauS: number;
  aMax: number;
  /** Chemotaxis kernel rate (tau_K = 1/B) and area I. */
  B: number;
  area: number;
  background: number;
  dt: number;
  /** Number of amplitudes, evenly spaced in [0, top * aMax). */
  amplitudes: number;
  top: number;
  slopeTolerance: number;
}

/**
 * The authors' learning-range defaults: tau_f 1, tau_s 9, A_max 100 (theta = A_max / tau_s), B 20,
 * area 0.
 */
export const defaultRangePoint: RangePoint = {
  tauF: 1,
  tauS: 9,
  aMax: 100,
  B: 20,
  area: 0,
  background: 0,
  dt: 1e-3,
  amplitudes: 300,
  top: 0.75,
  slopeTolerance: 0.25,
};

/** Reads a point over defaults, rejecting unknown keys and bad values with the field named. */
export function readPoint<P extends object>(v: unknown, field: string, defaults: P): P {
  if (!isRecord(v)) throw new SpecError(field, `an object with fields ${Object.keys(defaults).join(', ')}`, v);
  knownKeys(field, v, Object.keys(defaults));
  return { ...defaults, ...(v as Partial<P>) };
}

export function checkRangePoint(v: unknown, field = 'point'): RangePoint {
  const p = readPoint(v, field, defaultRangePoint);
  positive(`${field}.aMax`, p.aMax);
  positive(`${field}.B`, p.B);
  finite(`${field}.area`, p.area);
  if (6 * p.area + 2 * p.B <= 0) throw new SpecError(`${field}.area`, `a value > -B/3 (${-p.B / 3})`, p.area);
  integer(`${field}.amplitudes`, p.amplitudes, 12);
  inRange(`${field}.top`, p.top, 0, 1);
  if (p.top === 0) throw new SpecError(`${field}.top`, 'a fraction of A_max in (0, 1]', p.top);
  inRange(`${field}.slopeTolerance`, p.slopeTolerance, 0, 1);
  checkCycleSpec(cycleOf(p, p.aMax / positive(`${field}.tauS`, p.tauS)), field);
  return p;
}

export function cycleOf(p: { tauF: number; tauS: number; background: number; dt: number }, theta: number): CycleSpec {
  return { tauF: p.tauF, tauS: p.tauS, theta, background: p.background, centred: true, dt: p.dt, warmup: 1 };
}

/** dw / A_max against A / A_max, plus the time above threshold at each amplitude. */
export interface ResponseData {
  x: number[];
  y: number[];
  timeAbove: number[];
}

export function responseData(cycle: CycleSpec, kernel: MemoryKernel, aMax: number, count: number, top: number): ResponseData {
  const out: ResponseData = { x: [], y: [], timeAbove: [] };
  for (let i = 0; i < count; i++) {
    const A = (top * aMax * i) / count;
    const r = sawtoothCycle(cycle, A, kernel);
    out.x.push(A / aMax);
    out.y.push(r.dw / aMax);
    out.timeAbove.push(r.riseAbove + r.fallAbove);
  }
  return out;
}

export interface LinearRegime {
  fit: ThreeSegmentFit;
  failed: boolean;
  /** Start of the linear segment, in units of A_max (1 on failure). */
  aMinRatio: number;
  slope: number;
  /** The linear segment's intercept at A = 0, in units of A_max. */
  intercept: number;
}

export function linearRegime(d: ResponseData, tolerance: number): LinearRegime {
  const fit = fitThreeSegments(d.x, d.y);
  const slope = fit.slopes[2];
  // A linear segment needs a few points to be one.
  const enough = d.x.filter((x) => x >= fit.breaks[2]).length >= 5;
  const failed = !(Math.abs(slope - 1) <= tolerance) || !enough;
  return { fit, failed, aMinRatio: failed ? 1 : fit.breaks[2], slope, intercept: fit.intercepts[2] };
}

/**
 * One learning-range point: A_min and A_max from the response curve, and ln(A_max / A_min) against
 * its bound ln(tau_s / tau_f).
 */
export interface RangeResult {
  tauF: number;
  tauS: number;
  tauFOverTauK: number;
  /** ln(tau_s / tau_f): the bound on ln(A_max / A_min). */
  bound: number;
  aMin: number;
  /** theta tau_f: the A_min of the slow-kernel limit. */
  aMinTheory: number;
  lnRange: number;
  failed: boolean;
  slope: number;
  breaks: number[];
}

/**
 * Measures the learning range of one synapse: theta = A_max / tau_s, response curve over the
 * amplitudes, linear regime by fit.
 */
export function learningRange(point: RangePoint): RangeResult {
  const p = checkRangePoint(point);
  const theta = p.aMax / p.tauS;
  const kernel = chemotaxisKernel({ B: p.B, area: p.area });
  const d = responseData(cycleOf(p, theta), kernel, p.aMax, p.amplitudes, p.top);
  const r = linearRegime(d, p.slopeTolerance);
  const aMin = r.aMinRatio * p.aMax;
  return {
    tauF: p.tauF,
    tauS: p.tauS,
    tauFOverTauK: p.tauF * p.B,
    bound: Math.log(p.tauS / p.tauF),
    aMin,
    aMinTheory: theta * p.tauF,
    lnRange: Math.log(p.aMax / aMin),
    failed: r.failed,
    slope: r.slope,
    breaks: r.fit.breaks.map((b) => b * p.aMax),
  };
}
