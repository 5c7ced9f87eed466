/**
 * Independent references for the Markov adaptation tests, written here from
 * docs/science.md#markov-kernels and the authors' conventions (not imported from src): the rates as
 * a list of directed edges, the stationary distribution by the matrix-tree theorem (enumerating
 * spanning trees of the 2 x 5 ladder), and the master equation integrated by RK4.
 */
export const LEVELS = 5;
export const N = 10;
/** State of (row, m): row 0 = active (read-out), row 1 = inactive. */
export const st = (row: number, m: number): number => row * LEVELS + m;

export interface Edge {
  from: number;
  to: number;
  rate: number;
}

/** The model's directed rates, one by one. */
export function rates(gamma: number, RF: number, s: number): Edge[] {
  const e: Edge[] = [];
  const slow = Math.E * gamma;
  for (let m = 0; m < LEVELS; m++) {
    if (m + 1 < LEVELS) {
      // Active row: demethylation at 1, methylation at e*gamma.
      e.push({ from: st(0, m + 1), to: st(0, m), rate: 1 });
      e.push({ from: st(0, m), to: st(0, m + 1), rate: slow });
      // Inactive row: the reverse.
      e.push({ from: st(1, m), to: st(1, m + 1), rate: 1 });
      e.push({ from: st(1, m + 1), to: st(1, m), rate: slow });
    }
    const dE = 2 * (1 - m) + Math.log((1 + s / 18.2) / (1 + s / 3000));
    // Active -> inactive is faster by e^{dE}; the slower of the pair runs at RF.
    const down = dE >= 0 ? RF * Math.exp(dE) : RF;
    const up = dE >= 0 ? RF : RF * Math.exp(-dE);
    e.push({ from: st(0, m), to: st(1, m), rate: down });
    e.push({ from: st(1, m), to: st(0, m), rate: up });
  }
  return e;
}

export function rateOf(edges: Edge[], from: number, to: number): number {
  return edges.filter((x) => x.from === from && x.to === to).reduce((s, x) => s + x.rate, 0);
}

/**
 * Matrix-tree theorem: p_i is proportional to the sum over spanning trees of the undirected
 * ladder of the product of the rates directed towards root i. The ladder has 13 edges and 10
 * nodes, so every 9-edge subset is tried (715 of them) and the trees kept.
 */
export function stationaryByTrees(edges: Edge[]): number[] {
  const pairs: [number, number][] = [];
  for (const x of edges) {
    const [a, b] = x.from < x.to ? [x.from, x.to] : [x.to, x.from];
    if (!pairs.some(([p, q]) => p === a && q === b)) pairs.push([a, b]);
  }
  const weights = new Array<number>(N).fill(0);
  const choose = (start: number, picked: number[]) => {
    if (picked.length === N - 1) {
      const tree = picked.map((i) => pairs[i]);
      if (!isSpanningTree(tree)) return;
      for (let root = 0; root < N; root++) weights[root] += treeWeight(edges, tree, root);
      return;
    }
    for (let i = start; i < pairs.length; i++) choose(i + 1, [...picked, i]);
  };
  choose(0, []);
  const z = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / z);
}

function isSpanningTree(tree: [number, number][]): boolean {
  const parent = Array.from({ length: N }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (const [a, b] of tree) {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return false;
    parent[ra] = rb;
  }
  return true;
}

function treeWeight(edges: Edge[], tree: [number, number][], root: number): number {
  // Orient every tree edge towards the root (breadth-first from the root).
  const adj = Array.from({ length: N }, () => [] as number[]);
  for (const [a, b] of tree) {
    adj[a].push(b);
    adj[b].push(a);
  }
  let w = 1;
  const seen = new Set([root]);
  const queue = [root];
  while (queue.length) {
    const v = queue.shift()!;
    for (const u of adj[v]) {
      if (seen.has(u)) continue;
      seen.add(u);
      queue.push(u);
      w *= rateOf(edges, u, v);
    }
  }
  return w;
}

/** dp/dt of the master equation. */
export function masterRhs(edges: Edge[], p: number[]): number[] {
  const d = new Array<number>(N).fill(0);
  for (const x of edges) {
    d[x.to] += x.rate * p[x.from];
    d[x.from] -= x.rate * p[x.from];
  }
  return d;
}

/** RK4 from p0 over [0, tEnd] with step h; returns the active occupancy at every step. */
export function activityTrajectory(edges: Edge[], p0: number[], tEnd: number, h: number): number[] {
  let p = [...p0];
  const a = [active(p)];
  const axpy = (x: number[], y: number[], c: number) => x.map((v, i) => v + c * y[i]);
  for (let t = 0; t < tEnd - 1e-12; t += h) {
    const k1 = masterRhs(edges, p);
    const k2 = masterRhs(edges, axpy(p, k1, h / 2));
    const k3 = masterRhs(edges, axpy(p, k2, h / 2));
    const k4 = masterRhs(edges, axpy(p, k3, h));
    p = p.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
    a.push(active(p));
  }
  return a;
}

export const active = (p: ArrayLike<number>): number => {
  let s = 0;
  for (let m = 0; m < LEVELS; m++) s += p[st(0, m)];
  return s;
};
