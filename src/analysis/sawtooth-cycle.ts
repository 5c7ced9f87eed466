import { SpecError } from '../errors';
import { sawtoothAt } from '../streams/protocols';
import { MemoryKernel } from '../synapses/kernels/memory-kernel';
import { temporalContrastive, TCL_U } from '../synapses/rules/temporal-contrastive';
import { finite, integer, positive } from '../validate';

/**
 * One sawtooth period of a single synapse in its periodic steady state ([TCL];
 * docs/science.md#the-sawtooth-protocol). The synapse is the very rule the networks use
 * (temporalContrastive(kernel), lr 1, no bounds); the signal is sampled at the middle of each step,
 * as in experiments/response.ts. On top of dw it reports how long |u| stays at or above theta,
 * which the offset prediction needs.
 */
export interface CycleSpec {
  tauF: number;
  tauS: number;
  theta: number;
  /** s_bar: the signal's centre (centred) or its bottom (not centred). */
  background: number;
  /**
   * Centred (the authors' single-synapse convention): s runs from s_bar - A/2 up to s_bar + A/2
   * and back. Not centred (experiments/response.ts with placement 'above'): from s_bar up to s_bar + A.
   */
  centred: boolean;
  dt: number;
  /** Whole periods run before the measured one. */
  warmup: number;
}

/** What one sawtooth period did to a single synapse. */
export interface CycleResult {
  /** Net update over the period, w_before - w_after = integral of g(u) dt. */
  dw: number;
  /** Time with |u| >= theta, in the rise and in the fall. */
  riseAbove: number;
  fallAbove: number;
}

export function checkCycleSpec(s: CycleSpec, field = 'cycle'): CycleSpec {
  positive(`${field}.tauF`, s.tauF);
  positive(`${field}.tauS`, s.tauS);
  positive(`${field}.theta`, s.theta);
  finite(`${field}.background`, s.background);
  if (typeof s.centred !== 'boolean') throw new SpecError(`${field}.centred`, 'true or false', s.centred);
  positive(`${field}.dt`, s.dt);
  if (s.dt > Math.min(s.tauF, s.tauS) / 20) {
    throw new SpecError(`${field}.dt`, `at most min(tauF, tauS) / 20 = ${Math.min(s.tauF, s.tauS) / 20} (20 steps per ramp)`, s.dt);
  }
  integer(`${field}.warmup`, s.warmup, 0);
  return s;
}

/**
 * Runs one TCL synapse (lr 1, no weight bounds) through warm-up periods and one measured period of
 * the sawtooth at the given amplitude.
 */
export function sawtoothCycle(s: CycleSpec, amplitude: number, kernel: MemoryKernel): CycleResult {
  const rule = temporalContrastive(kernel);
  const params = { lr: 1, wMin: -Infinity, wMax: Infinity, theta: s.theta, linear: false };
  const period = s.tauF + s.tauS;
  const wave = { period, rise: s.tauF / period, amplitude };
  const offset = s.centred ? s.background - amplitude / 2 : s.background;
  const steps = Math.round(period / s.dt);
  const dt = period / steps;
  const x = new Float64Array(rule.stateSize);
  rule.init(x, 0, 0, params);
  let before = 0;
  let riseAbove = 0;
  let fallAbove = 0;
  const first = s.warmup * steps;
  for (let n = 0; n < (s.warmup + 1) * steps; n++) {
    if (n === first) before = x[0];
    const t = ((n % steps) + 0.5) * dt;
    const sig = sawtoothAt(wave, t);
    rule.step(x, 0, offset + sig.beta, 0, dt, params);
    if (n >= first && Math.abs(x[TCL_U]) >= s.theta) {
      if (sig.phase === 'rise') riseAbove += dt;
      else fallAbove += dt;
    }
  }
  return { dw: before - x[0], riseAbove, fallAbove };
}
