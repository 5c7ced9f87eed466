import { NodeDynamics, NodeInput } from '../nodes/node-dynamics';
import { DenseBlock, Role, Substrate } from '../substrates/substrate';
import { DenseLayout, Segment, denseLayout } from './dense-layout';
import { Integrator, integratorOf } from './compiled-steps';

/** Nodes lo..hi-1, all of one role, that no dense block cuts: stored as one matrix per batch. */
export interface NodeGroup {
  readonly lo: number;
  readonly hi: number;
  readonly role: Role;
}

/** A dense block with the groups of its row and column nodes. */
interface BlockOf {
  readonly block: DenseBlock;
  readonly rowGroup: number;
  readonly colGroup: number;
}

/**
 * The array engine's batched path: a batch of examples of one substrate (EP's 20 digits), each
 * with its own node states and drives, relaxed in lockstep by synchronous ('tick') sweeps.
 * Example b's sweep is the dense sweep's (dense-sweep.ts) on its own states, bit for bit: each
 * node sums its synapses segment after segment in synapse order, the leading segments that
 * deliver only from held nodes are kept per example until `invalidate`, zero terms of a block
 * are skipped alike. What batching buys is speed: the node states live per group as
 * (examples x nodes) matrices, every block between moving groups runs over a transposed
 * contiguous copy of its weights, and each group's nodes move in one loop over the batch.
 *
 * Weights are read from x (weight of synapse e at x[e * S]) as of the last `invalidate`, which
 * must follow any change of the weights or of the held nodes' drives (a new batch).
 */
export class BatchedSweep<NP> {
  /** Nodes per example. */
  readonly n: number;
  readonly groups: readonly NodeGroup[];
  /** The group of each node. */
  readonly groupOf: Int32Array;
  /** states[g][b * width + k]: node groups[g].lo + k of example b. */
  readonly states: Float64Array[];
  /** What each node of each example is driven to (held values, targets). */
  readonly drives: Float64Array[];
  /** Examples loaded (<= capacity). */
  size = 0;
  private readonly dyn: NodeDynamics<NP>[];
  private readonly integrators: Integrator[];
  /** 1 where the group's nodes move (their dynamics does not just take the drive). */
  private readonly moving: Uint8Array;
  /** 1 where the group's nodes read their synapses' contributions. */
  private readonly reading: Uint8Array;
  /** Per reading group: the static prefix's sums, and the summed inputs of the current step. */
  private readonly prefix: Float64Array[];
  private readonly field: Float64Array[];
  private readonly segments: readonly Segment[];
  private readonly staticPrefix: number;
  private readonly blockOf: Map<DenseBlock, BlockOf>;
  /** Per block between two moving groups: its weights transposed (cols x rows), refreshed on invalidate. */
  private readonly transposed: Map<DenseBlock, Float64Array>;
  private readonly nzIdx: Int32Array;
  private readonly nzPhi: Float64Array;
  private readonly input: NodeInput = { g: 0, i: 0, beta: 0, drive: 0 };
  private prefixValid = false;
  private heldStale = true;
  private x: Float64Array = new Float64Array(0);
  private S = 1;

