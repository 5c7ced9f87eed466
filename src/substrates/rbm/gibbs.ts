import { Rbm } from './rbm';

/** The logistic function 1 / (1 + e^-x). */
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** log(1 + e^x) without overflow. */
export const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/**
 * A stochastic binary unit as a pure step function (design rule 3): given its local field
 * (the sum of its synapses' contributions) and one uniform draw u from its own substream, its
 * next state. p(x = 1 | field) = sigmoid(field), the Gibbs conditional at inverse temperature 1.
 * The agent engine calls it per tick, the array engine over arrays.
 */
export const bernoulliUnit = {
  name: 'bernoulli-unit',
  /** 1 with probability sigmoid(field), decided by the uniform draw u. */
  step(field: number, u: number): 0 | 1 {
    return u < sigmoid(field) ? 1 : 0;
  },
} as const;

/** p(h_j = 1 | v) = sigmoid((W v + bh)_j), the closed form. */
export function pHidden(r: Rbm, v: ArrayLike<number>, out = new Float64Array(r.nh)): Float64Array {
  for (let j = 0; j < r.nh; j++) {
    let f = r.bh[j];
    const o = j * r.nv;
    for (let i = 0; i < r.nv; i++) if (v[i]) f += r.W[o + i];
    out[j] = sigmoid(f);
  }
  return out;
}

/** p(v_i = 1 | h) = sigmoid((W^T h)_i), the closed form (no visible bias). */
export function pVisible(r: Rbm, h: ArrayLike<number>, out = new Float64Array(r.nv)): Float64Array {
  out.fill(0);
  for (let j = 0; j < r.nh; j++) {
    if (!h[j]) continue;
    const o = j * r.nv;
    for (let i = 0; i < r.nv; i++) out[i] += r.W[o + i];
  }
  for (let i = 0; i < r.nv; i++) out[i] = sigmoid(out[i]);
  return out;
}
