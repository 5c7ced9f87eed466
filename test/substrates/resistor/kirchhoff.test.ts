import fc from 'fast-check';
import * as arbitraries from '../../../src/arbitraries';
import { solveKirchhoff } from '../../../src/substrates/resistor/kirchhoff';
import { ResistorSpec, readResistorSpec } from '../../../src/substrates/resistor/resistor-spec';
import { freeNodes, kclResidual, maxAbs, referenceSolve } from './reference-solve';
import { runs } from '../../support/property-runs';

const idx = (spec: ResistorSpec, id: string) => spec.nodes.indexOf(id);
const solve = (spec: ResistorSpec, opts = {}) => solveKirchhoff(readResistorSpec(spec), opts);
const kArb = fc.double({ min: 0.01, max: 100, noNaN: true });
const vArb = fc.double({ min: -10, max: 10, noNaN: true });

describe('solveKirchhoff against closed forms', () => {
  it('voltage divider: V_mid = V k1 / (k1 + k2)', () => {
    fc.assert(
      fc.property(kArb, kArb, vArb, fc.constantFrom<'dense' | 'sparse'>('dense', 'sparse'), (k1, k2, v, method) => {
        const spec: ResistorSpec = {
          nodes: ['g', 'in', 'mid'],
          edges: [
            { a: 'in', b: 'mid', k: k1 },
            { a: 'mid', b: 'g', k: k2 },
          ],
          ground: 'g',
          inputs: [{ node: 'in', v }],
          outputs: [],
        };
        const V = solve(spec, { method });
        expect(V[idx(spec, 'g')]).toBe(0);
        expect(V[idx(spec, 'in')]).toBe(v);
        expect(V[idx(spec, 'mid')]).toBeCloseTo((v * k1) / (k1 + k2), 10);
      }),
      { numRuns: runs(200) },
    );
  });

  it('a mid node between two sources is the conductance-weighted mean', () => {
    fc.assert(
      fc.property(kArb, kArb, kArb, vArb, vArb, (k1, k2, k3, v1, v2) => {
        const spec: ResistorSpec = {
          nodes: ['g', 's1', 's2', 'm'],
          edges: [
            { a: 's1', b: 'm', k: k1 },
            { a: 's2', b: 'm', k: k2 },
            { a: 'm', b: 'g', k: k3 },
          ],
          ground: 'g',
          inputs: [
            { node: 's1', v: v1 },
            { node: 's2', v: v2 },
          ],
          outputs: [],
        };
        expect(solve(spec)[3]).toBeCloseTo((k1 * v1 + k2 * v2) / (k1 + k2 + k3), 10);
      }),
    );
  });

  it('series / parallel combination', () => {
    // in -k1- a; a -k2- g; a -k3- b -k4- g: below a, k2 in parallel with (k3 series k4).
    fc.assert(
      fc.property(kArb, kArb, kArb, kArb, vArb, (k1, k2, k3, k4, v) => {
        const spec: ResistorSpec = {
          nodes: ['g', 'in', 'a', 'b'],
          edges: [
            { a: 'in', b: 'a', k: k1 },
            { a: 'a', b: 'g', k: k2 },
            { a: 'a', b: 'b', k: k3 },
            { a: 'b', b: 'g', k: k4 },
          ],
          ground: 'g',
          inputs: [{ node: 'in', v }],
          outputs: [],
        };
        const gDown = k2 + (k3 * k4) / (k3 + k4);
        const va = (v * k1) / (k1 + gDown);
        const vb = (va * k3) / (k3 + k4);
        const V = solve(spec);
        expect(V[2]).toBeCloseTo(va, 10);
        expect(V[3]).toBeCloseTo(vb, 10);
      }),
    );
  });

  it('parallel edges between the same two nodes add their conductances', () => {
    fc.assert(
      fc.property(kArb, kArb, kArb, vArb, (k1, k1b, k2, v) => {
        const spec: ResistorSpec = {
          nodes: ['g', 'in', 'mid'],
          edges: [
            { a: 'in', b: 'mid', k: k1 },
            { a: 'mid', b: 'in', k: k1b },
            { a: 'mid', b: 'g', k: k2 },
          ],
          ground: 'g',
          inputs: [{ node: 'in', v }],
          outputs: [],
        };
        expect(solve(spec)[2]).toBeCloseTo((v * (k1 + k1b)) / (k1 + k1b + k2), 10);
      }),
    );
  });

  const bridge = (k: number[], v: number): ResistorSpec => ({
    nodes: ['g', 'in', 'a', 'b'],
    edges: [
      { a: 'in', b: 'a', k: k[0] },
      { a: 'in', b: 'b', k: k[1] },
      { a: 'a', b: 'g', k: k[2] },
      { a: 'b', b: 'g', k: k[3] },
      { a: 'a', b: 'b', k: k[4] },
    ],
    ground: 'g',
    inputs: [{ node: 'in', v }],
    outputs: [],
  });

  it('Wheatstone bridge: balanced bridge carries no current across', () => {
    fc.assert(
      fc.property(kArb, kArb, kArb, kArb, vArb, (k1, k3, ratio, k5, v) => {
        // Balanced when k1 / k3 = k2 / k4.
        const k2 = k1 * ratio;
        const k4 = k3 * ratio;
        const V = solve(bridge([k1, k2, k3, k4, k5], v));
        const expected = (v * k1) / (k1 + k3);
        expect(V[2]).toBeCloseTo(expected, 10);
        expect(V[3]).toBeCloseTo(expected, 10);
      }),
    );
  });

  it('Wheatstone bridge: unbalanced bridge matches Cramer on its 2x2 node equations', () => {
    fc.assert(
      fc.property(fc.array(kArb, { minLength: 5, maxLength: 5 }), vArb, (k, v) => {
        const [k1, k2, k3, k4, k5] = k;
        // (k1 + k3 + k5) Va - k5 Vb = k1 v ; -k5 Va + (k2 + k4 + k5) Vb = k2 v
        const a11 = k1 + k3 + k5;
        const a22 = k2 + k4 + k5;
        const det = a11 * a22 - k5 * k5;
        const va = (k1 * v * a22 + k5 * k2 * v) / det;
        const vb = (a11 * k2 * v + k5 * k1 * v) / det;
        const V = solve(bridge(k, v));
        expect(V[2]).toBeCloseTo(va, 9);
        expect(V[3]).toBeCloseTo(vb, 9);
      }),
    );
  });

  it('the textbook bridge: 1 V, all conductances 1 except the bridge arm', () => {
    // Worked by hand: k = [1, 2, 2, 1, 1], v = 1:
    // 4 Va - Vb = 1, -Va + 4 Vb = 2  ->  Va = 6/15, Vb = 9/15.
    const V = solve(bridge([1, 2, 2, 1, 1], 1));
    expect(V[2]).toBeCloseTo(6 / 15, 14);
    expect(V[3]).toBeCloseTo(9 / 15, 14);
  });

  it('a network with no free node returns the fixed voltages', () => {
    const spec: ResistorSpec = { nodes: ['g', 'in'], edges: [{ a: 'g', b: 'in', k: 1 }], ground: 'g', inputs: [{ node: 'in', v: 0.7 }], outputs: [] };
    expect(Array.from(solve(spec))).toEqual([0, 0.7]);
  });
});

