import { BatchState } from './batch-relaxation';
import { LayeredNetwork } from './layered-network';

/**
 * Classic equilibrium propagation, two phases with explicit memory ([EP];
 * docs/science.md#contrastive-learning): the free states (stored) and the nudged states (in the
 * batch) give
 *   dW_l = (lr_l / beta) mean_n [rho(s_l) rho(s_{l+1})^T |nudged - same |free]
 *   db_l = (lr_{l-1} / beta) mean_n [rho(s_l) |nudged - rho(s_l) |free]
 * i.e. w -= lr (s_nudged - s_free) / beta with the local signals s = -rho rho and s = -rho.
 */
export function classicUpdate(net: LayeredNetwork, batch: BatchState, free: Float64Array[], beta: number, lrs: readonly number[]): void {
  const { sizes } = batch;
  const N = batch.size;
  const L = sizes.length;
  for (let l = 0; l + 1 < L; l++) {
    const n = sizes[l];
    const m = sizes[l + 1];
    const c = lrs[l] / (beta * N);
    const w = net.weights[l];
    const bN = batch.states[l + 1];
    const b0 = free[l + 1];
    if (l === 0) {
      // The input is the same in both phases: sum_n x_n^T (s_1 nudged - s_1 free), over nonzero pixels.
      for (let e = 0; e < N; e++) {
        const nnz = batch.xNnz[e];
        const o = e * m;
        for (let k = 0; k < nnz; k++) {
          const a = c * batch.xVal[e * n + k];
          const wo = batch.xIdx[e * n + k] * m;
          for (let j = 0; j < m; j++) w[wo + j] += a * (bN[o + j] - b0[o + j]);
        }
      }
    } else {
      const aN = batch.states[l];
      const a0 = free[l];
      for (let e = 0; e < N; e++) {
        for (let i = 0; i < n; i++) {
          const an = aN[e * n + i];
          const af = a0[e * n + i];
          if (an === 0 && af === 0) continue;
          const wo = i * m;
          const o = e * m;
          for (let j = 0; j < m; j++) w[wo + j] += c * (an * bN[o + j] - af * b0[o + j]);
        }
      }
    }
    const bias = net.biases[l + 1];
    for (let e = 0; e < N; e++) {
      const o = e * m;
      for (let j = 0; j < m; j++) bias[j] += c * (bN[o + j] - b0[o + j]);
    }
  }
}
