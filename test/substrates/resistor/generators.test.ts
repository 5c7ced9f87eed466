import fc from 'fast-check';
import { SpecError } from '../../../src/errors';
import { RandomSource } from '../../../src/scheduler/random';
import { latticeNetwork, randomNetwork } from '../../../src/substrates/resistor/generators';
import { ResistorSpec, readResistorSpec } from '../../../src/substrates/resistor/resistor-spec';
import { runs } from '../../support/property-runs';

/** Independent connectivity check: union-find over the edge list. */
function components(spec: ResistorSpec): number {
  const parent = new Map(spec.nodes.map((id) => [id, id]));
  const find = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  for (const e of spec.edges) parent.set(find(e.a), find(e.b));
  return new Set(spec.nodes.map(find)).size;
}

const optsArb = fc
  .record({
    n: fc.integer({ min: 4, max: 60 }),
    meanDegree: fc.double({ min: 1, max: 8, noNaN: true }),
    kMin: fc.double({ min: 0.01, max: 5, noNaN: true }),
    kSpan: fc.double({ min: 0, max: 20, noNaN: true }),
    inputs: fc.integer({ min: 0, max: 3 }),
    outputs: fc.integer({ min: 0, max: 3 }),
    vMax: fc.double({ min: 0.01, max: 5, noNaN: true }),
    seed: fc.integer({ min: 0, max: 1e6 }),
  })
  .filter((o) => 1 + o.inputs + o.outputs <= o.n);

