/**
 * Test-only reference: an independent Kirchhoff solve by plain Gaussian elimination with
 * partial pivoting on the node equations (no Cholesky, no CG, no shared code with src).
 */
export interface PlainNetwork {
  nodes: string[];
  edges: { a: string; b: string; k: number }[];
  ground: string;
  inputs: { node: string; v: number }[];
  outputs?: { node: string; target: number }[];
}

/** Solves A x = b in place (A row-major n x n); throws on a singular matrix. */
export function gaussSolve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (Math.abs(M[p][c]) < 1e-300) throw new Error('singular');
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      if (f === 0) continue;
      for (let j = c; j <= n; j++) M[r][j] -= f * M[c][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let j = r + 1; j < n; j++) s -= M[r][j] * x[j];
    x[r] = s / M[r][r];
  }
  return x;
}

/**
 * Voltages of every node (in spec order) with the outputs nudged by beta toward their targets:
 * one equation per node, fixed nodes as V_i = value rows, free nodes as KCL rows.
 */
export function referenceSolve(spec: PlainNetwork, beta = 0): number[] {
  const n = spec.nodes.length;
  const idx = new Map(spec.nodes.map((id, i) => [id, i]));
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const b = new Array<number>(n).fill(0);
  const fixed = new Map<number, number>([[idx.get(spec.ground)!, 0]]);
  for (const s of spec.inputs) fixed.set(idx.get(s.node)!, s.v);
  for (const e of spec.edges) {
    const i = idx.get(e.a)!;
    const j = idx.get(e.b)!;
    A[i][i] += e.k;
    A[j][j] += e.k;
    A[i][j] -= e.k;
    A[j][i] -= e.k;
  }
  for (const o of spec.outputs ?? []) {
    const i = idx.get(o.node)!;
    A[i][i] += beta;
    b[i] += beta * o.target;
  }
  for (const [i, v] of fixed) {
    A[i].fill(0);
    A[i][i] = 1;
    b[i] = v;
  }
  return gaussSolve(A, b);
}

/**
 * Net current into every node (spec order): sum_j k_ij (V_j - V_i), plus beta (y - V) on the
 * outputs. Zero on every free node at equilibrium.
 */
export function kclResidual(spec: PlainNetwork, V: ArrayLike<number>, beta = 0): number[] {
  const idx = new Map(spec.nodes.map((id, i) => [id, i]));
  const r = new Array<number>(spec.nodes.length).fill(0);
  for (const e of spec.edges) {
    const i = idx.get(e.a)!;
    const j = idx.get(e.b)!;
    const current = e.k * (V[j] - V[i]); // into i
    r[i] += current;
    r[j] -= current;
  }
  for (const o of spec.outputs ?? []) {
    const i = idx.get(o.node)!;
    r[i] += beta * (o.target - V[i]);
  }
  return r;
}

export function freeNodes(spec: PlainNetwork): number[] {
  const fixed = new Set([spec.ground, ...spec.inputs.map((s) => s.node)]);
  return spec.nodes.map((id, i) => [id, i] as const).filter(([id]) => !fixed.has(id)).map(([, i]) => i);
}

export function maxAbs(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i]));
  return m;
}
