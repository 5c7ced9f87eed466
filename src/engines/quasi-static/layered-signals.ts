/**
 * What the quasi-static cycle needs of a batch of a layered network: its shape and each
 * example's nonzero inputs (pixels are mostly 0, and a zero input carries no signal).
 */
export interface LayeredBatch {
  readonly sizes: readonly number[];
  /** Examples loaded (<= capacity). */
  readonly size: number;
  /** Nonzero inputs of example e: indices xIdx[e n0 + k] and values xVal[e n0 + k], k < xNnz[e]. */
  readonly xIdx: Int32Array;
  readonly xVal: Float64Array;
  readonly xNnz: Int32Array;
}

/**
 * The batch-mean local signals of a layered network's synapses at each of K kept states: the
 * dense-block form of the Hopfield coupling (hopfield-substrate.ts), s = -rho(a) rho(b) for a
 * weight and s = -rho(b) for a bias, with rho the identity on [0, 1], where the states live.
 * Computed one row of a weight block at a time (K x m values), so the rule replay that reads
 * them finds them in cache; an input row sums over the examples whose pixel is nonzero only.
 */
export class LayeredSignals {
  /** sig[k m + j]: signal of synapse j of the current row at kept state k. */
  readonly sig: Float64Array;
  private readonly colStart: Int32Array;
  private readonly colN: Int32Array;
  private readonly colVal: Float64Array;
  private readonly colFill: Int32Array;

  constructor(
    readonly sizes: readonly number[],
    capacity: number,
    readonly kept: number,
  ) {
    const widest = Math.max(...sizes.slice(1));
    this.sig = new Float64Array(kept * widest);
    this.colStart = new Int32Array(sizes[0] + 1);
    this.colN = new Int32Array(sizes[0] * capacity);
    this.colVal = new Float64Array(sizes[0] * capacity);
    this.colFill = new Int32Array(sizes[0]);
  }

  /** For each input, the examples of the batch where it is nonzero (call once per batch). */
  indexColumns(batch: LayeredBatch): void {
    const n0 = this.sizes[0];
    const N = batch.size;
    const start = this.colStart;
    start.fill(0);
    for (let e = 0; e < N; e++) for (let k = 0; k < batch.xNnz[e]; k++) start[batch.xIdx[e * n0 + k] + 1]++;
    for (let i = 0; i < n0; i++) start[i + 1] += start[i];
    const fill = this.colFill;
    fill.fill(0);
    for (let e = 0; e < N; e++) {
      for (let k = 0; k < batch.xNnz[e]; k++) {
        const i = batch.xIdx[e * n0 + k];
        const at = start[i] + fill[i];
        fill[i]++;
        this.colN[at] = e;
        this.colVal[at] = batch.xVal[e * n0 + k];
      }
    }
  }

  /**
   * sig[k][j] = -(1/N) sum_n a_k[n][i] b_k[n][j] for row i of weight block l (layer l to
   * l + 1), states[k][l] the kept states; false if every value is 0.
   */
  row(states: readonly (readonly Float64Array[])[], N: number, l: number, i: number): boolean {
    const K = this.kept;
    const n = this.sizes[l];
    const m = this.sizes[l + 1];
    const sig = this.sig;
    const inv = 1 / N;
    sig.fill(0, 0, K * m);
    if (l === 0) {
      const s0 = this.colStart[i];
      const s1 = this.colStart[i + 1];
      if (s0 === s1) return false;
      for (let k = 0; k < K; k++) {
        const b = states[k][1];
        const so = k * m;
        for (let q = s0; q < s1; q++) {
          const v = this.colVal[q] * inv;
          const bo = this.colN[q] * m;
          for (let j = 0; j < m; j++) sig[so + j] -= v * b[bo + j];
        }
      }
      return true;
    }
    let any = false;
    for (let k = 0; k < K; k++) {
      const a = states[k][l];
      const b = states[k][l + 1];
      const so = k * m;
      for (let e = 0; e < N; e++) {
        const v = a[e * n + i];
        if (v === 0) continue;
        any = true;
        const bo = e * m;
        const c = v * inv;
        for (let j = 0; j < m; j++) sig[so + j] -= c * b[bo + j];
      }
    }
    return any;
  }

  /** sig[k][j] = -(1/N) sum_n b_k[n][j] for the biases of layer l. */
  bias(states: readonly (readonly Float64Array[])[], N: number, l: number): void {
    const K = this.kept;
    const m = this.sizes[l];
    const sig = this.sig;
    const inv = 1 / N;
    sig.fill(0, 0, K * m);
    for (let k = 0; k < K; k++) {
      const b = states[k][l];
      const so = k * m;
      for (let e = 0; e < N; e++) for (let j = 0; j < m; j++) sig[so + j] -= inv * b[e * m + j];
    }
  }
}
