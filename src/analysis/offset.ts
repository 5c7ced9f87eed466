import { SpecError } from '../errors';
import { chemotaxisKernel } from '../synapses/kernels/chemotaxis';
import { MemoryKernel } from '../synapses/kernels/memory-kernel';
import { finite, inRange, integer, positive } from '../validate';
import { checkCycleSpec } from './sawtooth-cycle';
import { cycleOf, linearRegime, readPoint, responseData } from './learning-range';
import { onsetLineFit } from './line-intercept';

/**
 * The offset error of a kernel with area I under a background s_bar ([TCL];
 * docs/science.md#the-sawtooth-protocol). u ~ I s + ds/dt, so while |u| >= theta the background
 * adds I s_bar to g(u): the linear regime of dw(A) is shifted by I s_bar (time above threshold).
 *
 * Measured: the intercept at A = 0 of the fitted linear segment of dw(A) / A_max (the centred
 * sawtooth s_bar +- A/2, as in the authors' code), and the same for a baseline without the
 * offset: for the chemotaxis kernel, the area-free kernel I = 0 (its intercept is the kernel's
 * own lag, a few per cent of A_max near tau_f ~ tau_K); for kernels without an area-free twin
 * (Markov), the same kernel with s_bar = 0. The difference is the offset.
 * Predicted: I s_bar T / A_max with T the mean time above threshold over the fitted linear
 * segment (measured in the same runs), and the cruder I s_bar tau_f / A_max.
 *
 * Two definitions, both reported (docs/science.md#the-authors-conventions): the authors' plot the
 * raw intercept, lag included (`intercept`: the linear segment of the three-segment fit, their Fig.
 * 5C; `lineIntercept`: a straight line from the onset dw/A_max > 0.05 up to A_max, their Markov
 * figure); ours subtracts the baseline (`offset`, `shift`), which isolates the background's part.
 */
export interface OffsetWindow {
  tauF: number;
  tauS: number;
  aMax: number;
  background: number;
  dt: number;
  amplitudes: number;
  top: number;
  slopeTolerance: number;
}

export interface OffsetMeasure {
  failed: boolean;
  /** Intercepts of the linear regime per A_max, with the background (the authors' Fig. 5C offset) and without it. */
  intercept: number;
  /** The authors' Markov-figure offset: raw intercept of a straight line from the onset (dw/A_max > 0.05) to A_max, background on. */
  lineIntercept: number;
  baseline: number;
  /** intercept - baseline: the offset the background causes, by extrapolation to A = 0. */
  offset: number;
  /**
   * The mean of (dw(A) - dw_baseline(A)) / A_max over the amplitudes in both curves' linear
   * regimes. With the same kernel at s_bar = 0 as baseline this is the background's offset
   * without extrapolating to A = 0; against an area-free kernel it also holds the change of gain
   * the area causes (the I A saw term), so it is not an offset there.
   */
  shift: number;
  /** Mean time above threshold (background on) over those amplitudes. */
  timeAbove: number;
  /** I s_bar timeAbove / A_max and the cruder I s_bar tau_f / A_max. */
  prediction: number;
  predictionRise: number;
  slope: number;
  aMinRatio: number;
  /** Amplitudes the shift and the time above threshold average over. */
  common: number;
}

/**
 * The baseline is the same window without the background; by default through the same kernel,
 * or through `baselineKernel` (an area-free kernel, whose response no background can change).
 */
