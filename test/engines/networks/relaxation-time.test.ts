import fc from 'fast-check';
import { solve, zeros } from '../../../src/analysis/dense-matrix';
import * as arbitraries from '../../../src/arbitraries';
import { readResistorSpec, ResistorNetwork } from '../../../src/substrates/resistor/resistor-spec';
import { relaxationTime } from '../../../src/engines/networks/relaxation-time';
import { runs } from '../../support/property-runs';

/**
 * Independent reference: the smallest eigenvalue of the conductance Laplacian restricted to the
 * nodes that move (sources and ground held), by inverse iteration with a dense solve.
 */
function smallestEigenvalue(net: ResistorNetwork): number {
  const moving = net.ids.map((_, i) => i).filter((i) => net.role[i] === 'free' || net.role[i] === 'output');
  const idx = new Map(moving.map((i, r) => [i, r]));
  const n = moving.length;
  const L = zeros(n);
  for (let e = 0; e < net.k.length; e++) {
    const a = idx.get(net.edgeA[e]);
    const b = idx.get(net.edgeB[e]);
    const k = net.k[e];
    if (a !== undefined) L.a[a * n + a] += k;
    if (b !== undefined) L.a[b * n + b] += k;
    if (a !== undefined && b !== undefined) {
      L.a[a * n + b] -= k;
      L.a[b * n + a] -= k;
    }
  }
  let x = new Float64Array(n).fill(1);
  let lambda = 0;
  for (let it = 0; it < 500; it++) {
    const y = solve(L, x);
    const norm = Math.hypot(...y);
    lambda = Math.hypot(...x) / norm;
    x = y.map((v) => v / norm);
  }
  return lambda;
}

/** One free node a, tied to the ground by k1 and to a source by k2. */
const oneNode = (k1: number, k2: number) =>
  readResistorSpec({
    nodes: ['g', 'in', 'a'],
    edges: [
      { a: 'g', b: 'a', k: k1 },
      { a: 'in', b: 'a', k: k2 },
    ],
    ground: 'g',
    inputs: [{ node: 'in', v: 1 }],
    outputs: [],
  });

describe('relaxationTime', () => {
  it('one node between two sources: exactly tau / (k1 + k2) at any node period', () => {
    const net = oneNode(1.5, 0.5);
    for (const nodePeriod of [0.001, 0.01, 0.3]) {
      const r = relaxationTime(net, net.k, { tau: 0.2, nodePeriod });
      expect(r.converged).toBe(true);
      expect(r.time).toBeCloseTo(0.2 / 2, 10);
    }
  });

  it('with a fine node clock it tends to tau / lambda_min of the Laplacian of the moving nodes', () => {
    fc.assert(
      fc.property(arbitraries.resistorSpecArb({ minNodes: 4, maxNodes: 14, kMin: 0.5, kMax: 2 }), (spec) => {
        const net = readResistorSpec(spec);
        const tau = 1;
        const lambda = smallestEigenvalue(net);
        // Node period a small fraction of the fastest local time, tau / (largest node conductance).
        const G = new Float64Array(net.ids.length);
        net.k.forEach((k, e) => ((G[net.edgeA[e]] += k), (G[net.edgeB[e]] += k)));
        const r = relaxationTime(net, net.k, { tau, nodePeriod: tau / (100 * Math.max(...G)) }, 10_000_000);
        expect(r.converged).toBe(true);
        expect(Math.abs(r.time * lambda - 1)).toBeLessThan(0.05);
      }),
      { numRuns: runs(20) },
    );
  });

  it('a coarse node clock relaxes slower than the physics (the sweep rate limits it)', () => {
    fc.assert(
      fc.property(arbitraries.resistorSpecArb({ minNodes: 6, maxNodes: 14, kMin: 0.5, kMax: 2 }), (spec) => {
        const net = readResistorSpec(spec);
        const fine = relaxationTime(net, net.k, { tau: 0.01, nodePeriod: 0.00005 }, 10_000_000);
        const coarse = relaxationTime(net, net.k, { tau: 0.01, nodePeriod: 0.1 });
        expect(coarse.time).toBeGreaterThanOrEqual(fine.time * 0.95);
      }),
      { numRuns: runs(20) },
    );
  });

  it('reports a network that does not settle within the budget as not converged', () => {
    const net = oneNode(1e-6, 1e-6);
    const r = relaxationTime(net, net.k, { tau: 1, nodePeriod: 0.01 }, 1000);
    expect(r).toEqual({ time: Infinity, sweeps: 1000, converged: false });
  });
});