describe('solveKirchhoff with output nudging', () => {
  it('2-resistor chain: out = (k1 V + beta y) / (k1 + k2 + beta)', () => {
    fc.assert(
      fc.property(kArb, kArb, vArb, vArb, fc.double({ min: 0, max: 50, noNaN: true }), (k1, k2, v, y, beta) => {
        const spec: ResistorSpec = {
          nodes: ['g', 'in', 'out'],
          edges: [
            { a: 'in', b: 'out', k: k1 },
            { a: 'out', b: 'g', k: k2 },
          ],
          ground: 'g',
          inputs: [{ node: 'in', v }],
          outputs: [{ node: 'out', target: y }],
        };
        const V = solve(spec, { beta });
        expect(V[2]).toBeCloseTo((k1 * v + beta * y) / (k1 + k2 + beta), 10);
      }),
    );
  });

  it('beta = 0 ignores the target; large beta pulls the output to the target', () => {
    const spec: ResistorSpec = {
      nodes: ['g', 'in', 'out'],
      edges: [
        { a: 'in', b: 'out', k: 1 },
        { a: 'out', b: 'g', k: 1 },
      ],
      ground: 'g',
      inputs: [{ node: 'in', v: 1 }],
      outputs: [{ node: 'out', target: 0.9 }],
    };
    expect(solve(spec)[2]).toBeCloseTo(0.5, 14);
    expect(solve(spec, { beta: 1e9 })[2]).toBeCloseTo(0.9, 7);
  });

  it('options k, sourceV and targets override the network', () => {
    const spec: ResistorSpec = {
      nodes: ['g', 'in', 'out'],
      edges: [
        { a: 'in', b: 'out', k: 1 },
        { a: 'out', b: 'g', k: 1 },
      ],
      ground: 'g',
      inputs: [{ node: 'in', v: 1 }],
      outputs: [{ node: 'out', target: 0 }],
    };
    const V = solve(spec, { k: Float64Array.of(3, 1), sourceV: Float64Array.of(2), targets: Float64Array.of(4), beta: 2 });
    // (3 * 2 + 2 * 4) / (3 + 1 + 2)
    expect(V[2]).toBeCloseTo(14 / 6, 14);
  });
});