describe('randomNetwork', () => {
  it('is a valid, connected spec with the requested size, inputs, outputs and ranges', () => {
    fc.assert(
      fc.property(optsArb, (o) => {
        const kMax = o.kMin + o.kSpan;
        const spec = randomNetwork({ ...o, kMax }, new RandomSource(o.seed).stream('net'));
        expect(spec.nodes.length).toBe(o.n);
        expect(new Set(spec.nodes).size).toBe(o.n);
        expect(components(spec)).toBe(1);
        expect(spec.ground).toBe('n0');
        expect(spec.inputs.map((s) => s.node)).toEqual(Array.from({ length: o.inputs }, (_, j) => `n${1 + j}`));
        expect(spec.outputs.map((s) => s.node)).toEqual(Array.from({ length: o.outputs }, (_, j) => `n${o.n - o.outputs + j}`));
        for (const s of spec.inputs) {
          expect(Math.abs(s.v)).toBeLessThanOrEqual(o.vMax);
        }
        for (const e of spec.edges) {
          expect(e.k).toBeGreaterThanOrEqual(o.kMin);
          expect(e.k).toBeLessThanOrEqual(kMax);
          expect(e.a).not.toBe(e.b);
        }
        // No duplicate (unordered) edges.
        const keys = spec.edges.map((e) => [e.a, e.b].sort().join('|'));
        expect(new Set(keys).size).toBe(keys.length);
        // The spec passes the full validator (which also checks grounding).
        expect(() => readResistorSpec(spec)).not.toThrow();
      }),
      { numRuns: runs(150) },
    );
  });

  it('has the requested mean degree (to rounding), never less than a spanning tree, never more than complete', () => {
    fc.assert(
      fc.property(optsArb, (o) => {
        const spec = randomNetwork(o, new RandomSource(o.seed).stream('net'));
        const edges = spec.edges.length;
        const maxEdges = (o.n * (o.n - 1)) / 2;
        expect(edges).toBeGreaterThanOrEqual(o.n - 1);
        expect(edges).toBeLessThanOrEqual(maxEdges);
        const meanDegree = (2 * edges) / o.n;
        const feasible = Math.min(maxEdges, Math.max(o.n - 1, (o.n * o.meanDegree) / 2));
        // Rounding the edge count moves the mean degree by at most 1/n.
        expect(Math.abs(meanDegree - (2 * feasible) / o.n)).toBeLessThanOrEqual(1 / o.n + 1e-12);
      }),
      { numRuns: runs(150) },
    );
  });

  it('a dense request on few nodes gives the complete graph', () => {
    const spec = randomNetwork({ n: 6, meanDegree: 100 }, new RandomSource(1).stream('x'));
    expect(spec.edges.length).toBe(15);
  });

  it('is deterministic for the same seed and differs for another seed', () => {
    const o = { n: 30, meanDegree: 4, inputs: 2, outputs: 2 };
    const a = randomNetwork(o, new RandomSource(42).stream('network'));
    const b = randomNetwork(o, new RandomSource(42).stream('network'));
    const c = randomNetwork(o, new RandomSource(43).stream('network'));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('defaults: one input, one output, k in [0.1, 10], |v| <= 1', () => {
    const spec = randomNetwork({ n: 20, meanDegree: 3 }, new RandomSource(5).stream('n'));
    expect(spec.inputs.length).toBe(1);
    expect(spec.outputs.length).toBe(1);
    for (const e of spec.edges) {
      expect(e.k).toBeGreaterThanOrEqual(0.1);
      expect(e.k).toBeLessThanOrEqual(10);
    }
    expect(Math.abs(spec.inputs[0].v)).toBeLessThanOrEqual(1);
  });

  it.each([
    [{ n: 1, meanDegree: 2 }, 'n'],
    [{ n: 2.5, meanDegree: 2 }, 'n'],
    [{ n: 5, meanDegree: 0 }, 'meanDegree'],
    [{ n: 5, meanDegree: 2, kMin: -1 }, 'kMin'],
    [{ n: 5, meanDegree: 2, kMin: 3, kMax: 2 }, 'kMax'],
    [{ n: 5, meanDegree: 2, inputs: -1 }, 'inputs'],
    [{ n: 5, meanDegree: 2, inputs: 3, outputs: 2 }, 'n'],
    [{ n: 5, meanDegree: 2, vMax: NaN }, 'vMax'],
  ])('rejects %j naming %s', (o, field) => {
    let err: unknown;
    try {
      randomNetwork(o, new RandomSource(1).stream('n'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).field).toBe(field);
  });
});

describe('latticeNetwork', () => {
  it('has rows*cols nodes and 2rc - r - c edges, and is a valid connected spec', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (rows, cols) => {
        fc.pre(rows * cols >= 3);
        const spec = latticeNetwork({ rows, cols });
        expect(spec.nodes.length).toBe(rows * cols);
        expect(new Set(spec.nodes).size).toBe(rows * cols);
        expect(spec.edges.length).toBe(2 * rows * cols - rows - cols);
        expect(components(spec)).toBe(1);
        // Every edge joins lattice neighbours.
        const pos = (id: string) => id.slice(1).split('c').map(Number);
        for (const e of spec.edges) {
          const [r1, c1] = pos(e.a);
          const [r2, c2] = pos(e.b);
          expect(Math.abs(r1 - r2) + Math.abs(c1 - c2)).toBe(1);
        }
        // Ground, source and output are three different nodes.
        const roles = [spec.ground, spec.inputs[0].node, spec.outputs[0].node];
        expect(new Set(roles).size).toBe(3);
        expect(() => readResistorSpec(spec)).not.toThrow();
      }),
    );
  });

  it('uses k and v', () => {
    const spec = latticeNetwork({ rows: 3, cols: 4, k: 2.5, v: -0.4 });
    expect(spec.edges.every((e) => e.k === 2.5)).toBe(true);
    expect(spec.inputs).toEqual([{ node: 'r2c3', v: -0.4 }]);
    expect(spec.ground).toBe('r0c0');
  });

  it.each([
    [{ rows: 1, cols: 2 }, 'rows * cols'],
    [{ rows: 0, cols: 5 }, 'rows'],
    [{ rows: 2, cols: 2, k: 0 }, 'k'],
    [{ rows: 2, cols: 2, v: NaN }, 'v'],
  ])('rejects %j naming %s', (o, field) => {
    expect(() => latticeNetwork(o)).toThrow(SpecError);
    try {
      latticeNetwork(o);
    } catch (e) {
      expect((e as SpecError).field).toBe(field);
    }
  });
});
