import { sigmoid, softplus } from '../substrates/rbm/gibbs';
import { Rng } from '../scheduler/random';

/**
 * One Forward-Forward layer ([FLEX] section "Forward-Forward", after Hinton 2022, in the
 * authors' `zek3r/ICML2023` form): the input x is L2-normalised, u = x / (|x| + 1e-4) (the
 * layer normalisation between layers), then h = relu(W u + bias), and its goodness is
 * G = mean_j h_j^2. Its local loss is softplus(threshold - G) for a positive sample and
 * softplus(G - threshold) for a negative one.
 */
export class FfLayer {
  /** W (nOut x nIn, row-major) then the nOut biases: the vector Adam updates. */
  readonly params: Float64Array;

  constructor(
    readonly nIn: number,
    readonly nOut: number,
  ) {
    this.params = new Float64Array(nOut * (nIn + 1));
  }

  /**
   * PyTorch's nn.Linear initialisation (the authors' layers): W and bias uniform in
   * [-1/sqrt(nIn), 1/sqrt(nIn)].
   */
  init(rng: Rng): void {
    const a = 1 / Math.sqrt(this.nIn);
    for (let i = 0; i < this.params.length; i++) this.params[i] = rng.between(-a, a);
  }

  /** Forward pass: writes u (normalised input, nIn) and h (nOut); returns the goodness mean(h^2). */
  forward(x: ArrayLike<number>, u: Float64Array, h: Float64Array): number {
    const { nIn, nOut, params: p } = this;
    let s = 0;
    for (let k = 0; k < nIn; k++) s += x[k] * x[k];
    const inv = 1 / (Math.sqrt(s) + NORM_EPS);
    for (let k = 0; k < nIn; k++) u[k] = x[k] * inv;
    const bias = nOut * nIn;
    let g = 0;
    for (let j = 0; j < nOut; j++) {
      let z = p[bias + j];
      const row = j * nIn;
      for (let k = 0; k < nIn; k++) z += p[row + k] * u[k];
      const hj = z > 0 ? z : 0;
      h[j] = hj;
      g += hj * hj;
    }
    return g / nOut;
  }

  /**
   * Adds weight x d(loss)/d(params) of one sample to `grad`, from that sample's forward pass
   * (u, h, goodness G): d loss / dG = -sigmoid(threshold - G) (positive) or sigmoid(G - threshold)
   * (negative); dG/dW_jk = (2/n) h_j u_k, dG/dbias_j = (2/n) h_j.
   */
  addGradient(grad: Float64Array, u: Float64Array, h: Float64Array, G: number, positive: boolean, threshold: number, weight: number): void {
    const { nIn, nOut } = this;
    const c = weight * lossSlope(G, positive, threshold) * (2 / nOut);
    const bias = nOut * nIn;
    for (let j = 0; j < nOut; j++) {
      const a = c * h[j];
      grad[bias + j] += a;
      if (a === 0) continue;
      const row = j * nIn;
      for (let k = 0; k < nIn; k++) grad[row + k] += a * u[k];
    }
  }

  /**
   * |d loss / d params|^2 of one sample without forming the gradient: it is an outer product,
   * so |g|^2 = (loss'(G) 2/n)^2 |h|^2 (|u|^2 + 1).
   */
  gradientNorm2(u: Float64Array, h: Float64Array, G: number, positive: boolean, threshold: number): number {
    const c = lossSlope(G, positive, threshold) * (2 / this.nOut);
    let hh = 0;
    for (let j = 0; j < this.nOut; j++) hh += h[j] * h[j];
    let uu = 0;
    for (let k = 0; k < this.nIn; k++) uu += u[k] * u[k];
    return c * c * hh * (uu + 1);
  }
}

/** The constant added to |x| before dividing (the authors' 1e-4). */
export const NORM_EPS = 1e-4;

/** A sample's local loss from its goodness: softplus(threshold - G) if positive, softplus(G - threshold) if negative. */
export const ffLoss = (G: number, positive: boolean, threshold: number): number => softplus(positive ? threshold - G : G - threshold);

/** d ffLoss / dG. */
export const lossSlope = (G: number, positive: boolean, threshold: number): number => (positive ? -sigmoid(threshold - G) : sigmoid(G - threshold));
