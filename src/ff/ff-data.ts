import { PIXELS } from '../datasets/mnist-digits';
import { Rng } from '../scheduler/random';
import { overlayLabel } from './ff-network';

/** Digits as one contiguous array (count x 784) with their labels. */
export interface DigitRows {
  images: Float64Array;
  labels: Uint8Array;
}

/**
 * An endless stream of training inputs with a label overlaid. Images come in a seeded order,
 * reshuffled at every pass (the authors shuffle every epoch). A positive stream overlays each
 * image's own label; a negative stream overlays the label of a uniformly drawn training digit,
 * so wrong or (about 1 in 10) right, as the authors' negatives y[randperm] are.
 */
export class SampleStream {
  private order: number[] = [];
  private at = 0;
  private readonly buf = new Float64Array(PIXELS);

  constructor(
    readonly data: DigitRows,
    readonly positive: boolean,
    private readonly rng: Rng,
  ) {}

  /** The next input (a buffer this stream reuses: copy it to keep it). */
  next(): Float64Array {
    const n = this.data.labels.length;
    if (this.at === this.order.length) {
      this.order = Array.from({ length: n }, (_, k) => k);
      for (let k = n - 1; k > 0; k--) {
        const r = this.rng.int(k + 1);
        [this.order[k], this.order[r]] = [this.order[r], this.order[k]];
      }
      this.at = 0;
    }
    const row = this.order[this.at++];
    const label = this.positive ? this.data.labels[row] : this.data.labels[this.rng.int(n)];
    return overlayLabel(this.data.images.subarray(row * PIXELS, (row + 1) * PIXELS), label, this.buf);
  }
}
