import { DivergenceError, SpecError } from '../errors';
import { checkDuration } from '../budget';
import { sawtoothCycle } from '../analysis/sawtooth-cycle';
import { chemotaxisKernel } from '../synapses/kernels/chemotaxis';
import { MemoryKernel } from '../synapses/kernels/memory-kernel';
import { finite, integer, nonNegative, positive } from '../validate';

/**
 * Where the sawtooth sits relative to the background s_bar. 'centred' is the authors' single-
 * synapse convention (s_bar - A/2 .. s_bar + A/2; [TCL] authors' code;
 * docs/science.md#the-authors-conventions) and the one the analysis sweeps use; 'above' runs s_bar
 * .. s_bar + A. With a kernel area I the two differ by a constant I A/2 in u, so they differ only
 * when I != 0.
 */
export type SawtoothPlacement = 'centred' | 'above';
export const placements: readonly SawtoothPlacement[] = ['centred', 'above'];

/** The single-synapse experiment of [TCL] (docs/science.md#the-sawtooth-protocol); defaults are the paper's. */
export interface ResponseSpec {
  tauF: number;
  tauS: number;
  theta: number;
  /** Kernel area I. */
  area: number;
  /** Background signal s_bar under the sawtooth. */
  background: number;
  B: number;
  dt: number;
  amplitudes: number[];
  /** Periods run before the measured one, to reach the periodic steady state. */
  warmup: number;
  placement: SawtoothPlacement;
}

/**
 * The authors' single-synapse response curve ([TCL]): tau_f 1, tau_s 9, theta 100/9, area 0, B 20,
 * dt 1e-4, sawtooth centred on the background.
 */
export const defaultResponseSpec: ResponseSpec = {
  tauF: 1,
  tauS: 9,
  theta: 100 / 9,
  area: 0,
  background: 0,
  B: 20,
  dt: 1e-4,
  amplitudes: [5, 10, 15, 20, 30, 40, 60, 80, 100, 120, 150, 200],
  warmup: 1,
  placement: 'centred',
};

export function checkResponseSpec(s: ResponseSpec): ResponseSpec {
  positive('tau-f', s.tauF);
  positive('tau-s', s.tauS);
  if (!(s.tauS > s.tauF)) throw new SpecError('tau-s', `longer than tau-f (${s.tauF}): the sawtooth rises fast and falls slowly, A_min = theta tau_f < A_max = theta tau_s`, s.tauS);
  positive('theta', s.theta);
  finite('kernel-area', s.area);
  finite('background', s.background);
  positive('B', s.B);
  positive('dt', s.dt);
  if (s.dt > (s.tauF + s.tauS) / 10) throw new SpecError('dt', `at most a tenth of the period (${(s.tauF + s.tauS) / 10})`, s.dt);
  if (6 * s.area + 2 * s.B <= 0) throw new SpecError('kernel-area', `a value > -B/3 (${-s.B / 3})`, s.area);
  if (!Array.isArray(s.amplitudes) || s.amplitudes.length === 0) throw new SpecError('amplitudes', 'a non-empty list of numbers', s.amplitudes);
  s.amplitudes.forEach((a, i) => nonNegative(`amplitudes[${i}]`, a));
  // A whole number of periods: with a fractional count, n === warmup * steps may never hold
  // and sawtoothResponse would silently return the update of the whole run.
  integer('warmup', s.warmup, 0);
  if (!placements.includes(s.placement)) throw new SpecError('placement', `one of ${placements.join(', ')}`, s.placement);
  // About 2e7 synapse steps per second on one core.
  const steps = s.amplitudes.length * (s.warmup + 1) * Math.ceil((s.tauF + s.tauS) / s.dt);
  checkDuration('dt', steps / 2e7, `${s.amplitudes.length} amplitudes x ${s.warmup + 1} periods at dt ${s.dt}`, false, 'a larger --dt makes it shorter');
  return s;
}

/**
 * Net update over one period of the periodic steady state, dw = integral of g(u) dt, for a
 * sawtooth of amplitude A rising over tau_f and falling over tau_s, placed on s_bar as the spec
 * says. The synapse runs the very rule the networks use (lr 1, no bounds), through the same
 * cycle the analysis sweeps measure, so dw = w_before - w_after.
 */
export function sawtoothResponse(s: ResponseSpec, amplitude: number, kernel?: MemoryKernel): number {
  const k = kernel ?? chemotaxisKernel({ B: s.B, area: s.area });
  const cycle = { tauF: s.tauF, tauS: s.tauS, theta: s.theta, background: s.background, centred: s.placement !== 'above', dt: s.dt, warmup: s.warmup };
  return sawtoothCycle(cycle, amplitude, k).dw;
}

/**
 * dw/A per amplitude in the periodic steady state; throws DivergenceError if a value is not finite.
 */
export function responseCurve(s: ResponseSpec): { amplitudes: number[]; dwOverA: number[] } {
  checkResponseSpec(s);
  const dwOverA = s.amplitudes.map((a) => {
    const r = a === 0 ? 0 : sawtoothResponse(s, a) / a;
    if (!Number.isFinite(r)) throw new DivergenceError(`synapse (amplitude ${a})`, (s.warmup + 1) * (s.tauF + s.tauS), r);
    return r;
  });
  return { amplitudes: s.amplitudes, dwOverA };
}
