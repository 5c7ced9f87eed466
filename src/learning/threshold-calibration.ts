import { ResistorNetwork } from '../resistor/resistor-spec';
import { solveKirchhoff } from '../resistor/kirchhoff';
import { Example } from '../tasks/teacher-task';

/**
 * The default threshold: from the first cycle's signal amplitudes A_e = |s_clamped - s_free|
 * of every edge (exact solves at the initial conductances for the first training example),
 * theta = A_q / tau_s with A_q the `quantile` of the A_e. Then the strongest signals sit at the
 * top of the learning range [theta tau_f, theta tau_s] (papers.md section 3), where they learn
 * longest as the error, and with it every A_e, shrinks.
 */
export function calibrateTheta(
  net: ResistorNetwork,
  k: Float64Array,
  first: Example,
  beta: number,
  tauS: number,
  quantile = 0.9,
): { theta: number; amplitudes: Float64Array } {
  const free = solveKirchhoff(net, { k, sourceV: first.x, beta: 0, targets: first.y });
  const clamped = solveKirchhoff(net, { k, sourceV: first.x, beta, targets: first.y });
  const amplitudes = Float64Array.from(net.k, (_, e) => {
    const a = net.edgeA[e];
    const b = net.edgeB[e];
    return Math.abs((clamped[a] - clamped[b]) ** 2 - (free[a] - free[b]) ** 2);
  });
  const sorted = Float64Array.from(amplitudes).sort();
  const aq = sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))];
  return { theta: aq > 0 ? aq / tauS : Number.MIN_VALUE, amplitudes };
}
