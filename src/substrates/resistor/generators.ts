import { Rng } from '../../scheduler/random';
import { finite, integer, positive } from '../../validate';
import { SpecError } from '../../errors';
import { ResistorSpec } from './resistor-spec';

/**
 * A random connected network: n nodes, mean degree, conductance range and the numbers of sources
 * and outputs.
 */
export interface RandomNetworkOptions {
  n: number;
  meanDegree: number;
  /** Conductances uniform in [kMin, kMax]. */
  kMin?: number;
  kMax?: number;
  /** Number of voltage sources besides the ground (node n1, n2, ...). */
  inputs?: number;
  /** Number of output nodes (the last nodes). */
  outputs?: number;
  /** Source voltages uniform in [-vMax, vMax]. */
  vMax?: number;
}

/**
 * A random connected graph: a random spanning tree (each new node attaches to a uniformly chosen
 * earlier node), then distinct extra edges until the mean degree is reached. Node n0 is ground.
 */
export function randomNetwork(o: RandomNetworkOptions, rng: Rng): ResistorSpec {
  const n = integer('n', o.n, 2);
  const meanDegree = positive('meanDegree', o.meanDegree);
  const kMin = positive('kMin', o.kMin ?? 0.1);
  const kMax = positive('kMax', o.kMax ?? 10);
  if (kMax < kMin) throw new SpecError('kMax', `a value >= kMin (${kMin})`, kMax);
  const nIn = integer('inputs', o.inputs ?? 1, 0);
  const nOut = integer('outputs', o.outputs ?? 1, 0);
  if (1 + nIn + nOut > n) throw new SpecError('n', `at least 1 + inputs + outputs = ${1 + nIn + nOut} nodes`, n);
  const vMax = positive('vMax', o.vMax ?? 1);
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  const used = new Set<number>();
  const edges: ResistorSpec['edges'] = [];
  const add = (a: number, b: number) => {
    used.add(key(a, b));
    edges.push({ a: ids[a], b: ids[b], k: rng.between(kMin, kMax) });
  };
  for (let i = 1; i < n; i++) add(rng.int(i), i);
  const maxEdges = (n * (n - 1)) / 2;
  const want = Math.min(maxEdges, Math.max(n - 1, Math.round((n * meanDegree) / 2)));
  while (edges.length < want) {
    const a = rng.int(n);
    const b = rng.int(n);
    if (a !== b && !used.has(key(a, b))) add(a, b);
  }
  return {
    nodes: ids,
    edges,
    ground: ids[0],
    inputs: Array.from({ length: nIn }, (_, j) => ({ node: ids[1 + j], v: rng.between(-vMax, vMax) })),
    outputs: Array.from({ length: nOut }, (_, j) => ({ node: ids[n - nOut + j], target: 0 })),
  };
}

/** A rows x cols lattice, ground at one corner, a source at the opposite one, output at the centre. */
export function latticeNetwork(o: { rows: number; cols: number; k?: number; v?: number }): ResistorSpec {
  const rows = integer('rows', o.rows, 1);
  const cols = integer('cols', o.cols, 1);
  if (rows * cols < 3) throw new SpecError('rows * cols', 'at least 3 nodes', rows * cols);
  const k = positive('k', o.k ?? 1);
  const v = finite('v', o.v ?? 1);
  const id = (r: number, c: number) => `r${r}c${c}`;
  const nodes: string[] = [];
  const edges: ResistorSpec['edges'] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      nodes.push(id(r, c));
      if (c > 0) edges.push({ a: id(r, c - 1), b: id(r, c), k });
      if (r > 0) edges.push({ a: id(r - 1, c), b: id(r, c), k });
    }
  }
  let out = id(rows >> 1, cols >> 1);
  if (out === id(0, 0) || out === id(rows - 1, cols - 1)) out = rows > 1 ? id(1, 0) : id(0, 1);
  return {
    nodes,
    edges,
    ground: id(0, 0),
    inputs: [{ node: id(rows - 1, cols - 1), v }],
    outputs: [{ node: out, target: 0 }],
  };
}
