import { ResistorNetwork } from '../substrates/resistor/resistor-spec';
import { solveKirchhoff } from '../substrates/resistor/kirchhoff';
import { Example } from '../tasks/teacher-task';

/**
 * The default threshold: from the first cycle's signal amplitudes A_e = |s_clamped - s_free| of
 * every edge (exact solves at the initial conductances, pooled over the first epoch's examples: one
 * example alone is a noisy sample of the scale), theta = A_q / tau_s with A_q the `quantile` of the
 * A_e. Then the strongest signals sit at the top of the learning range [theta tau_f, theta tau_s]
 * ([TCL]; docs/science.md#the-sawtooth-protocol), where they learn longest as the error, and with
 * it every A_e, shrinks.
 */
export function calibrateTheta(
  net: ResistorNetwork,
  k: Float64Array,
  examples: readonly Example[],
  beta: number,
  tauS: number,
  quantile = 0.99,
): { theta: number; amplitudes: Float64Array } {
  const amplitudes = new Float64Array(examples.length * net.k.length);
  examples.forEach((ex, j) => {
    const free = solveKirchhoff(net, { k, sourceV: ex.x, beta: 0, targets: ex.y });
    const clamped = solveKirchhoff(net, { k, sourceV: ex.x, beta, targets: ex.y });
    for (let e = 0; e < net.k.length; e++) {
      const a = net.edgeA[e];
      const b = net.edgeB[e];
      amplitudes[j * net.k.length + e] = Math.abs((clamped[a] - clamped[b]) ** 2 - (free[a] - free[b]) ** 2);
    }
  });
  const sorted = Float64Array.from(amplitudes).sort();
  const aq = sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))];
  return { theta: aq > 0 ? aq / tauS : Number.MIN_VALUE, amplitudes };
}

/**
 * Per-synapse thresholds: each synapse's largest first-epoch amplitude max_x A_e(x) is placed at
 * the top of its own learning range, theta_e = max_x A_e(x) / tau_s, so every synapse, weak or
 * strong, can learn until its contrast has shrunk by tau_s / tau_f. Synapses whose contrast is
 * below `floor` times the largest one get the threshold of that floor.
 */
export function calibrateThetaPerSynapse(
  net: ResistorNetwork,
  k: Float64Array,
  examples: readonly Example[],
  beta: number,
  tauS: number,
  floor = 1e-3,
): Float64Array {
  const { amplitudes } = calibrateTheta(net, k, examples, beta, tauS);
  const m = net.k.length;
  const top = new Float64Array(m);
  for (let j = 0; j < examples.length; j++) for (let e = 0; e < m; e++) top[e] = Math.max(top[e], amplitudes[j * m + e]);
  const largest = Math.max(...top);
  return top.map((a) => Math.max(a, floor * largest, Number.MIN_VALUE) / tauS);
}

/**
 * Per-synapse operating points for the TCL rule's `reference: 'free'`: each synapse's free-state
 * signal s_e = (V_a - V_b)^2 at the initial conductances, averaged over the first epoch's
 * examples (exact solves, as for theta). A synapse cannot know which example it sees, so one
 * number per synapse: the example-to-example spread of the free state, and whatever learning
 * moves it by, stay in the signal the kernel integrates.
 */
export function freeSignalReference(net: ResistorNetwork, k: Float64Array, examples: readonly Example[]): Float64Array {
  const m = net.k.length;
  const ref = new Float64Array(m);
  for (const ex of examples) {
    const free = solveKirchhoff(net, { k, sourceV: ex.x, beta: 0, targets: ex.y });
    for (let e = 0; e < m; e++) ref[e] += (free[net.edgeA[e]] - free[net.edgeB[e]]) ** 2 / examples.length;
  }
  return ref;
}
