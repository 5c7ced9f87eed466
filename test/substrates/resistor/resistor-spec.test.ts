import { SpecError } from '../../../src/errors';
import { ResistorSpec, readResistorSpec } from '../../../src/substrates/resistor/resistor-spec';

const base = (): ResistorSpec => ({
  nodes: ['g', 'in', 'a', 'out'],
  edges: [
    { a: 'g', b: 'a', k: 1 },
    { a: 'in', b: 'a', k: 2 },
    { a: 'a', b: 'out', k: 1 },
  ],
  ground: 'g',
  inputs: [{ node: 'in', v: 1 }],
  outputs: [{ node: 'out', target: 0.3 }],
});

/** Runs the reader and returns the SpecError it must throw. */
function specError(spec: unknown, prefix?: string): SpecError {
  try {
    readResistorSpec(spec, prefix);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error('expected readResistorSpec to throw');
}

function mutate(f: (s: Record<string, unknown> & ResistorSpec) => void): unknown {
  const s = base() as Record<string, unknown> & ResistorSpec;
  f(s);
  return s;
}

describe('readResistorSpec accepts a valid spec', () => {
  it('indexes nodes, edges, roles, sources and outputs', () => {
    const net = readResistorSpec(base());
    expect(net.ids).toEqual(['g', 'in', 'a', 'out']);
    expect(net.role).toEqual(['ground', 'source', 'free', 'output']);
    expect(Array.from(net.edgeA)).toEqual([0, 1, 2]);
    expect(Array.from(net.edgeB)).toEqual([2, 2, 3]);
    expect(Array.from(net.k)).toEqual([1, 2, 1]);
    expect(net.ground).toBe(0);
    expect(Array.from(net.sources)).toEqual([1]);
    expect(Array.from(net.sourceV)).toEqual([1]);
    expect(Array.from(net.outputs)).toEqual([3]);
    expect(Array.from(net.targets)).toEqual([0.3]);
  });

  it('inputs and outputs are optional; an output target defaults to 0', () => {
    const net = readResistorSpec({ nodes: ['g', 'x'], edges: [{ a: 'g', b: 'x', k: 1 }], ground: 'g' });
    expect(net.sources.length).toBe(0);
    expect(net.outputs.length).toBe(0);
    const net2 = readResistorSpec(mutate((s) => (s.outputs = [{ node: 'out' } as { node: string; target: number }])));
    expect(Array.from(net2.targets)).toEqual([0]);
  });

  it('accepts parallel edges (two resistors between the same pair)', () => {
    const net = readResistorSpec(mutate((s) => s.edges.push({ a: 'a', b: 'g', k: 3 })));
    expect(net.k.length).toBe(4);
  });
});

describe('readResistorSpec rejects bad input with a SpecError naming the field', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['null', null, 'network', /^network: expected an object \{nodes, edges, ground, inputs, outputs\}, got null$/],
    ['an array', [1], 'network', /expected an object/],
    ['a string', 'net', 'network', /expected an object.*got "net"/],
    ['a number', 3, 'network', /expected an object.*got 3$/],
    ['empty nodes', mutate((s) => (s.nodes = [])), 'network.nodes', /network\.nodes: expected a non-empty array of node ids, got \[\]/],
    ['nodes not an array', mutate((s) => ((s as Record<string, unknown>).nodes = 'g,in')), 'network.nodes', /non-empty array/],
    ['a non-string node id', mutate((s) => ((s.nodes as unknown[])[2] = 7)), 'network.nodes[2]', /network\.nodes\[2\]: expected a non-empty string id, got 7/],
    ['an empty node id', mutate((s) => (s.nodes[2] = '')), 'network.nodes[2]', /non-empty string id/],
    ['duplicate node ids', mutate((s) => s.nodes.push('a')), 'network.nodes[4]', /network\.nodes\[4\]: expected a unique id, got "a"/],
    ['empty edges', mutate((s) => (s.edges = [])), 'network.edges', /network\.edges: expected a non-empty array of edges/],
    ['an edge that is not an object', mutate((s) => ((s.edges as unknown[])[1] = [1, 2])), 'network.edges[1]', /network\.edges\[1\]: expected an edge \{a, b, k\}/],
    ['unknown node in edge.a', mutate((s) => (s.edges[1].a = 'zz')), 'network.edges[1].a', /network\.edges\[1\]\.a: expected a node id listed in nodes, got "zz"/],
    ['unknown node in edge.b', mutate((s) => (s.edges[2].b = 'q')), 'network.edges[2].b', /network\.edges\[2\]\.b: expected a node id listed in nodes, got "q"/],
    ['missing edge endpoint', mutate((s) => delete (s.edges[0] as Partial<ResistorSpec['edges'][0]>).b), 'network.edges[0].b', /expected a node id listed in nodes$/],
    ['self-loop', mutate((s) => (s.edges[0].b = 'g')), 'network.edges[0]', /network\.edges\[0\]: expected two different endpoints/],
    ['k = 0', mutate((s) => (s.edges[1].k = 0)), 'network.edges[1].k', /network\.edges\[1\]\.k: expected a finite number > 0, got 0$/],
    ['k < 0', mutate((s) => (s.edges[1].k = -2)), 'network.edges[1].k', /expected a finite number > 0, got -2$/],
    ['k NaN', mutate((s) => (s.edges[1].k = NaN)), 'network.edges[1].k', /expected a finite number > 0, got NaN$/],
    ['k infinite', mutate((s) => (s.edges[1].k = Infinity)), 'network.edges[1].k', /expected a finite number > 0, got Infinity$/],
    ['k a string', mutate((s) => ((s.edges[1] as Record<string, unknown>).k = '2')), 'network.edges[1].k', /expected a finite number > 0, got "2"$/],
    ['k missing', mutate((s) => delete (s.edges[1] as Partial<ResistorSpec['edges'][0]>).k), 'network.edges[1].k', /expected a finite number > 0$/],
    ['ground missing', mutate((s) => delete (s as Partial<ResistorSpec>).ground), 'network.ground', /^network\.ground: expected a node id listed in nodes$/],
    ['ground unknown', mutate((s) => (s.ground = 'earth')), 'network.ground', /network\.ground: expected a node id listed in nodes, got "earth"/],
    ['inputs not an array', mutate((s) => ((s as Record<string, unknown>).inputs = { node: 'in', v: 1 })), 'network.inputs', /network\.inputs: expected an array/],
    ['an input not an object', mutate((s) => ((s.inputs as unknown[])[0] = 'in')), 'network.inputs[0]', /expected an input \{node, v\}/],
    ['input node unknown', mutate((s) => (s.inputs[0].node = 'nope')), 'network.inputs[0].node', /network\.inputs\[0\]\.node: expected a node id listed in nodes, got "nope"/],
    ['input that is the ground', mutate((s) => s.inputs.push({ node: 'g', v: 2 })), 'network.inputs[1].node', /network\.inputs\[1\]\.node: expected a node that is not already the ground, got "g"/],
    ['the same input twice', mutate((s) => s.inputs.push({ node: 'in', v: 2 })), 'network.inputs[1].node', /not already the source/],
    ['input v NaN', mutate((s) => (s.inputs[0].v = NaN)), 'network.inputs[0].v', /network\.inputs\[0\]\.v: expected a finite number, got NaN/],
    ['input v missing', mutate((s) => delete (s.inputs[0] as Partial<ResistorSpec['inputs'][0]>).v), 'network.inputs[0].v', /expected a finite number$/],
    ['output equal to an input', mutate((s) => (s.outputs[0].node = 'in')), 'network.outputs[0].node', /network\.outputs\[0\]\.node: expected a free node, not the source, got "in"/],
    ['output equal to the ground', mutate((s) => (s.outputs[0].node = 'g')), 'network.outputs[0].node', /expected a free node, not the ground/],
    ['the same output twice', mutate((s) => s.outputs.push({ node: 'out', target: 1 })), 'network.outputs[1].node', /expected a free node, not the output/],
    ['output node unknown', mutate((s) => (s.outputs[0].node = 'o2')), 'network.outputs[0].node', /expected a node id listed in nodes, got "o2"/],
    ['output target not finite', mutate((s) => (s.outputs[0].target = Infinity)), 'network.outputs[0].target', /expected a finite number, got Infinity/],
    ['an unknown top-level key', mutate((s) => ((s as Record<string, unknown>).ouputs = [])), 'network.ouputs', /network\.ouputs: expected a known key \(nodes, edges, ground, inputs, outputs\), got "ouputs"/],
    ['an unknown edge key', mutate((s) => ((s.edges[0] as Record<string, unknown>).r = 1)), 'network.edges[0].r', /expected a known key \(a, b, k\)/],
    ['an unknown output key', mutate((s) => ((s.outputs[0] as Record<string, unknown>).traget = 1)), 'network.outputs[0].traget', /expected a known key \(node, target\)/],
    ['an unknown input key', mutate((s) => ((s.inputs[0] as Record<string, unknown>).V = 1)), 'network.inputs[0].V', /expected a known key \(node, v\)/],
  ];

  it.each(cases)('%s', (_name, spec, field, message) => {
    const e = specError(spec);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`${field}: expected `)).toBe(true);
  });

  it('a floating component names its nodes', () => {
    const e = specError(
      mutate((s) => {
        s.nodes.push('x', 'y');
        s.edges.push({ a: 'x', b: 'y', k: 1 });
      }),
    );
    expect(e.field).toBe('network.nodes');
    expect(e.message).toBe('network.nodes: expected every node connected to the ground or a source; floating component: x, y');
  });

  it('an isolated node (no edge at all) is floating', () => {
    const e = specError(mutate((s) => s.nodes.push('lonely')));
    expect(e.message).toMatch(/floating component: lonely$/);
  });

  it('a large floating component is listed briefly with its size', () => {
    const e = specError(
      mutate((s) => {
        for (let i = 0; i < 12; i++) s.nodes.push(`f${i}`);
        for (let i = 1; i < 12; i++) s.edges.push({ a: `f${i - 1}`, b: `f${i}`, k: 1 });
      }),
    );
    expect(e.message).toMatch(/floating component: f0, f1, f2, f3, f4, f5, f6, f7, \.\.\. \(12 nodes\)$/);
  });

  it('a component attached only to a source (not the ground) is not floating', () => {
    const net = readResistorSpec({
      nodes: ['g', 'in', 'a'],
      edges: [{ a: 'in', b: 'a', k: 1 }],
      ground: 'g',
      inputs: [{ node: 'in', v: 1 }],
    });
    expect(net.role).toEqual(['ground', 'source', 'free']);
  });

  it('the field prefix is configurable', () => {
    const e = specError(mutate((s) => (s.edges[0].k = -1)), 'spec.net');
    expect(e.field).toBe('spec.net.edges[0].k');
  });

  it('the first error found is reported (nodes before edges before ground)', () => {
    const e = specError({ nodes: [], edges: [], ground: 'x' });
    expect(e.field).toBe('network.nodes');
  });

  it('long offending values are abbreviated in the message', () => {
    const e = specError(mutate((s) => (s.edges[0].a = 'z'.repeat(200))));
    expect(e.message.length).toBeLessThan(200);
    expect(e.message).toMatch(/\.\.\.$/);
  });
});
