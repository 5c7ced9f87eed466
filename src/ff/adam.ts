/**
 * Adam (Kingma & Ba 2015) as PyTorch's `torch.optim.Adam` computes it, with its defaults
 * (beta1 0.9, beta2 0.999, eps 1e-8): the optimiser of the authors' Forward-Forward code
 * ([FLEX], `zek3r/ICML2023`, lr 0.01). One instance per parameter vector (one per FF layer, as
 * the authors give each layer its own optimiser).
 */
export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** The paper's learning rate with PyTorch's Adam defaults. */
export const defaultAdam: AdamOptions = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** Adam's state for one parameter vector: first and second moment estimates and the step count. */
export class Adam {
  /** First-moment estimate m, one per parameter. */
  readonly m: Float64Array;
  /** Second-moment estimate v, one per parameter. */
  readonly v: Float64Array;
  /** Steps taken. */
  t = 0;

  constructor(
    size: number,
    readonly o: AdamOptions = defaultAdam,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /**
   * One descent step on `params` with gradient `grad`: m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2,
   * p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
   */
  step(params: Float64Array, grad: Float64Array): void {
    const { lr, beta1, beta2, eps } = this.o;
    this.t++;
    const c1 = lr / (1 - beta1 ** this.t);
    const c2 = 1 / Math.sqrt(1 - beta2 ** this.t);
    const { m, v } = this;
    const a1 = 1 - beta1;
    const a2 = 1 - beta2;
    for (let i = 0; i < params.length; i++) {
      const g = grad[i];
      const mi = (m[i] = beta1 * m[i] + a1 * g);
      const vi = (v[i] = beta2 * v[i] + a2 * g * g);
      params[i] -= (c1 * mi) / (Math.sqrt(vi) * c2 + eps);
    }
  }
}
