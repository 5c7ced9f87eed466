import { Draws, NodeDynamics, NodeInput } from '../nodes/node-dynamics';
import { Substrate } from '../substrates/substrate';
import { DenseLayout, Segment, denseLayout } from './dense-layout';
import { NodeSweep, ROLES } from './node-sweep';

/**
 * The node sweep of a substrate with dense blocks and a product coupling (w phi(x_a) phi(x_b)),
 * the same computation as the CSR sweep (node-sweep.ts) bit for bit, with every block run as a
 * matrix product:
 * - each node sums its synapses in synapse order, segment after segment (dense-layout.ts); a
 *   block adds w * phi(other) exactly as the coupling's `i` does, and skips other ends at
 *   phi = 0, whose terms add +-0 to a sum that is never -0 and so change no bit;
 * - the sum over the leading segments that deliver only from sources (inputs, biases) is kept
 *   until the weights or those sources change (`invalidate`, or a source's value differs);
 * - 'tick' conduction (Jacobi): `conduct` computes every node's input once per synapse tick;
 * - 'event' conduction (Gauss-Seidel): the inputs of each run of mutually unconnected nodes are
 *   computed from the live states just before the run moves, which is what a node-by-node
 *   sweep reads.
 */
export function denseSweep<NP>(sub: Substrate<NP>, draws: readonly (Draws | undefined)[] = [], layout: DenseLayout = denseLayout(sub)): NodeSweep {
  const phi = sub.coupling.product;
  if (phi === undefined) throw new Error(`substrate ${sub.name}: the dense sweep needs a product coupling (${sub.coupling.name} declares none)`);
  const n = sub.ids.length;
  const role = Uint8Array.from(sub.roles, (r) => ROLES.indexOf(r));
  const dyn: NodeDynamics<NP>[] = ROLES.map((r) => sub.dynamics[r]);
  const { segments, staticPrefix, sources, needs, runs } = layout;
  const { edgeA, edgeB, coupling, nodeParams } = sub;
  const input: NodeInput = { g: 0, i: 0, beta: 0, drive: 0 };
  // Each node's summed input (under 'tick' conduction, what the last conduct delivered).
  const field = new Float64Array(n);
  // The static prefix's sum per node, and the source values it was computed from.
  const prefix = new Float64Array(n);
  const prefixFrom = new Float64Array(sources.length);
  let prefixValid = false;
  const widest = Math.max(0, ...segments.map((s) => (s.kind === 'block' ? s.block.cols : 0)));
  const nzCol = new Int32Array(widest);
  const nzPhi = new Float64Array(widest);
  // Blocks with a column node that reads its inputs (the others' column sums are never read).
  const colsRead = new Set(segments.flatMap((s) => (s.kind === 'block' && needs.subarray(s.block.colStart, s.block.colStart + s.block.cols).includes(1) ? [s.block] : [])));

  // Adds segment s's deliveries to the nodes lo..hi-1 that read them.
  const add = (s: Segment, v: Float64Array, x: Float64Array, S: number, lo: number, hi: number, out: Float64Array) => {
    if (s.kind === 'sparse') {
      for (let e = s.from; e < s.to; e++) {
        const a = edgeA[e];
        const b = edgeB[e];
        const w = x[e * S];
        if (needs[a] && a >= lo && a < hi) out[a] += coupling.i(w, v[a], v[b]);
        if (needs[b] && b >= lo && b < hi) out[b] += coupling.i(w, v[b], v[a]);
      }
      return;
    }
    const { first, rowStart, rows, colStart, cols } = s.block;
    // Column nodes: sum over the rows, as row-wise axpys (each column's terms in row order).
    const j0 = Math.max(lo - colStart, 0);
    const j1 = Math.min(hi - colStart, cols);
    if (j0 < j1 && colsRead.has(s.block)) {
      for (let i = 0; i < rows; i++) {
        const p = phi(v[rowStart + i]);
        if (p === 0) continue;
        const o = (first + i * cols) * S;
        // x * 1 is x: the binary units' case without the multiplication, same bits.
        if (S === 1 && p === 1) for (let j = j0; j < j1; j++) out[colStart + j] += x[o + j];
        else if (S === 1) for (let j = j0; j < j1; j++) out[colStart + j] += x[o + j] * p;
        else for (let j = j0; j < j1; j++) out[colStart + j] += x[o + j * S] * p;
      }
    }
    // Row nodes: a dot product with the columns' phi.
    const i0 = Math.max(lo - rowStart, 0);
    const i1 = Math.min(hi - rowStart, rows);
    if (i0 < i1) {
      // The columns at phi != 0, in order (a binary RBM's active visible units).
      let nz = 0;
      let ones = true;
      for (let j = 0; j < cols; j++) {
        const p = phi(v[colStart + j]);
        if (p === 0) continue;
        nzCol[nz] = j * S;
        nzPhi[nz++] = p;
        if (p !== 1) ones = false;
      }
      for (let i = i0; i < i1; i++) {
        const r = rowStart + i;
        if (!needs[r]) continue;
        const o = (first + i * cols) * S;
        let acc = out[r];
        if (ones) for (let k = 0; k < nz; k++) acc += x[o + nzCol[k]];
        else for (let k = 0; k < nz; k++) acc += x[o + nzCol[k]] * nzPhi[k];
        out[r] = acc;
      }
    }
  };

  const fresh = (v: Float64Array): boolean => {
    if (!prefixValid) return false;
    for (let k = 0; k < sources.length; k++) if (!Object.is(prefixFrom[k], v[sources[k]])) return false;
    return true;
  };
  // The inputs of nodes lo..hi-1 from the live states and weights.
  const gather = (v: Float64Array, x: Float64Array, S: number, lo: number, hi: number) => {
    if (!fresh(v)) {
      prefix.fill(0);
      for (let k = 0; k < staticPrefix; k++) add(segments[k], v, x, S, 0, n, prefix);
      for (let k = 0; k < sources.length; k++) prefixFrom[k] = v[sources[k]];
      prefixValid = true;
    }
    field.set(prefix.subarray(lo, hi), lo);
    for (let k = staticPrefix; k < segments.length; k++) add(segments[k], v, x, S, lo, hi, field);
    // A node that does not read contributions (a held input) is given none, as in the CSR sweep.
    for (let i = lo; i < hi; i++) if (!needs[i]) field[i] = 0;
  };
  const integrate = (v: Float64Array, i: number, drive: Float64Array, dt: number): boolean => {
    input.i = field[i];
    input.drive = drive[i];
    const nv = dyn[role[i]].step(v[i], input, dt, nodeParams, draws[i]);
    v[i] = nv;
    return Number.isFinite(nv);
  };
  const common = {
    invalidate: () => {
      prefixValid = false;
    },
  };

  if (sub.conduction === 'event') {
    return {
      ...common,
      sweep(v, x, S, drive, beta, dt) {
        input.beta = beta;
        for (let r = 0; r + 1 < runs.length; r++) {
          const lo = runs[r];
          const hi = runs[r + 1];
          gather(v, x, S, lo, hi);
          for (let i = lo; i < hi; i++) if (!integrate(v, i, drive, dt)) return i;
        }
        return -1;
      },
      conduct() {
        /* event conduction reads the live weights and states */
      },
      saveState: () => new Float64Array(0),
      loadState() {
        /* nothing held between steps */
      },
    };
  }
  return {
    ...common,
    sweep(v, _x, _S, drive, beta, dt) {
      input.beta = beta;
      for (let i = 0; i < n; i++) if (!integrate(v, i, drive, dt)) return i;
      return -1;
    },
    conduct(v, x, S) {
      gather(v, x, S, 0, n);
    },
    // The same layout as the CSR sweep's: every node's g (0 for a product coupling), then its i.
    saveState: () => {
      const s = new Float64Array(2 * n);
      s.set(field, n);
      return s;
    },
    loadState(s) {
      field.set(s.subarray(n));
      prefixValid = false;
    },
  };
}