  /**
   * @param sub the substrate every example runs on
   * @param capacity the most examples a batch holds
   * @param layout its dense layout, if already computed
   */
  constructor(
    readonly sub: Substrate<NP>,
    readonly capacity: number,
    layout: DenseLayout = denseLayout(sub),
  ) {
    const refuse = (why: string) => {
      throw new Error(`substrate ${sub.name}: the batched sweep ${why}`);
    };
    if (sub.conduction !== 'tick') refuse(`runs synchronous ('tick') conduction; this substrate conducts on '${sub.conduction}'`);
    if (sub.coupling.product === undefined) refuse(`needs a product coupling (${sub.coupling.name} declares none)`);
    if (!Number.isInteger(capacity) || capacity < 1) refuse(`needs a capacity of at least 1 example (got ${capacity})`);
    const n = (this.n = sub.ids.length);
    for (const r of new Set(sub.roles)) if (sub.dynamics[r].draws) refuse(`runs deterministic node dynamics; ${sub.dynamics[r].name} draws`);
    this.segments = layout.segments;
    this.staticPrefix = layout.staticPrefix;
    const blocks = layout.segments.flatMap((s) => (s.kind === 'block' ? [s.block] : []));

    // Groups: the node order cut where the role changes and at every block's edges.
    const cut = new Set<number>([0, n]);
    for (let i = 1; i < n; i++) if (sub.roles[i] !== sub.roles[i - 1]) cut.add(i);
    for (const b of blocks) [b.rowStart, b.rowStart + b.rows, b.colStart, b.colStart + b.cols].forEach((c) => cut.add(c));
    const edges = [...cut].sort((a, b) => a - b);
    this.groups = edges.slice(0, -1).map((lo, g) => ({ lo, hi: edges[g + 1], role: sub.roles[lo] }));
    this.groupOf = new Int32Array(n);
    this.groups.forEach((g, k) => this.groupOf.fill(k, g.lo, g.hi));
    this.dyn = this.groups.map((g) => sub.dynamics[g.role]);
    this.integrators = this.dyn.map(integratorOf);
    this.moving = Uint8Array.from(this.dyn, (d) => (d.takesDrive ? 0 : 1));
    this.reading = Uint8Array.from(this.groups, (g, k) => (this.moving[k] && layout.needs[g.lo] ? 1 : 0));
    const matrix = (g: NodeGroup) => new Float64Array(capacity * (g.hi - g.lo));
    this.states = this.groups.map(matrix);
    this.drives = this.groups.map(matrix);
    this.prefix = this.groups.map((g, k) => (this.reading[k] ? matrix(g) : new Float64Array(0)));
    this.field = this.groups.map((g, k) => (this.reading[k] ? matrix(g) : new Float64Array(0)));

    this.blockOf = new Map(blocks.map((block) => [block, { block, rowGroup: this.groupOf[block.rowStart], colGroup: this.groupOf[block.colStart] }]));
    this.transposed = new Map();
    layout.segments.forEach((s, k) => {
      if (s.kind !== 'block' || k < this.staticPrefix) return;
      const { rowGroup, colGroup } = this.blockOf.get(s.block)!;
      if (this.reading[rowGroup] || this.reading[colGroup]) this.transposed.set(s.block, new Float64Array(s.block.rows * s.block.cols));
    });
    const widest = Math.max(1, ...blocks.map((b) => Math.max(b.rows, b.cols)));
    this.nzIdx = new Int32Array(widest);
    this.nzPhi = new Float64Array(widest);
  }

  /** The weights (x, stride S) or the held nodes' drives changed: recompute what depends on them. */
  invalidate(x: Float64Array, S: number): void {
    this.x = x;
    this.S = S;
    this.prefixValid = false;
    this.heldStale = true;
    for (const [b, t] of this.transposed) {
      const { first, rows, cols } = b;
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = x[(first + i * cols + j) * S];
    }
  }

  /**
   * One synchronous step of every loaded example: every node's input from the states as they
   * are (the synapses' tick), then every node moves by its dynamics over dt under the clamp's
   * beta. Returns b * n + i for a node i of example b whose state is not finite, or -1.
   */
  step(beta: number, dt: number): number {
    const { groups, reading, field, prefix } = this;
    if (this.x.length === 0 && this.sub.edgeA.length > 0) throw new Error(`substrate ${this.sub.name}: call the batched sweep's invalidate(x, S) before its first step`);
    if (!this.prefixValid) {
      for (let g = 0; g < groups.length; g++) if (reading[g]) prefix[g].fill(0, 0, this.size * (groups[g].hi - groups[g].lo));
      for (let k = 0; k < this.staticPrefix; k++) this.add(this.segments[k], prefix);
      this.prefixValid = true;
    }
    for (let g = 0; g < groups.length; g++) {
      if (!reading[g] || (beta > 0 && this.dyn[g].holdsWhileClamped)) continue;
      const f = field[g];
      const p = prefix[g];
      const count = this.size * (groups[g].hi - groups[g].lo);
      for (let k = 0; k < count; k++) f[k] = p[k];
    }
    for (let k = this.staticPrefix; k < this.segments.length; k++) this.add(this.segments[k], field);
    return this.integrate(beta, dt);
  }

  /** Runs steps synchronous steps at beta; a non-finite node as in `step`, or -1. */
  relax(beta: number, dt: number, steps: number): number {
    for (let t = 0; t < steps; t++) {
      const bad = this.step(beta, dt);
      if (bad >= 0) return bad;
    }
    return -1;
  }

  /** Adds segment s's deliveries, from the current states, to the sums `out` of the groups that read them. */
  private add(s: Segment, out: Float64Array[]): void {
    if (s.kind === 'sparse') {
      this.addSparse(s.from, s.to, out);
      return;
    }
    const { block, rowGroup, colGroup } = this.blockOf.get(s.block)!;
    const t = this.transposed.get(block);
    if (this.reading[colGroup]) this.addColumns(block, this.states[rowGroup], t, out[colGroup]);
    if (this.reading[rowGroup]) this.addRows(block, this.states[colGroup], t, out[rowGroup]);
  }

