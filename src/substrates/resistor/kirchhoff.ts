import { ResistorNetwork, checkCount } from './resistor-spec';

/** Overrides for solveKirchhoff: conductances, source voltages, nudge strength and targets. */
export interface SolveOptions {
  /** Conductances (default: the network's). */
  k?: Float64Array;
  /** Source voltages, in the order of net.sources (default: the network's). */
  sourceV?: Float64Array;
  /** Nudge strength on the outputs (default 0: the free state). */
  beta?: number;
  /** Output targets (default: the network's). */
  targets?: Float64Array;
  /** 'dense' (Cholesky) or 'sparse' (conjugate gradients); default by size. */
  method?: 'dense' | 'sparse';
}

/**
 * The exact equilibrium: the reduced Laplacian on the non-fixed nodes, with beta added on the
 * outputs' diagonal, solved for the voltages (a symmetric positive definite system, since every
 * node is connected to a fixed one). Returns the voltage of every node.
 */
export function solveKirchhoff(net: ResistorNetwork, opts: SolveOptions = {}): Float64Array {
  const n = net.ids.length;
  const k = opts.k ?? net.k;
  const beta = opts.beta ?? 0;
  const sourceV = opts.sourceV ?? net.sourceV;
  const targets = opts.targets ?? net.targets;
  checkCount('sourceV', sourceV, net.sources.length, 'input (voltage source)');
  checkCount('targets', targets, net.outputs.length, 'output');
  const V = new Float64Array(n);
  const fixed = new Uint8Array(n);
  fixed[net.ground] = 1;
  net.sources.forEach((i, j) => {
    fixed[i] = 1;
    V[i] = sourceV[j];
  });
  // A node cut off from every fixed node by zero conductances (dead synapses, faults.ts) has
  // no equilibrium: it is left NaN (so is any output among them, and an error computed from it)
  // and the rest is solved as if it were not there.
  if (k.some((x) => x === 0)) floatingNodes(net, k, fixed, beta).forEach((i) => ((fixed[i] = 1), (V[i] = NaN)));
  // Free-node numbering.
  const col = new Int32Array(n).fill(-1);
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (!fixed[i]) col[i] = free.push(i) - 1;
  const m = free.length;
  if (m === 0) return V;

  const diag = new Float64Array(m);
  const rhs = new Float64Array(m);
  const offA: number[] = [];
  const offB: number[] = [];
  const offK: number[] = [];
  for (let e = 0; e < net.edgeA.length; e++) {
    if (k[e] === 0) continue;
    const a = net.edgeA[e];
    const b = net.edgeB[e];
    const ca = col[a];
    const cb = col[b];
    if (ca >= 0) diag[ca] += k[e];
    if (cb >= 0) diag[cb] += k[e];
    if (ca >= 0 && cb >= 0) {
      offA.push(ca);
      offB.push(cb);
      offK.push(k[e]);
    } else if (ca >= 0) rhs[ca] += k[e] * V[b];
    else if (cb >= 0) rhs[cb] += k[e] * V[a];
  }
  net.outputs.forEach((i, j) => {
    diag[col[i]] += beta;
    rhs[col[i]] += beta * targets[j];
  });

  const method = opts.method ?? (m <= 1500 ? 'dense' : 'sparse');
  const x = method === 'dense' ? denseSolve(m, diag, offA, offB, offK, rhs) : cgSolve(m, diag, offA, offB, offK, rhs);
  free.forEach((i, c) => (V[i] = x[c]));
  return V;
}

/** Nodes no path of nonzero conductances links to a fixed node (or, under a nudge, an output). */
function floatingNodes(net: ResistorNetwork, k: Float64Array, fixed: Uint8Array, beta: number): number[] {
  const n = fixed.length;
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < net.edgeA.length; e++) {
    if (k[e] === 0) continue;
    adj[net.edgeA[e]].push(net.edgeB[e]);
    adj[net.edgeB[e]].push(net.edgeA[e]);
  }
  const reached = Uint8Array.from(fixed);
  const todo: number[] = [];
  for (let i = 0; i < n; i++) if (fixed[i]) todo.push(i);
  if (beta !== 0) for (const i of net.outputs) if (!reached[i]) (reached[i] = 1), todo.push(i);
  while (todo.length > 0) for (const j of adj[todo.pop()!]) if (!reached[j]) (reached[j] = 1), todo.push(j);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!reached[i]) out.push(i);
  return out;
}

function denseSolve(m: number, diag: Float64Array, oa: number[], ob: number[], ok: number[], rhs: Float64Array): Float64Array {
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) A[i * m + i] = diag[i];
  for (let e = 0; e < oa.length; e++) {
    A[oa[e] * m + ob[e]] -= ok[e];
    A[ob[e] * m + oa[e]] -= ok[e];
  }
  // Cholesky A = L L^T, in place in the lower triangle.
  for (let j = 0; j < m; j++) {
    let d = A[j * m + j];
    for (let p = 0; p < j; p++) d -= A[j * m + p] * A[j * m + p];
    if (!(d > 0)) throw new Error('Kirchhoff system is not positive definite (is every node grounded?)');
    const ljj = Math.sqrt(d);
    A[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let s = A[i * m + j];
      for (let p = 0; p < j; p++) s -= A[i * m + p] * A[j * m + p];
      A[i * m + j] = s / ljj;
    }
  }
  const y = Float64Array.from(rhs);
  for (let i = 0; i < m; i++) {
    let s = y[i];
    for (let p = 0; p < i; p++) s -= A[i * m + p] * y[p];
    y[i] = s / A[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i];
    for (let p = i + 1; p < m; p++) s -= A[p * m + i] * y[p];
    y[i] = s / A[i * m + i];
  }
  return y;
}

/** Jacobi-preconditioned conjugate gradients to a relative residual of 1e-13. */
function cgSolve(m: number, diag: Float64Array, oa: number[], ob: number[], ok: number[], rhs: Float64Array): Float64Array {
  const mul = (x: Float64Array, out: Float64Array) => {
    for (let i = 0; i < m; i++) out[i] = diag[i] * x[i];
    for (let e = 0; e < oa.length; e++) {
      out[oa[e]] -= ok[e] * x[ob[e]];
      out[ob[e]] -= ok[e] * x[oa[e]];
    }
  };
  // Solve for rhs / scale: the products in dot() would underflow for tiny voltages (1e-160).
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(rhs[i]));
  if (scale === 0) return new Float64Array(m);
  const x = new Float64Array(m);
  const r = Float64Array.from(rhs, (b) => b / scale);
  const z = new Float64Array(m);
  const p = new Float64Array(m);
  const q = new Float64Array(m);
  for (let i = 0; i < m; i++) p[i] = z[i] = r[i] / diag[i];
  let rz = dot(r, z);
  const stop = 1e-13 * Math.sqrt(dot(r, r));
  for (let it = 0; it < 20 * m + 100 && Math.sqrt(dot(r, r)) > stop; it++) {
    mul(p, q);
    const alpha = rz / dot(p, q);
    for (let i = 0; i < m; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * q[i];
      z[i] = r[i] / diag[i];
    }
    const rz2 = dot(r, z);
    const bta = rz2 / rz;
    rz = rz2;
    for (let i = 0; i < m; i++) p[i] = z[i] + bta * p[i];
  }
  for (let i = 0; i < m; i++) x[i] *= scale;
  return x;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
