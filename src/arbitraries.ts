/**
 * fast-check arbitraries for property-testing your own rules on phaseless networks (see
 * docs/guides/property-testing.md).
 *
 * @module
 */
import fc from 'fast-check';
import type { ResistorSpec } from './resistor/resistor-spec';
import type { Timing } from './resistor/timing';
import type { Distortion } from './streams/operators';

/**
 * fast-check arbitraries for property-testing local rules on phaseless networks: random
 * connected resistor networks, agent timings and clock distortions. Compose them freely.
 */
export function resistorSpecArb(o: { minNodes?: number; maxNodes?: number; kMin?: number; kMax?: number } = {}): fc.Arbitrary<ResistorSpec> {
  const minNodes = Math.max(3, o.minNodes ?? 3);
  const maxNodes = Math.max(minNodes, o.maxNodes ?? 50);
  const kArb = fc.double({ min: o.kMin ?? 0.1, max: o.kMax ?? 10, noNaN: true });
  // Voltages on a millivolt grid in [-1, 1]: a raw double arbitrary yields subnormals such as
  // 5e-323, whose Kirchhoff solution is below any meaningful relative tolerance.
  const milli = fc.integer({ min: -1000, max: 1000 }).map((x) => x / 1000);
  return fc
    .integer({ min: minNodes, max: maxNodes })
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        // Spanning tree: node i attaches to parent[i] < i, so the graph is connected.
        parents: fc.tuple(...Array.from({ length: n - 1 }, (_, i) => fc.integer({ min: 0, max: i }))),
        extra: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 2 * n }),
        ks: fc.array(kArb, { minLength: 3 * n, maxLength: 3 * n }),
        nInputs: fc.integer({ min: 1, max: Math.max(1, Math.min(3, n - 2)) }),
        vs: fc.array(milli, { minLength: 3, maxLength: 3 }),
        targets: fc.array(milli, { minLength: 2, maxLength: 2 }),
      }),
    )
    .map(({ n, parents, extra, ks, nInputs, vs, targets }) => {
      const ids = Array.from({ length: n }, (_, i) => `v${i}`);
      const seen = new Set<string>();
      const edges: ResistorSpec['edges'] = [];
      const add = (a: number, b: number) => {
        const key = a < b ? `${a},${b}` : `${b},${a}`;
        if (a === b || seen.has(key)) return;
        seen.add(key);
        edges.push({ a: ids[a], b: ids[b], k: ks[edges.length] });
      };
      parents.forEach((p, i) => add(p, i + 1));
      for (const [a, b] of extra) add(a, b);
      const nOut = Math.min(2, n - 1 - nInputs);
      return {
        nodes: ids,
        edges,
        ground: ids[0],
        inputs: Array.from({ length: nInputs }, (_, j) => ({ node: ids[1 + j], v: vs[j] })),
        outputs: Array.from({ length: nOut }, (_, j) => ({ node: ids[n - 1 - j], target: targets[j] })),
      };
    });
}

/** Asynchronous agent timings: unequal rates (up to spreadMax x) and jittered intervals. */
export function timingArb(o: { spreadMax?: number; jitterMax?: number; tauMin?: number; tauMax?: number } = {}): fc.Arbitrary<Timing> {
  return fc.record({
    tau: fc.double({ min: o.tauMin ?? 0.05, max: o.tauMax ?? 1, noNaN: true }),
    nodePeriod: fc.double({ min: 0.05, max: 0.2, noNaN: true }),
    synapsePeriod: fc.double({ min: 0.05, max: 0.2, noNaN: true }),
    rateSpread: fc.double({ min: 1, max: o.spreadMax ?? 4, noNaN: true }),
    jitter: fc.double({ min: 0, max: o.jitterMax ?? 0.9, noNaN: true }),
  });
}

/** How an agent may see the clock: delays, random delays, irregular sampling, drops. */
export function distortionArb(): fc.Arbitrary<Distortion> {
  return fc.record(
    {
      delay: fc.double({ min: 0, max: 0.5, noNaN: true }),
      randomDelay: fc.double({ min: 0, max: 0.5, noNaN: true }).map((max) => ({ min: 0, max })),
      sample: fc.record({ period: fc.double({ min: 0.01, max: 0.3, noNaN: true }), jitter: fc.double({ min: 0, max: 0.9, noNaN: true }) }),
      drop: fc.double({ min: 0, max: 0.5, noNaN: true }),
    },
    { requiredKeys: [] },
  );
}
