import fc from 'fast-check';
import { RandomSource } from '../../../src/scheduler/random';
import { VirtualScheduler } from '../../../src/scheduler/virtual-scheduler';
import { latticeNetwork, randomNetwork } from '../../../src/substrates/resistor/generators';
import { ResistorSpec, readResistorSpec } from '../../../src/substrates/resistor/resistor-spec';
import { inLocalityOrder, reverseCuthillMcKee } from '../../../src/substrates/resistor/locality-order';
import { resistorEvent } from '../../../src/engines/networks/resistor-event';
import { sawtooth } from '../../../src/streams/protocols';
import { chemotaxisKernel } from '../../../src/synapses/kernels/chemotaxis';
import { temporalContrastive } from '../../../src/synapses/rules/temporal-contrastive';
import { runs } from '../../support/property-runs';

/** The largest |position(a) - position(b)| over the edges, with nodes at their list positions. */
function bandwidth(spec: ResistorSpec): number {
  const pos = new Map(spec.nodes.map((id, i) => [id, i]));
  return Math.max(...spec.edges.map((e) => Math.abs(pos.get(e.a)! - pos.get(e.b)!)));
}

/** A seeded Fisher-Yates shuffle of a copy. */
function shuffled<T>(a: readonly T[], seed: number): T[] {
  const r = new RandomSource(seed).stream('shuffle');
  const out = [...a];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const shuffledSpec = (s: ResistorSpec, seed: number): ResistorSpec => ({ ...s, nodes: shuffled(s.nodes, seed), edges: shuffled(s.edges, seed + 1) });
const edgeKey = (e: { a: string; b: string; k: number }) => `${[e.a, e.b].sort().join('|')}|${e.k}`;

describe('reverseCuthillMcKee and inLocalityOrder', () => {
  it('is a permutation of the nodes, and the network is the same network: same nodes, edges, ground, inputs and outputs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 80 }), fc.double({ min: 1, max: 6, noNaN: true }), fc.integer({ min: 0, max: 1e6 }), (n, meanDegree, seed) => {
        const spec = randomNetwork({ n, meanDegree, inputs: 1, outputs: 1 }, new RandomSource(seed).stream('net'));
        const net = readResistorSpec(spec);
        const order = reverseCuthillMcKee(n, net.edgeA, net.edgeB);
        expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        const local = inLocalityOrder(spec);
        expect([...local.nodes].sort()).toEqual([...spec.nodes].sort());
        expect(local.edges.map(edgeKey).sort()).toEqual(spec.edges.map(edgeKey).sort());
        expect([local.ground, local.inputs, local.outputs]).toEqual([spec.ground, spec.inputs, spec.outputs]);
        expect(() => readResistorSpec(local)).not.toThrow();
      }),
      { numRuns: runs(60) },
    );
  });

  it('orders a shuffled path as a path (bandwidth 1, the optimum)', () => {
    const nodes = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const path: ResistorSpec = { nodes, edges: nodes.slice(1).map((b, i) => ({ a: nodes[i], b, k: 1 })), ground: 'p0', inputs: [{ node: 'p39', v: 1 }], outputs: [{ node: 'p20', target: 0 }] };
    for (const seed of [1, 2, 3]) {
      expect(bandwidth(shuffledSpec(path, seed))).toBeGreaterThan(5);
      expect(bandwidth(inLocalityOrder(shuffledSpec(path, seed)))).toBe(1);
    }
  });

  it('orders a shuffled lattice within twice the optimal bandwidth, min(rows, cols)', () => {
    for (const [rows, cols] of [
      [6, 9],
      [12, 12],
      [5, 30],
    ]) {
      const lattice = shuffledSpec(latticeNetwork({ rows, cols }), rows * cols);
      expect(bandwidth(lattice)).toBeGreaterThan(2 * Math.min(rows, cols));
      expect(bandwidth(inLocalityOrder(lattice))).toBeLessThanOrEqual(2 * Math.min(rows, cols));
    }
  });

  it('is deterministic, and each connected component is placed as one block', () => {
    const a = latticeNetwork({ rows: 3, cols: 4 });
    const b = { ...latticeNetwork({ rows: 2, cols: 5 }) };
    const rename = (id: string) => `b${id}`;
    const two: ResistorSpec = { ...a, nodes: [...a.nodes, ...b.nodes.map(rename)], edges: [...a.edges, ...b.edges.map((e) => ({ ...e, a: rename(e.a), b: rename(e.b) }))] };
    const net = readResistorSpec({ ...two, inputs: [...two.inputs, { node: rename(b.ground), v: 0 }] });
    const order = reverseCuthillMcKee(net.ids.length, net.edgeA, net.edgeB);
    expect(reverseCuthillMcKee(net.ids.length, net.edgeA, net.edgeB)).toEqual(order);
    const inA = Array.from(order, (i) => !net.ids[i].startsWith('b'));
    // One switch from one component to the other.
    expect(inA.filter((x, k) => k > 0 && x !== inA[k - 1]).length).toBe(1);
  });

  it('under asynchronous timing the reordered network runs the same trajectories, node by node (to 1e-12)', () => {
    const timing = { tau: 0.005, nodePeriod: 0.01, synapsePeriod: 0.01, rateSpread: 2, jitter: 0.3 };
    const finals = (spec: ResistorSpec) => {
      const net = readResistorSpec(spec);
      const scheduler = new VirtualScheduler();
      const run = resistorEvent(net, { scheduler, random: new RandomSource(3), timing, protocol: sawtooth({ period: 0.5, rise: 0.1, amplitude: 1 }), rule: temporalContrastive(chemotaxisKernel()), ruleParams: { lr: 0.5, theta: 1e-3, linear: false, wMin: 1e-3, wMax: 1e3 } });
      scheduler.runFor(2);
      const v = run.voltages();
      const w = run.conductances();
      run.stop();
      const edge = (e: number) => [net.ids[net.edgeA[e]], net.ids[net.edgeB[e]]].sort().join('|');
      return { v: new Map<string, number>(net.ids.map((id, i) => [id, v[i]])), w: new Map<string, number>(Array.from(w, (x, e) => [edge(e), x])) };
    };
    const spec = randomNetwork({ n: 30, meanDegree: 4, kMin: 0.5, kMax: 2, inputs: 2, outputs: 2 }, new RandomSource(11).stream('net'));
    const a = finals(spec);
    const b = finals(inLocalityOrder(spec));
    expect([...a.w.values()].some((x, e) => Math.abs(x - readResistorSpec(spec).k[e]) > 1e-6)).toBe(true);
    for (const [id, x] of a.v) expect(Math.abs(x - b.v.get(id)!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x)));
    for (const [id, x] of a.w) expect(Math.abs(x - b.w.get(id)!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x)));
  });
});
