import { SpecError } from '../../errors';
import { finite, isRecord, knownKeys, positive } from '../../validate';

/** A resistor / flow network as a user writes it (JSON). */
export interface ResistorSpec {
  /** Node names. */
  nodes: string[];
  /** Edges between named nodes with their conductance k > 0. */
  edges: { a: string; b: string; k: number }[];
  /** The node held at 0 V. */
  ground: string;
  /** Voltage sources: nodes held at v. */
  inputs: { node: string; v: number }[];
  /** Output nodes, nudged toward target by the clamp clock. */
  outputs: { node: string; target: number }[];
}

/**
 * What a resistor node is: free (it relaxes), ground (0 V), a voltage source (an input) or an
 * output (nudged toward its target).
 */
export type NodeRole = 'free' | 'ground' | 'source' | 'output';

/** A validated network, by index. */
export interface ResistorNetwork {
  /** Node names. */
  readonly ids: readonly string[];
  /** Node roles. */
  readonly role: readonly NodeRole[];
  /** First endpoint of each edge. */
  readonly edgeA: Int32Array;
  /** Second endpoint of each edge. */
  readonly edgeB: Int32Array;
  /** Conductance of each edge. */
  readonly k: Float64Array;
  /** Index of the ground node. */
  readonly ground: number;
  /** Indices of the voltage sources (inputs). */
  readonly sources: Int32Array;
  /** Source voltages, in the order of sources. */
  readonly sourceV: Float64Array;
  /** Indices of the output nodes. */
  readonly outputs: Int32Array;
  /** Output targets, in the order of outputs. */
  readonly targets: Float64Array;
}

/**
 * Checks a spec completely before anything runs (design rule 5): every error names the element
 * and what was expected.
 */
export function readResistorSpec(spec: unknown, field = 'network'): ResistorNetwork {
  if (!isRecord(spec)) throw new SpecError(field, 'an object {nodes, edges, ground, inputs, outputs}', spec);
  knownKeys(field, spec, ['nodes', 'edges', 'ground', 'inputs', 'outputs']);
  const nodes = spec.nodes;
  if (!Array.isArray(nodes) || nodes.length === 0) throw new SpecError(`${field}.nodes`, 'a non-empty array of node ids', nodes);
  const index = new Map<string, number>();
  nodes.forEach((id, i) => {
    if (typeof id !== 'string' || id.length === 0) throw new SpecError(`${field}.nodes[${i}]`, 'a non-empty string id', id);
    if (index.has(id)) throw new SpecError(`${field}.nodes[${i}]`, 'a unique id', id);
    index.set(id, i);
  });
  const node = (f: string, id: unknown): number => {
    const i = typeof id === 'string' ? index.get(id) : undefined;
    if (i === undefined) throw new SpecError(f, 'a node id listed in nodes', id);
    return i;
  };

  const edges = spec.edges;
  if (!Array.isArray(edges) || edges.length === 0) throw new SpecError(`${field}.edges`, 'a non-empty array of edges {a, b, k}', edges);
  const edgeA = new Int32Array(edges.length);
  const edgeB = new Int32Array(edges.length);
  const k = new Float64Array(edges.length);
  edges.forEach((e, j) => {
    const f = `${field}.edges[${j}]`;
    if (!isRecord(e)) throw new SpecError(f, 'an edge {a, b, k}', e);
    knownKeys(f, e, ['a', 'b', 'k']);
    edgeA[j] = node(`${f}.a`, e.a);
    edgeB[j] = node(`${f}.b`, e.b);
    if (edgeA[j] === edgeB[j]) throw new SpecError(f, 'two different endpoints', e);
    k[j] = positive(`${f}.k`, e.k);
  });

  const role: NodeRole[] = nodes.map(() => 'free');
  const ground = node(`${field}.ground`, spec.ground);
  role[ground] = 'ground';

  const inputs = listOf(`${field}.inputs`, spec.inputs);
  const sources = new Int32Array(inputs.length);
  const sourceV = new Float64Array(inputs.length);
  inputs.forEach((s, j) => {
    const f = `${field}.inputs[${j}]`;
    if (!isRecord(s)) throw new SpecError(f, 'an input {node, v}', s);
    knownKeys(f, s, ['node', 'v']);
    const i = node(`${f}.node`, s.node);
    if (role[i] !== 'free') throw new SpecError(`${f}.node`, `a node that is not already the ${role[i]}`, s.node);
    role[i] = 'source';
    sources[j] = i;
    sourceV[j] = finite(`${f}.v`, s.v);
  });

  const outs = listOf(`${field}.outputs`, spec.outputs);
  const outputs = new Int32Array(outs.length);
  const targets = new Float64Array(outs.length);
  outs.forEach((o, j) => {
    const f = `${field}.outputs[${j}]`;
    if (!isRecord(o)) throw new SpecError(f, 'an output {node, target}', o);
    knownKeys(f, o, ['node', 'target']);
    const i = node(`${f}.node`, o.node);
    if (role[i] !== 'free') throw new SpecError(`${f}.node`, `a free node, not the ${role[i]}`, o.node);
    role[i] = 'output';
    outputs[j] = i;
    targets[j] = finite(`${f}.target`, o.target ?? 0);
  });

  const net: ResistorNetwork = { ids: nodes as string[], role, edgeA, edgeB, k, ground, sources, sourceV, outputs, targets };
  checkGrounded(net, field);
  return net;
}

/**
 * Values given per node of one role (sources, outputs) have one entry per such node: the single
 * check of every resistor path that takes inputs or targets, for an error naming the count.
 */
export function checkCount(field: string, given: ArrayLike<unknown> | undefined, expected: number, role: string): void {
  if (given !== undefined && given.length !== expected) {
    throw new SpecError(field, `one entry per ${role} of the network: ${expected}`, given.length);
  }
}

function listOf(field: string, v: unknown): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new SpecError(field, 'an array', v);
  return v;
}

/** Every node must be connected to the ground or a source, or its voltage is undefined. */
function checkGrounded(net: ResistorNetwork, field: string): void {
  const n = net.ids.length;
  const adj = adjacency(n, net.edgeA, net.edgeB);
  const seen = new Uint8Array(n);
  const queue: number[] = [];
  net.role.forEach((r, i) => {
    if (r === 'ground' || r === 'source') {
      seen[i] = 1;
      queue.push(i);
    }
  });
  while (queue.length > 0) {
    const i = queue.pop()!;
    for (const j of adj[i]) if (!seen[j]) {
      seen[j] = 1;
      queue.push(j);
    }
  }
  const floating = net.ids.filter((_, i) => !seen[i]);
  if (floating.length > 0) {
    const shown = floating.slice(0, 8).join(', ') + (floating.length > 8 ? `, ... (${floating.length} nodes)` : '');
    throw new SpecError(`${field}.nodes`, `every node connected to the ground or a source; floating component: ${shown}`);
  }
}

/** Neighbour lists of n nodes from the edge endpoint arrays a and b. */
export function adjacency(n: number, a: Int32Array, b: Int32Array): number[][] {
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < a.length; e++) {
    adj[a[e]].push(b[e]);
    adj[b[e]].push(a[e]);
  }
  return adj;
}
