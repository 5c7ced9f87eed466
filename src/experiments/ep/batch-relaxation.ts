import { NodeInput } from '../../nodes/node-dynamics';
import { LayeredNetwork } from '../../substrates/hopfield/layered-network';
import { hopfieldHidden, hopfieldOutput } from '../../substrates/hopfield/hopfield-substrate';

/**
 * The lockstep (batched) engine of the layered Hopfield network: one batch of examples as
 * Float64Array matrices (row = example), every relaxation step a few matrix products, all
 * buffers allocated once. States stay in [0, 1], so rho(s) = s and rho'(s) = 1 there (the
 * authors' Theano clip passes its gradient at the bounds too).
 */
export class BatchState {
  /** Number of examples currently loaded (<= capacity). */
  size = 0;
  readonly sizes: readonly number[];
  /** Input rows (capacity x n_0). */
  readonly x: Float64Array;
  /** Nonzero pixels of each input row: indices and values, count in xNnz. */
  readonly xIdx: Int32Array;
  readonly xVal: Float64Array;
  readonly xNnz: Int32Array;
  readonly labels: Int32Array;
  /** states[l] (capacity x n_l) for l >= 1; states[0] is the input x. */
  readonly states: Float64Array[];
  /** b_1 + x W_0: constant while the input is clamped and the weights fixed. */
  readonly drive: Float64Array;
  private readonly pre: Float64Array[];
  private readonly input: NodeInput = { g: 0, i: 0, beta: 0, drive: 0 };
  /** wT[l] = W_l^T (n_{l+1} x n_l) for l >= 1, refreshed by prepare. */
  private readonly wT: Float64Array[];

  constructor(
    sizes: readonly number[],
    readonly capacity: number,
  ) {
    if (sizes.length < 2) throw new RangeError('a layered network needs at least an input and an output layer');
    this.sizes = [...sizes];
    const n0 = sizes[0];
    this.x = new Float64Array(capacity * n0);
    this.xIdx = new Int32Array(capacity * n0);
    this.xVal = new Float64Array(capacity * n0);
    this.xNnz = new Int32Array(capacity);
    this.labels = new Int32Array(capacity);
    this.states = sizes.map((n, l) => (l === 0 ? this.x : new Float64Array(capacity * n)));
    this.pre = sizes.map((n, l) => new Float64Array(l === 0 ? 0 : capacity * n));
    this.drive = new Float64Array(capacity * sizes[1]);
    this.wT = sizes.map((n, l) => new Float64Array(l === 0 || l + 1 >= sizes.length ? 0 : n * sizes[l + 1]));
  }

  /**
   * Loads examples rows[k] of (data, labels) and their persistent states (one Float64Array per
   * layer l >= 1, all examples x n_l) into the batch.
   */
  load(data: Float64Array, labels: ArrayLike<number>, rows: ArrayLike<number>, persistent: Float64Array[]): void {
    const n0 = this.sizes[0];
    if (rows.length > this.capacity) throw new RangeError(`batch of ${rows.length} exceeds capacity ${this.capacity}`);
    this.size = rows.length;
    for (let b = 0; b < rows.length; b++) {
      const r = rows[b];
      this.labels[b] = labels[r];
      let nnz = 0;
      for (let i = 0; i < n0; i++) {
        const v = data[r * n0 + i];
        this.x[b * n0 + i] = v;
        if (v !== 0) {
          this.xIdx[b * n0 + nnz] = i;
          this.xVal[b * n0 + nnz] = v;
          nnz++;
        }
      }
      this.xNnz[b] = nnz;
      for (let l = 1; l < this.sizes.length; l++) {
        const n = this.sizes[l];
        this.states[l].set(persistent[l].subarray(r * n, r * n + n), b * n);
      }
    }
  }

  /** Writes the batch's states back to the persistent store. */
  store(rows: ArrayLike<number>, persistent: Float64Array[]): void {
    for (let b = 0; b < this.size; b++) {
      for (let l = 1; l < this.sizes.length; l++) {
        const n = this.sizes[l];
        persistent[l].set(this.states[l].subarray(b * n, b * n + n), rows[b] * n);
      }
    }
  }

  /** Copies the states of layers >= 1 into `into` (same shapes). */
  snapshot(into: Float64Array[]): void {
    for (let l = 1; l < this.sizes.length; l++) into[l].set(this.states[l].subarray(0, this.size * this.sizes[l]));
  }

  /** Copies states saved with makeSnapshot back into this batch. */
  restore(from: Float64Array[]): void {
    for (let l = 1; l < this.sizes.length; l++) this.states[l].set(from[l].subarray(0, this.size * this.sizes[l]));
  }

  /** Fresh buffers shaped like the states (index 0 unused). */
  makeSnapshot(): Float64Array[] {
    return this.sizes.map((n, l) => new Float64Array(l === 0 ? 0 : this.capacity * n));
  }

