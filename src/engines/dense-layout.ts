import { DenseBlock, Substrate } from '../substrates/substrate';
import { readsContributions } from './node-sweep';

/** A stretch of synapses in synapse order: listed one by one (sparse) or a dense block. */
export type Segment = { kind: 'sparse'; from: number; to: number } | { kind: 'block'; block: DenseBlock };

/**
 * How the dense sweep walks a substrate (dense-sweep.ts), computed once per engine:
 * - segments: every synapse once, in synapse order, so that each node still sums its inputs in
 *   synapse order (the order of the CSR sweep and of a node agent), bit for bit;
 * - staticPrefix: how many leading segments deliver only from sources (nodes that do not read
 *   contributions: inputs, biases, the ground) to nodes that read them. Their sum depends on
 *   the weights and the sources' values only, so the sweep keeps it until either changes (EP's
 *   b_1 + x W_0 while a digit is clamped);
 * - sources: the nodes whose values that prefix reads;
 * - runs: the node order cut into stretches without a synapse inside one (RBM: the hidden
 *   units, then the visible units), so a Gauss-Seidel sweep may compute a whole stretch's
 *   inputs at once and still read every state as a node-by-node sweep would.
 */
export interface DenseLayout {
  readonly segments: readonly Segment[];
  readonly staticPrefix: number;
  readonly sources: Int32Array;
  /** 1 where the node's dynamics reads its contributions. */
  readonly needs: Uint8Array;
  /** Run k is the nodes runs[k] .. runs[k + 1] - 1. */
  readonly runs: Int32Array;
}

/** The layout of a substrate's dense blocks; throws if a block does not match edgeA / edgeB. */
export function denseLayout<NP>(sub: Substrate<NP>): DenseLayout {
  const m = sub.edgeA.length;
  const blocks = [...(sub.blocks ?? [])].sort((a, b) => a.first - b.first);
  blocks.forEach((b, k) => checkBlock(sub, b, k, k > 0 ? blocks[k - 1].first + blocks[k - 1].rows * blocks[k - 1].cols : 0));
  const segments: Segment[] = [];
  let at = 0;
  for (const b of blocks) {
    if (b.first > at) segments.push({ kind: 'sparse', from: at, to: b.first });
    segments.push({ kind: 'block', block: b });
    at = b.first + b.rows * b.cols;
  }
  if (at < m) segments.push({ kind: 'sparse', from: at, to: m });

  const needs = readsContributions(sub);
  const source = new Set<number>();
  let staticPrefix = 0;
  for (const s of segments) {
    const from = sourcesOf(sub, s, needs);
    if (from === undefined) break;
    from.forEach((i) => source.add(i));
    staticPrefix++;
  }
  return { segments, staticPrefix, sources: Int32Array.from([...source].sort((a, b) => a - b)), needs, runs: independentRuns(sub, segments) };
}

/** The sources a segment delivers from, or undefined if it joins two nodes that both read contributions. */
function sourcesOf<NP>(sub: Substrate<NP>, s: Segment, needs: Uint8Array): number[] | undefined {
  const out: number[] = [];
  if (s.kind === 'sparse') {
    for (let e = s.from; e < s.to; e++) {
      const a = sub.edgeA[e];
      const b = sub.edgeB[e];
      if (needs[a] && needs[b]) return undefined;
      if (needs[a]) out.push(b);
      if (needs[b]) out.push(a);
    }
    return out;
  }
  const { rowStart, rows, colStart, cols } = s.block;
  const rowsNeed = anyOf(needs, rowStart, rows);
  const colsNeed = anyOf(needs, colStart, cols);
  if (rowsNeed && colsNeed) return undefined;
  if (colsNeed) for (let i = 0; i < rows; i++) out.push(rowStart + i);
  if (rowsNeed) for (let j = 0; j < cols; j++) out.push(colStart + j);
  return out;
}

function anyOf(flags: Uint8Array, start: number, count: number): boolean {
  for (let k = start; k < start + count; k++) if (flags[k]) return true;
  return false;
}

/**
 * Cuts the node order into maximal stretches with no synapse between two nodes of a stretch:
 * a new stretch starts at node i when i has a neighbour in the current stretch before it.
 */
function independentRuns<NP>(sub: Substrate<NP>, segments: readonly Segment[]): Int32Array {
  const n = sub.ids.length;
  // The largest neighbour below each node (-1 if none).
  const below = new Int32Array(n).fill(-1);
  const see = (i: number, j: number) => {
    if (j < i && j > below[i]) below[i] = j;
  };
  for (const s of segments) {
    if (s.kind === 'sparse') {
      for (let e = s.from; e < s.to; e++) {
        see(sub.edgeA[e], sub.edgeB[e]);
        see(sub.edgeB[e], sub.edgeA[e]);
      }
      continue;
    }
    const { rowStart, rows, colStart, cols } = s.block;
    // A node of one side neighbours the whole other side: its largest member below the node.
    const sideBelow = (i: number, start: number, count: number) => {
      if (start < i) see(i, Math.min(start + count - 1, i - 1));
    };
    for (let i = 0; i < rows; i++) sideBelow(rowStart + i, colStart, cols);
    for (let j = 0; j < cols; j++) sideBelow(colStart + j, rowStart, rows);
  }
  const starts = [0];
  for (let i = 1; i < n; i++) if (below[i] >= starts[starts.length - 1]) starts.push(i);
  starts.push(n);
  return Int32Array.from(starts);
}

function checkBlock<NP>(sub: Substrate<NP>, b: DenseBlock, k: number, after: number): void {
  const n = sub.ids.length;
  const bad = (what: string) => {
    throw new Error(`substrate ${sub.name}: dense block ${k} ${what}`);
  };
  const { first, rowStart, rows, colStart, cols } = b;
  for (const v of [first, rowStart, rows, colStart, cols]) if (!Number.isInteger(v) || v < 0) bad('has a field that is not an integer >= 0');
  if (first < after || first + rows * cols > sub.edgeA.length) bad(`covers synapses ${first}..${first + rows * cols - 1}, outside the synapses or overlapping the block before`);
  if (rowStart + rows > n || colStart + cols > n) bad('names nodes beyond the substrate');
  if (rowStart < colStart + cols && colStart < rowStart + rows) bad('has overlapping row and column nodes');
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const e = first + i * cols + j;
      const [ra, cb] = b.rowEnd === 'b' ? [sub.edgeB[e], sub.edgeA[e]] : [sub.edgeA[e], sub.edgeB[e]];
      if (ra !== rowStart + i || cb !== colStart + j) bad(`does not match synapse ${e} (row end ${ra}, column end ${cb}; expected ${rowStart + i}, ${colStart + j})`);
    }
  }
}