export function measureOffset(w: OffsetWindow, kernel: MemoryKernel, area: number, theta: number, baselineKernel = kernel): OffsetMeasure {
  const withBg = responseData(cycleOf(w, theta), kernel, w.aMax, w.amplitudes, w.top);
  const without = responseData(cycleOf({ ...w, background: 0 }, theta), baselineKernel, w.aMax, w.amplitudes, w.top);
  const r = linearRegime(withBg, w.slopeTolerance);
  const r0 = linearRegime(without, w.slopeTolerance);
  const from = Math.max(r.fit.breaks[2], r0.fit.breaks[2]);
  const common = withBg.x.map((_, i) => i).filter((i) => withBg.x[i] >= from);
  const mean = (f: (i: number) => number) => common.reduce((s, i) => s + f(i), 0) / Math.max(1, common.length);
  const timeAbove = mean((i) => withBg.timeAbove[i]);
  return {
    failed: r.failed || r0.failed || common.length < 5,
    intercept: r.intercept,
    lineIntercept: onsetLineFit(withBg).intercept,
    baseline: r0.intercept,
    offset: r.intercept - r0.intercept,
    shift: mean((i) => withBg.y[i] - without.y[i]),
    timeAbove,
    prediction: (area * w.background * timeAbove) / w.aMax,
    predictionRise: (area * w.background * w.tauF) / w.aMax,
    slope: r.slope,
    aMinRatio: r.aMinRatio,
    common: common.length,
  };
}

/** An offset experiment: the response-curve window plus the chemotaxis kernel's B and area I. */
export interface OffsetPoint extends OffsetWindow {
  B: number;
  area: number;
}

/**
 * The authors' offset defaults: kernel area I = 0.05 with background 25, tau_f 1, tau_s 9, A_max
 * 100.
 */
export const defaultOffsetPoint: OffsetPoint = {
  tauF: 1,
  tauS: 9,
  aMax: 100,
  B: 20,
  area: 0.05,
  background: 25,
  dt: 1e-3,
  amplitudes: 200,
  top: 0.75,
  slopeTolerance: 0.25,
};

export function checkOffsetWindow<P extends OffsetWindow>(p: P, field: string, theta: number): P {
  positive(`${field}.aMax`, p.aMax);
  integer(`${field}.amplitudes`, p.amplitudes, 12);
  inRange(`${field}.top`, p.top, 0, 1);
  if (p.top === 0) throw new SpecError(`${field}.top`, 'a fraction of A_max in (0, 1]', p.top);
  inRange(`${field}.slopeTolerance`, p.slopeTolerance, 0, 1);
  checkCycleSpec(cycleOf(p, theta), field);
  return p;
}

export function checkOffsetPoint(v: unknown, field = 'point'): OffsetPoint {
  const p = readPoint(v, field, defaultOffsetPoint);
  positive(`${field}.B`, p.B);
  finite(`${field}.area`, p.area);
  if (6 * p.area + 2 * p.B <= 0) throw new SpecError(`${field}.area`, `a value > -B/3 (${-p.B / 3})`, p.area);
  return checkOffsetWindow(p, field, p.aMax / positive(`${field}.tauS`, p.tauS));
}

/**
 * One offset point: the measured offset error and the timescales it was measured at (also in units
 * of tau_K).
 */
export interface OffsetResult extends OffsetMeasure {
  tauF: number;
  tauS: number;
  tauFOverTauK: number;
  periodOverTauK: number;
}

/**
 * One point of the offset experiment: chemotaxis kernel with area I, theta = A_max / tau_s,
 * against the I = 0 kernel. (The same kernel at s_bar = 0 is no baseline here: with the centred
 * signal its fall reaches u ~ -I A/2 - A/tau_s, which passes -theta below 0.75 A_max once
 * tau_s > ~13, and the fit of that curve fails; measured in docs/analysis.md.)
 */
export function offsetPoint(point: OffsetPoint): OffsetResult {
  const p = checkOffsetPoint(point);
  const m = measureOffset(p, chemotaxisKernel({ B: p.B, area: p.area }), p.area, p.aMax / p.tauS, chemotaxisKernel({ B: p.B, area: 0 }));
  return { tauF: p.tauF, tauS: p.tauS, tauFOverTauK: p.tauF * p.B, periodOverTauK: (p.tauF + p.tauS) * p.B, ...m };
}