  /**
   * Call after load and whenever the weights change: drive = b_1 + x W_0 (over the nonzero
   * pixels) and the transposes W_l^T (l >= 1), so that every product below runs along rows.
   */
  prepare(net: LayeredNetwork): void {
    const n0 = this.sizes[0];
    const m = this.sizes[1];
    const w = net.weights[0];
    const b1 = net.biases[1];
    const d = this.drive;
    for (let b = 0; b < this.size; b++) {
      const o = b * m;
      for (let j = 0; j < m; j++) d[o + j] = b1[j];
      const nnz = this.xNnz[b];
      for (let k = 0; k < nnz; k++) {
        const a = this.xVal[b * n0 + k];
        const wo = this.xIdx[b * n0 + k] * m;
        for (let j = 0; j < m; j++) d[o + j] += a * w[wo + j];
      }
    }
    for (let l = 1; l + 1 < this.sizes.length; l++) {
      const n = this.sizes[l];
      const nout = this.sizes[l + 1];
      const wl = net.weights[l];
      const t = this.wT[l];
      for (let i = 0; i < n; i++) for (let j = 0; j < nout; j++) t[j * n + i] = wl[i * nout + j];
    }
  }

  /**
   * One synchronous relaxation step s <- clip(s - eps dF/ds, 0, 1) for every layer >= 1 (the
   * substrate's node dynamics, given the products below), with
   * F = E + beta C: dF/ds_l = s_l - b_l - rho(s_{l-1}) W_{l-1} - rho(s_{l+1}) W_l^T, plus
   * 2 beta (s_out - onehot(y)) at the output. All gradients are taken at the old states.
   * Uses the weights as of the last `prepare`.
   */
  step(net: LayeredNetwork, beta: number, eps: number): void {
    const L = this.sizes.length;
    const N = this.size;
    for (let l = 1; l < L; l++) {
      const n = this.sizes[l];
      const p = this.pre[l];
      if (l === 1) p.set(this.drive.subarray(0, N * n));
      else {
        // b_l + s_{l-1} W_{l-1}: row j of W_{l-1}^T dotted with each example's s_{l-1}.
        const nin = this.sizes[l - 1];
        const t = this.wT[l - 1];
        const bias = net.biases[l];
        const a = this.states[l - 1];
        for (let b = 0; b < N; b++) {
          const ao = b * nin;
          for (let j = 0; j < n; j++) {
            const to = j * nin;
            let acc = bias[j];
            for (let i = 0; i < nin; i++) acc += a[ao + i] * t[to + i];
            p[b * n + j] = acc;
          }
        }
      }
      if (l + 1 < L) {
        // + s_{l+1} W_l^T: rows of W_l^T scaled by each example's s_{l+1}.
        const nout = this.sizes[l + 1];
        const t = this.wT[l];
        const c = this.states[l + 1];
        for (let b = 0; b < N; b++) {
          const po = b * n;
          for (let j = 0; j < nout; j++) {
            const v = c[b * nout + j];
            if (v === 0) continue;
            const to = j * n;
            for (let i = 0; i < n; i++) p[po + i] += v * t[to + i];
          }
        }
      }
    }
    // Every unit moves by the substrate's own node dynamics (hopfield-substrate.ts), given the
    // sum of its inputs; the output units also see the signed nudge and their one-hot target.
    const input = this.input;
    const params = { eps, sign: 1 };
    for (let l = 1; l < L; l++) {
      const n = this.sizes[l];
      const s = this.states[l];
      const p = this.pre[l];
      const out = l === L - 1;
      // One call site per dynamics, so each stays monomorphic and inlined.
      if (out) {
        input.beta = beta;
        for (let b = 0; b < N; b++) {
          const label = this.labels[b];
          for (let j = 0; j < n; j++) {
            const k = b * n + j;
            input.i = p[k];
            input.drive = j === label ? 1 : 0;
            s[k] = hopfieldOutput.step(s[k], input, 1, params);
          }
        }
      } else {
        input.beta = 0;
        for (let k = 0; k < N * n; k++) {
          input.i = p[k];
          s[k] = hopfieldHidden.step(s[k], input, 1, params);
        }
      }
    }
  }

  /** Runs steps relaxation sweeps at nudge beta and step size eps. */
  relax(net: LayeredNetwork, beta: number, eps: number, steps: number): void {
    for (let t = 0; t < steps; t++) this.step(net, beta, eps);
  }

  /** Number of examples whose largest output is not their label. */
  errors(): number {
    const L = this.sizes.length;
    const m = this.sizes[L - 1];
    const out = this.states[L - 1];
    let wrong = 0;
    for (let b = 0; b < this.size; b++) {
      let best = 0;
      for (let k = 1; k < m; k++) if (out[b * m + k] > out[b * m + best]) best = k;
      if (best !== this.labels[b]) wrong++;
    }
    return wrong;
  }

  /** Sum over the batch of C = |s_out - onehot(y)|^2. */
  costSum(): number {
    const L = this.sizes.length;
    const m = this.sizes[L - 1];
    const out = this.states[L - 1];
    let c = 0;
    for (let b = 0; b < this.size; b++) {
      for (let k = 0; k < m; k++) {
        const d = out[b * m + k] - (k === this.labels[b] ? 1 : 0);
        c += d * d;
      }
    }
    return c;
  }
}
