import { Rng } from '../../scheduler/random';

/**
 * A layered Hopfield network ([TCL] MNIST experiment; docs/science.md#equilibrium-propagation):
 * layer sizes n_0 (input) ... n_{L-1} (output), weights W_l of shape n_l x n_{l+1} (row-major, row
 * = unit of layer l) and a bias per unit of layers 1..L-1 (bias[0] is empty: the input is clamped,
 * so its bias term is a constant of the energy).
 */
export interface LayeredNetwork {
  readonly sizes: readonly number[];
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
}

/** The hard sigmoid rho(x) = clip(x, 0, 1). */
export const rho = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Initial weights uniform in +-sqrt(6 / (n_in + n_out)) / 2 (Glorot with the authors' extra
 * factor 1/2), biases 0. Draws come from the given substream only.
 */
export function initNetwork(sizes: readonly number[], rng: Rng): LayeredNetwork {
  const weights: Float64Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const w = new Float64Array(sizes[l] * sizes[l + 1]);
    const r = Math.sqrt(6 / (sizes[l] + sizes[l + 1])) / 2;
    for (let k = 0; k < w.length; k++) w[k] = rng.between(-r, r);
    weights.push(w);
  }
  const biases = sizes.map((n, l) => new Float64Array(l === 0 ? 0 : n));
  return { sizes: [...sizes], weights, biases };
}

/** A deep copy of the network. */
export function cloneNetwork(net: LayeredNetwork): LayeredNetwork {
  return { sizes: [...net.sizes], weights: net.weights.map((w) => w.slice()), biases: net.biases.map((b) => b.slice()) };
}

/**
 * Energy of one example: E = 1/2 sum_l rho(s_l)^2 - sum_l b_l . rho(s_l) - sum_l rho(s_l)^T W_l rho(s_{l+1}),
 * over layers 1..L-1 for the first two sums (the input's own terms are constant). layers[0] is
 * the input; layers[l] the state of layer l.
 */
export function energy(net: LayeredNetwork, layers: readonly ArrayLike<number>[]): number {
  const { sizes, weights, biases } = net;
  let e = 0;
  for (let l = 1; l < sizes.length; l++) {
    for (let j = 0; j < sizes[l]; j++) {
      const r = rho(layers[l][j]);
      e += 0.5 * r * r - biases[l][j] * r;
    }
  }
  for (let l = 0; l + 1 < sizes.length; l++) {
    const m = sizes[l + 1];
    for (let i = 0; i < sizes[l]; i++) {
      const a = rho(layers[l][i]);
      if (a === 0) continue;
      for (let j = 0; j < m; j++) e -= a * weights[l][i * m + j] * rho(layers[l + 1][j]);
    }
  }
  return e;
}

/** Cost C = |s_out - onehot(y)|^2 of one example. */
export function cost(out: ArrayLike<number>, label: number): number {
  let c = 0;
  for (let k = 0; k < out.length; k++) {
    const d = out[k] - (k === label ? 1 : 0);
    c += d * d;
  }
  return c;
}

/** Index of the largest output (the first one on ties). */
export function argmax(v: ArrayLike<number>, offset = 0, n = v.length - offset): number {
  let best = 0;
  for (let k = 1; k < n; k++) if (v[offset + k] > v[offset + best]) best = k;
  return best;
}
