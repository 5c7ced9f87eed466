import { Rng } from '../scheduler/random';
import { Adam, AdamOptions, defaultAdam } from './adam';
import { FfLayer, NORM_EPS } from './ff-layer';

/** Label units overlaid on the image: the first 10 pixels ([FLEX], after Hinton 2022). */
export const LABEL_PIXELS = 10;

/**
 * The image with its label overlaid as the authors do: the first 10 pixels set to 0, then pixel
 * `label` set to `value` (the authors use the data's maximum, 1 for pixels in [0, 1]).
 */
export function overlayLabel(image: ArrayLike<number>, label: number, out: Float64Array, value = 1): Float64Array {
  for (let k = 0; k < out.length; k++) out[k] = image[k];
  out.fill(0, 0, LABEL_PIXELS);
  out[label] = value;
  return out;
}

/** One sample presented to the network at a step: its input, its kind and its loss weight. */
export interface FfSample {
  x: ArrayLike<number>;
  positive: boolean;
  /** The factor on its loss gradient: 1 in FF, 1/b or 1/(1-b) in IS-D. */
  weight: number;
}

/**
 * A Forward-Forward network (784-500-500 in [FLEX]) with one Adam per layer. Each layer learns
 * from its own loss only: it gets the previous layer's output as a fixed input (no gradient
 * flows between layers), computed with the weights before this step's update, as in the
 * authors' code.
 */
export class FfNetwork {
  /** The layers, input side first. */
  readonly layers: FfLayer[];
  /** One optimiser per layer. */
  readonly adams: Adam[];
  private readonly grads: Float64Array[];
  private readonly us: Float64Array[][] = [];
  private readonly hs: Float64Array[][] = [];
  private wx: Float64Array | undefined;

  /** sizes: input then each layer's units, e.g. [784, 500, 500]. */
  constructor(
    readonly sizes: readonly number[],
    readonly threshold: number,
    adam: AdamOptions = defaultAdam,
  ) {
    this.layers = sizes.slice(1).map((n, l) => new FfLayer(sizes[l], n));
    this.adams = this.layers.map((L) => new Adam(L.params.length, adam));
    this.grads = this.layers.map((L) => new Float64Array(L.params.length));
  }

  /** Every layer initialised as nn.Linear, in order, from one stream. */
  init(rng: Rng): this {
    for (const L of this.layers) L.init(rng);
    return this;
  }

  private buffers(slot: number): { u: Float64Array[]; h: Float64Array[] } {
    while (this.us.length <= slot) {
      this.us.push(this.layers.map((L) => new Float64Array(L.nIn)));
      this.hs.push(this.layers.map((L) => new Float64Array(L.nOut)));
    }
    return { u: this.us[slot], h: this.hs[slot] };
  }

  /**
   * One training step: every layer, in order, takes its samples' inputs forward, sums
   * weight x d(loss)/d(params) over them and makes one Adam step. FF presents a positive and a
   * negative sample (weights 1); IS-D one of them, weighted.
   */
  step(samples: readonly FfSample[]): void {
    this.pass(samples, true);
  }

  /**
   * The gradient one step would follow, per layer, without updating anything: with no update
   * between the layers, each layer's input is the same as in `step`. The arrays are reused by
   * the next call.
   */
  gradients(samples: readonly FfSample[]): Float64Array[] {
    this.pass(samples, false);
    return this.grads;
  }

  private pass(samples: readonly FfSample[], update: boolean): void {
    const bufs = samples.map((_, s) => this.buffers(s));
    this.layers.forEach((L, l) => {
      const grad = this.grads[l];
      grad.fill(0);
      samples.forEach((smp, s) => {
        const input = l === 0 ? smp.x : bufs[s].h[l - 1];
        const G = L.forward(input, bufs[s].u[l], bufs[s].h[l]);
        L.addGradient(grad, bufs[s].u[l], bufs[s].h[l], G, smp.positive, this.threshold, smp.weight);
      });
      if (update) this.adams[l].step(L.params, grad);
    });
  }

  /** The goodness of every layer for one input. */
  goodness(x: ArrayLike<number>): number[] {
    const { u, h } = this.buffers(0);
    return this.layers.map((L, l) => L.forward(l === 0 ? x : h[l - 1], u[l], h[l]));
  }

  /**
   * The squared norm of each kind's loss gradient over all layers' parameters for one sample,
   * as the IS estimator's second moments need (|d loss/d params|^2, summed over layers).
   */
  gradientNorm2(x: ArrayLike<number>, positive: boolean): number {
    const { u, h } = this.buffers(0);
    let s = 0;
    this.layers.forEach((L, l) => {
      const G = L.forward(l === 0 ? x : h[l - 1], u[l], h[l]);
      s += L.gradientNorm2(u[l], h[l], G, positive, this.threshold);
    });
    return s;
  }

  /**
   * The goodness summed over the layers for each of the 10 labels overlaid on the image. Only
   * the label pixels differ between the 10 inputs and they share one norm, so the first layer's
   * W x is computed once: W x_y = W x_0 + value W[:, y] (x_0 the image with its label pixels at
   * 0); the other layers run once per label. Equal to summing `goodness(overlayLabel(image, y))`
   * up to rounding.
   */
  labelGoodness(image: ArrayLike<number>, value = 1): Float64Array {
    const L0 = this.layers[0];
    const { nIn, nOut, params: p } = L0;
    const { h } = this.buffers(0);
    const u = this.buffers(0).u;
    const wx = (this.wx ??= new Float64Array(nOut));
    let s = value * value;
    for (let k = LABEL_PIXELS; k < nIn; k++) s += image[k] * image[k];
    const inv = 1 / (Math.sqrt(s) + NORM_EPS);
    for (let j = 0; j < nOut; j++) {
      let z = 0;
      const row = j * nIn;
      for (let k = LABEL_PIXELS; k < nIn; k++) z += p[row + k] * image[k];
      wx[j] = z;
    }
    const out = new Float64Array(LABEL_PIXELS);
    for (let y = 0; y < LABEL_PIXELS; y++) {
      let g0 = 0;
      const h0 = h[0];
      for (let j = 0; j < nOut; j++) {
        const z = (wx[j] + value * p[j * nIn + y]) * inv + p[nOut * nIn + j];
        const hj = z > 0 ? z : 0;
        h0[j] = hj;
        g0 += hj * hj;
      }
      let total = g0 / nOut;
      for (let l = 1; l < this.layers.length; l++) total += this.layers[l].forward(h[l - 1], u[l], h[l]);
      out[y] = total;
    }
    return out;
  }

  /**
   * The predicted label ([FLEX] and Hinton 2022): each of the 10 labels overlaid in turn, the
   * label with the highest goodness summed over the layers (the first on a tie).
   */
  predict(image: ArrayLike<number>): number {
    const g = this.labelGoodness(image);
    let best = 0;
    for (let y = 1; y < LABEL_PIXELS; y++) if (g[y] > g[best]) best = y;
    return best;
  }
}
