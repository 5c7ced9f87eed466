import { Draws, NodeDynamics, NodeInput } from '../nodes/node-dynamics';
import { DenseBlock, Substrate } from '../substrates/substrate';
import { Coupling } from '../synapses/synapse-rule';
import { DenseLayout, Segment, denseLayout } from './dense-layout';
import { NodeSweep, ROLES } from './node-sweep';
import { stepperOf } from './compiled-steps';

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
  const step = stepperOf(dyn);
  const { segments, staticPrefix, sources, needs, runs } = layout;
  const { edgeA, edgeB, coupling, nodeParams } = sub;
  const input: NodeInput = { g: 0, i: 0, beta: 0, drive: 0 };
  // Each node's summed input (under 'tick' conduction, what the last conduct delivered).
  const field = new Float64Array(n);
  // The static prefix's sum per node, and the source values it was computed from.
  const prefix = new Float64Array(n);
  const prefixFrom = new Float64Array(sources.length);
  let prefixValid = false;
  // The nodes the static prefix delivers to lie in prefixLo..prefixHi-1.
  const { lo: prefixLo, hi: prefixHi } = receivers(segments.slice(0, staticPrefix), edgeA, edgeB, needs);
  const widest = Math.max(0, ...segments.map((s) => (s.kind === 'block' ? s.block.cols : 0)));
  const nzCol = new Int32Array(widest);
  const tallest = Math.max(0, ...segments.map((s) => (s.kind === 'block' ? s.block.rows : 0)));
  const nzRow = new Int32Array(tallest);
  const nzRowPhi = new Float64Array(tallest);
  const nzPhi = new Float64Array(widest);
  // Blocks with a column node that reads its inputs (the others' column sums are never read).
  const colsRead = new Set(segments.flatMap((s) => (s.kind === 'block' && needs.subarray(s.block.colStart, s.block.colStart + s.block.cols).includes(1) ? [s.block] : [])));

  // Adds segment s's deliveries to the nodes lo..hi-1 that read them.
  const add = (s: Segment, v: Float64Array, x: Float64Array, S: number, lo: number, hi: number, out: Float64Array) => {
    if (s.kind === 'sparse') {
      addSparse(s.from, s.to, edgeA, edgeB, needs, coupling, v, x, S, lo, hi, out);
      return;
    }
    const b = s.block;
    // Column nodes: sum over the rows, as row-wise axpys (each column's terms in row order).
    const j0 = Math.max(lo - b.colStart, 0);
    const j1 = Math.min(hi - b.colStart, b.cols);
    if (j0 < j1 && colsRead.has(b)) {
      let nz = 0;
      let ones = true;
      for (let i = 0; i < b.rows; i++) {
        const p = phi(v[b.rowStart + i]);
        if (p === 0) continue;
        nzRow[nz] = (b.first + i * b.cols) * S;
        nzRowPhi[nz++] = p;
        if (p !== 1) ones = false;
      }
      addColumns(b, nzRow, nzRowPhi, nz, ones, x, S, j0, j1, out);
    }
    // Row nodes: a dot product with the columns' phi, over the columns at phi != 0 (a binary
    // RBM's active visible units), in order.
    const i0 = Math.max(lo - b.rowStart, 0);
    const i1 = Math.min(hi - b.rowStart, b.rows);
    if (i0 < i1) {
      let nz = 0;
      let ones = true;
      for (let j = 0; j < b.cols; j++) {
        const p = phi(v[b.colStart + j]);
        if (p === 0) continue;
        nzCol[nz] = j * S;
        nzPhi[nz++] = p;
        if (p !== 1) ones = false;
      }
      addRows(b, needs, nzCol, nzPhi, nz, ones, x, S, i0, i1, out);
    }
  };

  const fresh = (v: Float64Array): boolean => {
    if (!prefixValid) return false;
    for (let k = 0; k < sources.length; k++) {
      const a = prefixFrom[k];
      const b = v[sources[k]];
      // Object.is without the call: equal bits, or both NaN (+0 and -0 count as a change).
      if (a !== b || (a === 0 && 1 / a !== 1 / b)) {
        if (a === a || b === b) return false;
      }
    }
    return true;
  };
  // The inputs of nodes lo..hi-1 from the live states and weights.
  const gather = (v: Float64Array, x: Float64Array, S: number, lo: number, hi: number) => {
    if (!fresh(v)) {
      prefix.fill(0, prefixLo, prefixHi);
      for (let k = 0; k < staticPrefix; k++) add(segments[k], v, x, S, prefixLo, prefixHi, prefix);
      for (let k = 0; k < sources.length; k++) prefixFrom[k] = v[sources[k]];
      prefixValid = true;
    }
    field.fill(0, lo, hi);
    for (let i = Math.max(lo, prefixLo); i < Math.min(hi, prefixHi); i++) field[i] = prefix[i];
    for (let k = staticPrefix; k < segments.length; k++) add(segments[k], v, x, S, lo, hi, field);
    // A node that does not read contributions (a held input) is given none, as in the CSR sweep.
    for (let k = 0; k < quiet.length; k++) {
      const i = quiet[k];
      if (i >= lo && i < hi) field[i] = 0;
    }
  };
  // The nodes that read no contributions but that a block's column sums reach: their sums are zeroed.
  const quiet = Int32Array.from(sub.ids.keys()).filter((i) => !needs[i] && [...colsRead].some((b) => i >= b.colStart && i < b.colStart + b.cols));
  const takes = Uint8Array.from(sub.roles, (r) => (sub.dynamics[r].takesDrive ? 1 : 0));
  // Runs whose nodes that read contributions all hold while clamped.
  const holdingRun = Uint8Array.from({ length: runs.length - 1 }, (_, r) => {
    for (let i = runs[r]; i < runs[r + 1]; i++) if (needs[i] && !dyn[role[i]].holdsWhileClamped) return 0;
    return 1;
  });
  // The nodes of each run that do not hold while clamped: moving[movers[r] .. movers[r + 1]).
  const moving = Int32Array.from(sub.ids.keys()).filter((i) => !dyn[role[i]].holdsWhileClamped);
  const movers = Int32Array.from(runs, (start) => moving.findIndex((i) => i >= start)).map((k) => (k < 0 ? moving.length : k));
  // Moves nodes lo..hi-1 by their dynamics from their summed inputs; the first node whose state
  // is not finite, or -1.
  const integrate = (v: Float64Array, lo: number, hi: number, drive: Float64Array, dt: number): number => {
    for (let i = lo; i < hi; i++) {
      if (takes[i]) {
        // A held node: its step would return its drive.
        v[i] = drive[i];
        if (drive[i] - drive[i] !== 0) return i;
        continue;
      }
      input.i = field[i];
      input.drive = drive[i];
      const nv = step(role[i], v[i], input, dt, nodeParams, draws[i]);
      v[i] = nv;
      if (nv - nv !== 0) return i;
    }
    return -1;
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
          // Under a clamp, a run whose readers all hold (the RBM's visible units) reads nothing,
          // and only its other nodes (the always-on unit) move.
          if (beta > 0 && holdingRun[r]) {
            for (let k = movers[r]; k < movers[r + 1]; k++) {
              const bad = integrate(v, moving[k], moving[k] + 1, drive, dt);
              if (bad >= 0) return bad;
            }
            continue;
          }
          gather(v, x, S, lo, hi);
          const bad = integrate(v, lo, hi, drive, dt);
          if (bad >= 0) return bad;
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
      return integrate(v, 0, n, drive, dt);
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

/** What sparse synapses from..to-1 deliver to the nodes lo..hi-1 that read it. */
function addSparse(from: number, to: number, edgeA: Int32Array, edgeB: Int32Array, needs: Uint8Array, coupling: Coupling, v: Float64Array, x: Float64Array, S: number, lo: number, hi: number, out: Float64Array): void {
  for (let e = from; e < to; e++) {
    const a = edgeA[e];
    const b = edgeB[e];
    const w = x[e * S];
    if (needs[a] && a >= lo && a < hi) out[a] += coupling.i(w, v[a], v[b]);
    if (needs[b] && b >= lo && b < hi) out[b] += coupling.i(w, v[b], v[a]);
  }
}

/** Below this many columns a block's column sums run as strided dot products. */
const NARROW = 32;

/**
 * Block b's deliveries to its columns j0..j1-1, each column's terms in row order, over the rows
 * whose phi is not 0 (nzRow: their first synapse's slot, nzPhi: their phi): for a few columns,
 * one strided dot product per column (a few long loops instead of many short ones: EP's
 * 500 x 10 block), else one axpy per row. The same additions in the same order either way.
 */
function addColumns(b: DenseBlock, nzRow: Int32Array, nzPhi: Float64Array, nz: number, ones: boolean, x: Float64Array, S: number, j0: number, j1: number, out: Float64Array): void {
  const { colStart } = b;
  if (j1 - j0 < NARROW) {
    for (let j = j0; j < j1; j++) {
      let acc = out[colStart + j];
      const js = j * S;
      if (ones) for (let k = 0; k < nz; k++) acc += x[nzRow[k] + js];
      else for (let k = 0; k < nz; k++) acc += x[nzRow[k] + js] * nzPhi[k];
      out[colStart + j] = acc;
    }
    return;
  }
  for (let k = 0; k < nz; k++) {
    const p = nzPhi[k];
    const o = nzRow[k];
    const d = colStart - o;
    // x * 1 is x: the binary units' case without the multiplication, same bits.
    if (S === 1 && p === 1) for (let q = o + j0; q < o + j1; q++) out[q + d] += x[q];
    else if (S === 1) for (let q = o + j0; q < o + j1; q++) out[q + d] += x[q] * p;
    else for (let j = j0; j < j1; j++) out[colStart + j] += x[o + j * S] * p;
  }
}

/** Block b's deliveries to its rows i0..i1-1 that read them: dot products with the nz nonzero columns. */
function addRows(b: DenseBlock, needs: Uint8Array, nzCol: Int32Array, nzPhi: Float64Array, nz: number, ones: boolean, x: Float64Array, S: number, i0: number, i1: number, out: Float64Array): void {
  const { first, rowStart, cols } = b;
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

/** The range of nodes that read what the segments deliver (empty: lo = hi = 0). */
function receivers(segments: readonly Segment[], edgeA: Int32Array, edgeB: Int32Array, needs: Uint8Array): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  const see = (i: number) => {
    if (!needs[i]) return;
    lo = Math.min(lo, i);
    hi = Math.max(hi, i + 1);
  };
  for (const s of segments) {
    if (s.kind === 'sparse') {
      for (let e = s.from; e < s.to; e++) (see(edgeA[e]), see(edgeB[e]));
      continue;
    }
    for (let i = 0; i < s.block.rows; i++) see(s.block.rowStart + i);
    for (let j = 0; j < s.block.cols; j++) see(s.block.colStart + j);
  }
  return lo < hi ? { lo, hi } : { lo: 0, hi: 0 };
}
