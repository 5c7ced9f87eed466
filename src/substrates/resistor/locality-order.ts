import { ResistorSpec } from './resistor-spec';

/**
 * Reverse Cuthill-McKee: an order of the nodes of a graph in which neighbours get nearby
 * numbers (breadth-first from a peripheral node, neighbours by increasing degree, reversed).
 * Returns order[k] = the node placed k-th. Each connected component is started from a node of
 * least degree, then from the last node its search reached (a pseudo-peripheral start, one
 * refinement). Deterministic: ties go to the lower original number.
 */
export function reverseCuthillMcKee(n: number, edgeA: ArrayLike<number>, edgeB: ArrayLike<number>): Int32Array {
  const deg = new Int32Array(n);
  for (let e = 0; e < edgeA.length; e++) {
    deg[edgeA[e]]++;
    deg[edgeB[e]]++;
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + deg[i];
  const adj = new Int32Array(start[n]);
  const fill = start.slice(0, n);
  for (let e = 0; e < edgeA.length; e++) {
    adj[fill[edgeA[e]]++] = edgeB[e];
    adj[fill[edgeB[e]]++] = edgeA[e];
  }
  // Each node's neighbours by increasing degree (then number): the order the search visits them.
  for (let i = 0; i < n; i++) {
    const nb = Array.from(adj.subarray(start[i], start[i + 1])).sort((a, b) => deg[a] - deg[b] || a - b);
    adj.set(nb, start[i]);
  }
  const order = new Int32Array(n);
  const seen = new Uint8Array(n);
  const bfs = (root: number, at: number, mark: number): number => {
    let head = at;
    let tail = at;
    order[tail++] = root;
    seen[root] = mark;
    while (head < tail) {
      const i = order[head++];
      for (let p = start[i]; p < start[i + 1]; p++) {
        const j = adj[p];
        if (seen[j] !== mark) {
          seen[j] = mark;
          order[tail++] = j;
        }
      }
    }
    return tail;
  };
  const byDegree = Array.from({ length: n }, (_, i) => i).sort((a, b) => deg[a] - deg[b] || a - b);
  let placed = 0;
  for (const root of byDegree) {
    if (seen[root] !== 0) continue;
    // A first search finds the component and its last-reached node; the real one starts there.
    const end = bfs(root, placed, 1);
    const far = order[end - 1];
    bfs(far, placed, 2);
    placed = end;
  }
  return order.reverse();
}

/**
 * The same network with its nodes listed in reverse Cuthill-McKee order and its edges sorted by
 * their endpoints' new positions: what an engine sweeps in list order then touches neighbouring
 * memory. Names are unchanged, so each agent keeps its random substreams; the trajectories under
 * asynchronous timing are the same, but synchronous sweeps update nodes in list order
 * (Gauss-Seidel), so there a different order is a different, equally valid, run.
 */
export function inLocalityOrder(spec: ResistorSpec): ResistorSpec {
  const index = new Map(spec.nodes.map((id, i) => [id, i]));
  const a = spec.edges.map((e) => index.get(e.a)!);
  const b = spec.edges.map((e) => index.get(e.b)!);
  const order = reverseCuthillMcKee(spec.nodes.length, a, b);
  const pos = new Int32Array(order.length);
  order.forEach((node, k) => (pos[node] = k));
  // Edges by (lower position, higher position), then their given order; exact in a double while
  // n^2 < 2^53 (n up to 9e7 nodes).
  const n = order.length;
  const key = Float64Array.from(spec.edges, (_, e) => Math.min(pos[a[e]], pos[b[e]]) * n + Math.max(pos[a[e]], pos[b[e]]));
  const edges = Array.from(spec.edges, (_, e) => e)
    .sort((x, y) => key[x] - key[y] || x - y)
    .map((e) => spec.edges[e]);
  return { ...spec, nodes: Array.from(order, (i) => spec.nodes[i]), edges };
}
