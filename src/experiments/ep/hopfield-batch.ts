import { DivergenceError } from '../../errors';
import { BatchedSweep } from '../../engines/batched-sweep';
import { HopfieldNodeParams, hopfieldSubstrate } from '../../substrates/hopfield/hopfield-substrate';
import { LayeredNetwork, argmax, cost } from '../../substrates/hopfield/layered-network';

/**
 * A batch of EP's digits on the layered Hopfield substrate, relaxed by the array engine's
 * batched path (engines/batched-sweep.ts): the substrate's own node dynamics and coupling, each
 * example's sweep bit for bit the dense sweep's. This class only moves data: digits and their
 * persistent states in and out, the network's weights into the engine's synapse order, the
 * scores out. Layer l's states are states[l] (capacity x n_l, row = example; states[0] the
 * input), views of the engine's own arrays.
 */
export class HopfieldBatch {
  /** Examples currently loaded (<= capacity). */
  size = 0;
  readonly sizes: readonly number[];
  /** Nonzero pixels of each input row: indices and values, count in xNnz. */
  readonly xIdx: Int32Array;
  readonly xVal: Float64Array;
  readonly xNnz: Int32Array;
  readonly labels: Int32Array;
  /** states[l] (capacity x n_l); states[0] is the input. */
  readonly states: Float64Array[];
  private readonly sweep: BatchedSweep<HopfieldNodeParams>;
  private readonly params: HopfieldNodeParams = { eps: 0, sign: 1 };
  /** The substrate's weights in synapse order (biases, then W_l), copied in by prepare. */
  private readonly w: Float64Array;
  private readonly bias: number[];
  private readonly weight: number[];
  /** Group of the unit held at 1 and of the output layer. */
  private readonly one: number;
  private readonly out: number;

  constructor(
    sizes: readonly number[],
    readonly capacity: number,
  ) {
    if (sizes.length < 2) throw new RangeError('a layered network needs at least an input and an output layer');
    this.sizes = [...sizes];
    // The topology only (a zero network): the weights come from the network given to prepare.
    const zero: LayeredNetwork = {
      sizes,
      weights: sizes.slice(0, -1).map((n, l) => new Float64Array(n * sizes[l + 1])),
      biases: sizes.map((n, l) => new Float64Array(l === 0 ? 0 : n)),
    };
    const sub = hopfieldSubstrate(zero, { x: [], label: 0 }, this.params);
    this.sweep = new BatchedSweep(sub, capacity);
    const { groupOf, groups } = this.sweep;
    this.states = sizes.map((n, l) => {
      const g = groupOf[sub.layout.node(l, 0)];
      if (groups[g].hi - groups[g].lo !== n) throw new Error(`hopfield batch: layer ${l} is not one group of the batched sweep`);
      return this.sweep.states[g];
    });
    this.one = groupOf[sub.layout.one];
    this.out = groupOf[sub.layout.node(sizes.length - 1, 0)];
    this.w = new Float64Array(sub.edgeA.length);
    this.bias = sizes.map((_, l) => (l === 0 ? -1 : sub.layout.bias(l, 0)));
    this.weight = sizes.slice(1).map((_, l) => sub.layout.weight(l, 0, 0));
    const n0 = sizes[0];
    this.xIdx = new Int32Array(capacity * n0);
    this.xVal = new Float64Array(capacity * n0);
    this.xNnz = new Int32Array(capacity);
    this.labels = new Int32Array(capacity);
    this.sweep.drives[this.one].fill(1);
    this.sweep.states[this.one].fill(1);
  }

  /**
   * Loads examples rows[k] of (data, labels) and their persistent states (one Float64Array per
   * layer l >= 1, all examples x n_l) into the batch: the pixels are the input units' drives,
   * the one-hot labels the output units'.
   */
  load(data: Float64Array, labels: ArrayLike<number>, rows: ArrayLike<number>, persistent: Float64Array[]): void {
    const n0 = this.sizes[0];
    const L = this.sizes.length;
    const m = this.sizes[L - 1];
    if (rows.length > this.capacity) throw new RangeError(`batch of ${rows.length} exceeds capacity ${this.capacity}`);
    this.size = this.sweep.size = rows.length;
    const x = this.states[0];
    const inputDrive = this.sweep.drives[this.sweep.groupOf[0]];
    const target = this.sweep.drives[this.out];
    for (let b = 0; b < rows.length; b++) {
      const r = rows[b];
      this.labels[b] = labels[r];
      let nnz = 0;
      for (let i = 0; i < n0; i++) {
        const v = data[r * n0 + i];
        x[b * n0 + i] = v;
        inputDrive[b * n0 + i] = v;
        if (v !== 0) {
          this.xIdx[b * n0 + nnz] = i;
          this.xVal[b * n0 + nnz] = v;
          nnz++;
        }
      }
      this.xNnz[b] = nnz;
      for (let j = 0; j < m; j++) target[b * m + j] = j === labels[r] ? 1 : 0;
      for (let l = 1; l < L; l++) {
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

  /** Call after load and whenever the weights change: the network's weights into the engine. */
  prepare(net: LayeredNetwork): void {
    for (let l = 1; l < this.sizes.length; l++) this.w.set(net.biases[l], this.bias[l]);
    for (let l = 0; l + 1 < this.sizes.length; l++) this.w.set(net.weights[l], this.weight[l]);
    this.sweep.invalidate(this.w, 1);
  }

  /**
   * Runs `steps` synchronous relaxation steps s <- clip(s - eps dF/ds, 0, 1) at the signed
   * nudge beta (the substrate's node dynamics; docs/science.md#equilibrium-propagation), with
   * the weights of the last `prepare`; a step is one unit of simulated time.
   */
  relax(beta: number, eps: number, steps: number): void {
    this.params.eps = eps;
    for (let t = 0; t < steps; t++) {
      const bad = this.sweep.step(beta, 1);
      if (bad >= 0) this.diverged(bad, t + 1);
    }
  }

  /** A unit's state is not finite (the weights are): names it, its example and the step. */
  private diverged(bad: number, step: number): never {
    const { n, groupOf, groups, states, sub } = this.sweep;
    const b = Math.floor(bad / n);
    const i = bad % n;
    const g = groups[groupOf[i]];
    throw new DivergenceError(`unit ${sub.ids[i]} of batch example ${b}`, step, states[groupOf[i]][b * (g.hi - g.lo) + i - g.lo]);
  }

  /** Number of examples whose largest output is not their label. */
  errors(): number {
    const m = this.sizes[this.sizes.length - 1];
    const out = this.states[this.sizes.length - 1];
    let wrong = 0;
    for (let b = 0; b < this.size; b++) if (argmax(out, b * m, m) !== this.labels[b]) wrong++;
    return wrong;
  }

  /** Sum over the batch of C = |s_out - onehot(y)|^2. */
  costSum(): number {
    const m = this.sizes[this.sizes.length - 1];
    const out = this.states[this.sizes.length - 1];
    let c = 0;
    for (let b = 0; b < this.size; b++) c += cost(out.subarray(b * m, (b + 1) * m), this.labels[b]);
    return c;
  }
}