  /** Sparse synapses from..to-1, one by one through the coupling, for every example. */
  private addSparse(from: number, to: number, out: Float64Array[]): void {
    const { sub, groups, groupOf, reading, states, x, S } = this;
    const { edgeA, edgeB, coupling } = sub;
    for (let b = 0; b < this.size; b++) {
      for (let e = from; e < to; e++) {
        const p = edgeA[e];
        const q = edgeB[e];
        const gp = groupOf[p];
        const gq = groupOf[q];
        const wp = groups[gp].hi - groups[gp].lo;
        const wq = groups[gq].hi - groups[gq].lo;
        const vp = states[gp][b * wp + p - groups[gp].lo];
        const vq = states[gq][b * wq + q - groups[gq].lo];
        const w = x[e * S];
        if (reading[gp]) out[gp][b * wp + p - groups[gp].lo] += coupling.i(w, vp, vq);
        if (reading[gq]) out[gq][b * wq + q - groups[gq].lo] += coupling.i(w, vq, vp);
      }
    }
  }

  /**
   * Block blk's deliveries to its column nodes, each column's terms in row order over the rows at
   * phi != 0: from the transposed copy t (a dot product per column), or, for a block from held
   * rows (no copy), one axpy of x's row per nonzero row.
   */
  private addColumns(blk: DenseBlock, rowStates: Float64Array, t: Float64Array | undefined, out: Float64Array): void {
    const phi = this.sub.coupling.product!;
    const { first, rows, cols } = blk;
    const { nzIdx, nzPhi, x, S } = this;
    for (let b = 0; b < this.size; b++) {
      let nz = 0;
      for (let i = 0; i < rows; i++) {
        const p = phi(rowStates[b * rows + i]);
        if (p === 0) continue;
        nzIdx[nz] = i;
        nzPhi[nz++] = p;
      }
      const o = b * cols;
      if (t !== undefined) {
        for (let j = 0; j < cols; j++) {
          const tj = j * rows;
          let acc = out[o + j];
          for (let k = 0; k < nz; k++) acc += t[tj + nzIdx[k]] * nzPhi[k];
          out[o + j] = acc;
        }
        continue;
      }
      for (let k = 0; k < nz; k++) {
        const p = nzPhi[k];
        const r = (first + nzIdx[k] * cols) * S;
        if (S === 1) for (let j = 0; j < cols; j++) out[o + j] += x[r + j] * p;
        else for (let j = 0; j < cols; j++) out[o + j] += x[r + j * S] * p;
      }
    }
  }

  /** Block blk's deliveries to its row nodes, each row's terms in column order over the columns at phi != 0. */
  private addRows(blk: DenseBlock, colStates: Float64Array, t: Float64Array | undefined, out: Float64Array): void {
    const phi = this.sub.coupling.product!;
    const { first, rows, cols } = blk;
    const { nzIdx, nzPhi, x, S } = this;
    for (let b = 0; b < this.size; b++) {
      let nz = 0;
      for (let j = 0; j < cols; j++) {
        const p = phi(colStates[b * cols + j]);
        if (p === 0) continue;
        nzIdx[nz] = j;
        nzPhi[nz++] = p;
      }
      const o = b * rows;
      if (t !== undefined) {
        // One axpy per nonzero column over the transposed rows: row i still adds its terms in column order.
        for (let k = 0; k < nz; k++) {
          const p = nzPhi[k];
          const tj = nzIdx[k] * rows;
          for (let i = 0; i < rows; i++) out[o + i] += t[tj + i] * p;
        }
        continue;
      }
      for (let i = 0; i < rows; i++) {
        const r = (first + i * cols) * S;
        let acc = out[o + i];
        for (let k = 0; k < nz; k++) acc += x[r + nzIdx[k] * S] * nzPhi[k];
        out[o + i] = acc;
      }
    }
  }

  /** Moves every node of every loaded example; the held nodes take their drives. */
  private integrate(beta: number, dt: number): number {
    const { groups, dyn, moving, reading, states, drives, field, input } = this;
    const params = this.sub.nodeParams;
    input.beta = beta;
    for (let g = 0; g < groups.length; g++) {
      const w = groups[g].hi - groups[g].lo;
      const count = this.size * w;
      const s = states[g];
      const d = drives[g];
      if (!moving[g]) {
        const bad = this.heldStale ? this.take(g, count) : -1;
        if (bad >= 0) return Math.floor(bad / w) * this.n + groups[g].lo + (bad % w);
        continue;
      }
      const dg = dyn[g];
      if (beta > 0 && dg.holdsWhileClamped) continue;
      const k = this.integrators[g](s, reading[g] ? field[g] : undefined, d, count, input, dt, params);
      if (k >= 0) return Math.floor(k / w) * this.n + groups[g].lo + (k % w);
    }
    this.heldStale = false;
    return -1;
  }

  /** Held group g takes its drives (a changed value makes the kept prefix stale); the first non-finite one, or -1. */
  private take(g: number, count: number): number {
    const s = this.states[g];
    const d = this.drives[g];
    for (let k = 0; k < count; k++) {
      if (!Object.is(s[k], d[k])) {
        s[k] = d[k];
        this.prefixValid = false;
      }
      if (d[k] - d[k] !== 0) return k;
    }
    return -1;
  }
}
