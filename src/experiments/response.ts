import { DivergenceError, SpecError } from '../errors';
import { checkDuration } from '../budget';
import { sawtoothAt } from '../streams/protocols';
import { chemotaxisKernel } from '../synapses/kernels/chemotaxis';
import { MemoryKernel } from '../synapses/kernels/memory-kernel';
import { temporalContrastive } from '../synapses/rules/temporal-contrastive';
import { finite, integer, nonNegative, positive } from '../validate';

/** The single-synapse experiment of [TCL] (papers.md section 3); defaults are the paper's. */
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
}

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
  // About 2e7 synapse steps per second on one core.
  const steps = s.amplitudes.length * (s.warmup + 1) * Math.ceil((s.tauF + s.tauS) / s.dt);
  checkDuration('dt', steps / 2e7, `${s.amplitudes.length} amplitudes x ${s.warmup + 1} periods at dt ${s.dt}`, false, 'a larger --dt makes it shorter');
  return s;
}

/**
 * Net update over one period of the periodic steady state, dw = integral of g(u) dt, for a
 * sawtooth signal s(t) = s_bar + A saw(t) rising over tau_f and falling over tau_s. The
 * synapse runs the very rule the networks use (lr 1, no bounds), so dw = w_before - w_after.
 */
export function sawtoothResponse(s: ResponseSpec, amplitude: number, kernel?: MemoryKernel): number {
  const k = kernel ?? chemotaxisKernel({ B: s.B, area: s.area });
  const rule = temporalContrastive(k);
  const params = { lr: 1, wMin: -Infinity, wMax: Infinity, theta: s.theta, linear: false };
  const period = s.tauF + s.tauS;
  const wave = { period, rise: s.tauF / period, amplitude };
  const steps = Math.round(period / s.dt);
  const dt = period / steps;
  const x = new Float64Array(rule.stateSize);
  rule.init(x, 0, 0, params);
  let before = 0;
  for (let n = 0; n < (s.warmup + 1) * steps; n++) {
    if (n === s.warmup * steps) before = x[0];
    // The signal at the middle of the step (the rule holds s over the step).
    const sig = s.background + sawtoothAt(wave, ((n % steps) + 0.5) * dt).beta;
    rule.step(x, 0, sig, 0, dt, params);
  }
  return before - x[0];
}

export function responseCurve(s: ResponseSpec): { amplitudes: number[]; dwOverA: number[] } {
  checkResponseSpec(s);
  const dwOverA = s.amplitudes.map((a) => {
    const r = a === 0 ? 0 : sawtoothResponse(s, a) / a;
    if (!Number.isFinite(r)) throw new DivergenceError(`synapse (amplitude ${a})`, (s.warmup + 1) * (s.tauF + s.tauS), r);
    return r;
  });
  return { amplitudes: s.amplitudes, dwOverA };
}
