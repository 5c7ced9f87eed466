import { QuasiStaticCycle, twoPhaseTicks } from '../../src/engines/quasi-static';
import { HopfieldBatch } from '../../src/experiments/ep/hopfield-batch';
import { LayeredNetwork, cloneNetwork } from '../../src/substrates/hopfield/layered-network';
import { classicTwoPhase } from '../../src/synapses/rules/classic-two-phase';

/**
 * Classic EP as `phaseless ep` runs it: from the batch's free state, the quasi-static cycle of
 * the classic rule on the two-phase ticks (nudged phase of `nudgedSteps`, update at the edge
 * back to free). Returns the updated copy of the network; the batch is left nudged.
 */
export function classicCycleUpdate(net: LayeredNetwork, batch: HopfieldBatch, beta: number, eps: number, nudgedSteps: number, lrs: readonly number[]): LayeredNetwork {
  const params = lrs.map((lr) => ({ lr, wMin: -Infinity, wMax: Infinity }));
  const cycle = new QuasiStaticCycle(net.sizes, batch.capacity, twoPhaseTicks(nudgedSteps), {
    rule: classicTwoPhase,
    weights: params,
    biases: params,
    start: 'rest',
    levelStart: 'previous',
  });
  cycle.follow(batch, (b, steps) => batch.relax(b, eps, steps), beta);
  const after = cloneNetwork(net);
  cycle.learn(after, batch, beta);
  return after;
}

/**
 * The classic EP update written out (the formula, independent of the engine): with the free
 * and nudged states of a batch of N examples,
 *   dW_l = (lr_l / beta) mean_n [s_l s_{l+1}^T |nudged - same |free],
 *   db_{l+1} = (lr_l / beta) mean_n [s_{l+1} |nudged - s_{l+1} |free],
 * states in [0, 1] where rho is the identity; layer 0 is the input x (N x n_0).
 */
export function classicReference(net: LayeredNetwork, x: Float64Array, free: Float64Array[], nudged: Float64Array[], N: number, beta: number, lrs: readonly number[]): LayeredNetwork {
  const after = cloneNetwork(net);
  const { sizes } = net;
  const layer = (s: Float64Array[], l: number) => (l === 0 ? x : s[l]);
  for (let l = 0; l + 1 < sizes.length; l++) {
    const n = sizes[l];
    const m = sizes[l + 1];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let d = 0;
        for (let e = 0; e < N; e++) d += layer(nudged, l)[e * n + i] * nudged[l + 1][e * m + j] - layer(free, l)[e * n + i] * free[l + 1][e * m + j];
        after.weights[l][i * m + j] += (lrs[l] / beta) * (d / N);
      }
    }
    for (let j = 0; j < m; j++) {
      let d = 0;
      for (let e = 0; e < N; e++) d += nudged[l + 1][e * m + j] - free[l + 1][e * m + j];
      after.biases[l + 1][j] += (lrs[l] / beta) * (d / N);
    }
  }
  return after;
}
