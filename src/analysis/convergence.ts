import { SpecError } from '../errors';
import { chemotaxisKernel } from '../synapses/kernels/chemotaxis';
import { finite, positive } from '../validate';
import { readPoint } from './learning-range';
import { checkCycleSpec, sawtoothCycle } from './sawtooth-cycle';

/**
 * Convergence to the contrastive update ([TCL]; docs/science.md#the-sawtooth-protocol; the authors'
 * last single-synapse figure): a sawtooth from -A/2 to +A/2 with a fixed period, rise tau_f, theta
 * halfway between the fall's and the rise's slopes, (A/period + A/tau_f) / 2 (the authors' choice).
 * dw/A should tend to 1 as tau_f / tau_K grows.
 */
export interface ConvergencePoint {
  tauF: number;
  period: number;
  amplitude: number;
  B: number;
  area: number;
  dt: number;
}

/**
 * The authors' convergence figure: tau_f 1, period 20, amplitude 20, B 20 (tau_K 0.05), area 0, dt
 * 1e-4.
 */
export const defaultConvergencePoint: ConvergencePoint = { tauF: 1, period: 20, amplitude: 20, B: 20, area: 0, dt: 1e-4 };

export function checkConvergencePoint(v: unknown, field = 'point'): ConvergencePoint {
  const p = readPoint(v, field, defaultConvergencePoint);
  positive(`${field}.tauF`, p.tauF);
  positive(`${field}.period`, p.period);
  if (!(p.tauF < p.period)) throw new SpecError(`${field}.tauF`, `a rise shorter than the period (${p.period})`, p.tauF);
  positive(`${field}.amplitude`, p.amplitude);
  positive(`${field}.B`, p.B);
  finite(`${field}.area`, p.area);
  if (6 * p.area + 2 * p.B <= 0) throw new SpecError(`${field}.area`, `a value > -B/3 (${-p.B / 3})`, p.area);
  checkCycleSpec({ tauF: p.tauF, tauS: p.period - p.tauF, theta: 1, background: 0, centred: true, dt: p.dt, warmup: 1 }, field);
  return p;
}

/** One convergence point: dw/A at the given tau_f / tau_K, and the threshold used. */
export interface ConvergenceResult {
  tauF: number;
  tauFOverTauK: number;
  theta: number;
  dwOverA: number;
}

/**
 * Integrates one sawtooth period of a single chemotaxis-kernel synapse in its periodic steady state
 * and returns dw/A.
 */
export function convergencePoint(point: ConvergencePoint): ConvergenceResult {
  const p = checkConvergencePoint(point);
  const A = p.amplitude;
  const theta = (A / p.period + A / p.tauF) / 2;
  const cycle = { tauF: p.tauF, tauS: p.period - p.tauF, theta, background: 0, centred: true, dt: p.dt, warmup: 1 };
  const r = sawtoothCycle(cycle, A, chemotaxisKernel({ B: p.B, area: p.area }));
  return { tauF: p.tauF, tauFOverTauK: p.tauF * p.B, theta, dwOverA: r.dw / A };
}