describe('solveKirchhoff on random networks', () => {
  const specArb = arbitraries.resistorSpecArb({ maxNodes: 40 });
  const betaArb = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5, noNaN: true }));

  it('dense and sparse agree to 1e-10 and both satisfy KCL to 1e-10', () => {
    fc.assert(
      fc.property(specArb, betaArb, (spec, beta) => {
        const net = readResistorSpec(spec);
        const dense = solveKirchhoff(net, { method: 'dense', beta });
        const sparse = solveKirchhoff(net, { method: 'sparse', beta });
        for (let i = 0; i < dense.length; i++) expect(Math.abs(dense[i] - sparse[i])).toBeLessThan(1e-10);
        for (const V of [dense, sparse]) {
          const r = kclResidual(spec, V, beta);
          for (const i of freeNodes(spec)) expect(Math.abs(r[i])).toBeLessThan(1e-10);
          // Fixed nodes hold their values exactly.
          expect(V[spec.nodes.indexOf(spec.ground)]).toBe(0);
          for (const s of spec.inputs) expect(V[spec.nodes.indexOf(s.node)]).toBe(s.v);
        }
      }),
      { numRuns: runs(50) },
    );
  });

  it('matches an independent Gaussian-elimination solve', () => {
    fc.assert(
      fc.property(specArb, betaArb, (spec, beta) => {
        const ref = referenceSolve(spec, beta);
        const V = solveKirchhoff(readResistorSpec(spec), { beta });
        const scale = Math.max(1, maxAbs(ref));
        for (let i = 0; i < ref.length; i++) expect(Math.abs(V[i] - ref[i])).toBeLessThan(1e-10 * scale);
      }),
      { numRuns: runs(50) },
    );
  });

  it('the solution stays within the range of the fixed voltages (maximum principle, beta = 0)', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const V = solveKirchhoff(readResistorSpec(spec));
        const fixed = [0, ...spec.inputs.map((s) => s.v)];
        const lo = Math.min(...fixed);
        const hi = Math.max(...fixed);
        for (const x of V) {
          expect(x).toBeGreaterThanOrEqual(lo - 1e-12);
          expect(x).toBeLessThanOrEqual(hi + 1e-12);
        }
      }),
      { numRuns: runs(50) },
    );
  });

  it('a large sparse lattice: CG meets KCL', () => {
    // 40 x 40 lattice, more than the dense threshold would normally take in a unit test.
    const rows = 40;
    const cols = 40;
    const nodes: string[] = [];
    const edges: ResistorSpec['edges'] = [];
    const id = (r: number, c: number) => `${r},${c}`;
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        nodes.push(id(r, c));
        if (c > 0) edges.push({ a: id(r, c - 1), b: id(r, c), k: 1 + ((r * 7 + c * 3) % 5) });
        if (r > 0) edges.push({ a: id(r - 1, c), b: id(r, c), k: 1 + ((r * 5 + c) % 4) });
      }
    const spec: ResistorSpec = { nodes, edges, ground: id(0, 0), inputs: [{ node: id(rows - 1, cols - 1), v: 1 }], outputs: [] };
    const V = solveKirchhoff(readResistorSpec(spec), { method: 'sparse' });
    const r = kclResidual(spec, V);
    for (const i of freeNodes(spec)) expect(Math.abs(r[i])).toBeLessThan(1e-10);
  });
});
