import { SpecError } from '../errors';
import { positive } from '../validate';
import { readPoint } from './learning-range';
import { MarkovParams, checkMarkovParams, conventionLabel, defaultMarkov, markovKernel } from './markov-adaptation';
import { OffsetMeasure, OffsetWindow, checkOffsetWindow, measureOffset } from './offset';

/**
 * Non-equilibrium kernels and their cost ([TCL]; docs/science.md#markov-kernels): for one Markov
 * adaptation kernel (gamma, RF, step), its steady-state dissipation and the offset error of a
 * synapse that learns with it. The protocol is the authors' for their Markov response curves:
 * rise 3, fall 15, A_max 50, background 10.
 *
 * The threshold: with u ~ I s + ds/dt, the fall of a centred sawtooth gives u from
 * I (s_bar + A/2) - A/tau_s down to I (s_bar - A/2) - A/tau_s. The authors set theta to the
 * first of these at A_max ('auto'); with the areas these kernels have (0.15 .. 7) the second is
 * larger in size, so the fall passes -theta well below A_max and no linear regime is left
 * (measured: every point fails). 'fall' (default) takes the larger of the two, which keeps the
 * whole fall below theta up to A_max: the definition of A_max, extended to I != 0.
 *
 * The kernel's convention is the point's: window 'infinite' with 'signed' normalisation (ours, the
 * default) or window 1 with 'absolute' (the authors'; docs/science.md#the-authors-conventions), set
 * in a sweep's base or grid.
 */
export interface DissipationPoint extends MarkovParams, OffsetWindow {
  /** 'fall' (default), 'auto' (the authors' formula) or a number. */
  theta: number | 'auto' | 'fall';
}

/**
 * The authors' Markov response-curve protocol (rise 3, fall 15, A_max 50, background 10) on the
 * default Markov kernel.
 */
export const defaultDissipationPoint: DissipationPoint = {
  ...defaultMarkov,
  tauF: 3,
  tauS: 15,
  aMax: 50,
  background: 10,
  dt: 2e-3,
  amplitudes: 150,
  top: 0.75,
  slopeTolerance: 0.5,
  theta: 'fall',
};

export function checkDissipationPoint(v: unknown, field = 'point'): DissipationPoint {
  const p = readPoint(v, field, defaultDissipationPoint);
  checkMarkovParams(p, field);
  if (p.theta !== 'auto' && p.theta !== 'fall') positive(`${field}.theta`, p.theta);
  positive(`${field}.tauS`, p.tauS);
  return checkOffsetWindow(p, field, typeof p.theta === 'number' ? p.theta : 1);
}

/**
 * One Markov point: the kernel's dissipation, area and convention, and the offset error of a
 * synapse learning with it.
 */
export interface DissipationResult extends OffsetMeasure {
  gamma: number;
  RF: number;
  step: number;
  /** The kernel's support and normalisation, e.g. 'window 1, absolute normalisation'. */
  convention: string;
  area: number;
  tauK: number;
  theta: number;
  /** kT per Markov time unit (the authors' axis) and per synapse time unit. */
  dissipation: number;
  dissipationPerTime: number;
  /** kT dissipated by one synapse over one sawtooth period. */
  energyPerCycle: number;
  /**
   * ln |x / s_bar| for: the authors' offset (lineIntercept, the raw straight-line intercept; the
   * figure's default), ours (shift: the background's shift against the same kernel at s_bar = 0),
   * the baseline-corrected intercept (offset) and the three-segment intercept. Left out of a
   * sweep's points.ndjson when not finite (a zero shift: analysis/experiments.ts finiteResult).
   */
  lnLineInterceptOverBg: number;
  lnShiftOverBg: number;
  lnOffsetOverBg: number;
  lnInterceptOverBg: number;
  /** kT ln(1 / |shift|): the Landauer-like cost of the error the synapse reaches. */
  landauer: number;
}

/**
 * Realises the Markov kernel of a point, measures its steady-state dissipation (kT per unit time)
 * and the offset of its response curve.
 */
export function dissipationPoint(point: DissipationPoint): DissipationResult {
  const p = checkDissipationPoint(point);
  const kernel = markovKernel(p);
  const { info } = kernel;
  const I = info.area;
  const fallTop = I * (p.background + p.aMax / 2) - p.aMax / p.tauS;
  const fallBottom = I * (p.background - p.aMax / 2) - p.aMax / p.tauS;
  const theta = p.theta === 'auto' ? Math.abs(fallTop) : p.theta === 'fall' ? Math.max(Math.abs(fallTop), Math.abs(fallBottom)) : p.theta;
  if (!(theta > 0)) throw new SpecError(`point.theta`, 'a positive threshold (auto gave 0: set theta)', theta);
  const m = measureOffset(p, kernel, info.area, theta);
  return {
    gamma: p.gamma,
    RF: p.RF,
    step: p.step,
    convention: conventionLabel(p),
    area: info.area,
    tauK: info.tauK,
    theta,
    dissipation: info.dissipation,
    dissipationPerTime: info.dissipationPerTime,
    energyPerCycle: info.dissipationPerTime * (p.tauF + p.tauS),
    lnLineInterceptOverBg: Math.log(Math.abs(m.lineIntercept / p.background)),
    lnShiftOverBg: Math.log(Math.abs(m.shift / p.background)),
    lnOffsetOverBg: Math.log(Math.abs(m.offset / p.background)),
    lnInterceptOverBg: Math.log(Math.abs(m.intercept / p.background)),
    landauer: Math.log(1 / Math.abs(m.shift)),
    ...m,
  };
}
