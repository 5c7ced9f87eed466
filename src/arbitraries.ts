/**
 * fast-check arbitraries for property-testing your own rules on phaseless networks (see
 * docs/guides/property-testing.md): networks, timing and faults (here), clamp protocols,
 * learning rules and memory kernels of every registered kind (src/arbs/), all scaled to a
 * model's timescales.
 *
 * @module
 */
import fc from 'fast-check';
import type { ResistorSpec } from './substrates/resistor/resistor-spec';
import type { Timing } from './engines/timing';
import type { Distortion } from './streams/operators';
import type { Faults } from './engines/faults';
import { uniformArb, zeroOr } from './arbs/uniform';
import { type ModelTimescales, defaultTimescales } from './arbs/timescales';

export { uniformArb } from './arbs/uniform';
export type { ModelTimescales } from './arbs/timescales';
export { defaultTimescales, kernelWindow } from './arbs/timescales';
export type { SchemaNode } from './arbs/schema-arb';
export { schemaArb } from './arbs/schema-arb';
export type { ParamsArb } from './arbs/kind-arb';
export { kindSpecArb } from './arbs/kind-arb';
export { protocolArb, shippedProtocolArbs } from './arbs/protocol-arb';
export { kernelArb, ruleArb, shippedKernelArbs, shippedRuleArbs } from './arbs/rule-arb';
export type { ProtocolRule } from './arbs/protocol-rule-arb';
export { protocolRuleArb } from './arbs/protocol-rule-arb';

/**
 * fast-check arbitraries for property-testing local rules on phaseless networks: random
 * connected resistor networks, agent timings and clock distortions (irregularityArb and
 * faultsArb: timing and faults scaled to a model's timescales). Compose them freely.
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
        ks: fc.array(kArb, { minLength: 3 * n + 2, maxLength: 3 * n + 2 }),
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
      // An output whose every path to a source runs through the ground does not depend on the
      // inputs (a teacher task refuses it): such an output gets an edge to the first input.
      for (let j = 0; j < nOut; j++) {
        const out = n - 1 - j;
        if (!reachesWithoutGround(n, edges, ids, out, nInputs)) add(out, 1);
      }
      return {
        nodes: ids,
        edges,
        ground: ids[0],
        inputs: Array.from({ length: nInputs }, (_, j) => ({ node: ids[1 + j], v: vs[j] })),
        outputs: Array.from({ length: nOut }, (_, j) => ({ node: ids[n - 1 - j], target: targets[j] })),
      };
    });
}

/** Whether node `from` reaches an input (nodes 1..nInputs) along edges that avoid the ground (node 0). */
function reachesWithoutGround(n: number, edges: ResistorSpec['edges'], ids: string[], from: number, nInputs: number): boolean {
  const index = new Map(ids.map((id, i) => [id, i]));
  const next: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    const a = index.get(e.a)!;
    const b = index.get(e.b)!;
    next[a].push(b);
    next[b].push(a);
  }
  const seen = new Set([from]);
  const todo = [from];
  while (todo.length > 0) {
    const i = todo.pop()!;
    if (i >= 1 && i <= nInputs) return true;
    for (const j of next[i]) if (j !== 0 && !seen.has(j)) seen.add(j), todo.push(j);
  }
  return false;
}

/** Asynchronous agent timings: unequal rates (up to spreadMax x) and jittered intervals. */
export function timingArb(o: { spreadMax?: number; jitterMax?: number; tauMin?: number; tauMax?: number } = {}): fc.Arbitrary<Timing> {
  return fc.record({
    tau: uniformArb(o.tauMin ?? 0.05, o.tauMax ?? 1),
    nodePeriod: uniformArb(0.05, 0.2),
    synapsePeriod: uniformArb(0.05, 0.2),
    rateSpread: uniformArb(1, o.spreadMax ?? 4),
    jitter: uniformArb(0, o.jitterMax ?? 0.9),
  });
}

/** How an agent may see the clock: delays, random delays, irregular sampling, drops. */
export function distortionArb(): fc.Arbitrary<Distortion> {
  return fc.record(
    {
      delay: uniformArb(0, 0.5),
      randomDelay: uniformArb(0, 0.5).map((max) => ({ min: 0, max })),
      sample: fc.record({ period: uniformArb(0.01, 0.3), jitter: uniformArb(0, 0.9) }),
      drop: uniformArb(0, 0.5),
    },
    { requiredKeys: [] },
  );
}

/** Fault configurations (a spec's `faults`): fractions of dead and stuck synapses, a drop probability; each 0 in one draw in five. */
export function faultsArb(o: { deadMax?: number; stuckMax?: number; dropMax?: number } = {}): fc.Arbitrary<Faults> {
  return fc.record({ dead: zeroOr(o.deadMax ?? 0.5), stuck: zeroOr(o.stuckMax ?? 0.5), drop: zeroOr(o.dropMax ?? 0.9) });
}

/** What irregularityArb draws: the spec fields `timing`, `endpointView` (if any delay) and `faults`. */
export interface Irregularity {
  timing: Timing;
  endpointView?: Distortion;
  faults: Faults;
}

/**
 * Timing irregularities and faults scaled to a model's own timescales, as the spec fields to
 * spread into a learning spec: the model's tau and periods with a rate spread up to spreadMax
 * and a jitter up to jitterMax (a fraction of each period), random endpoint delays up to
 * delayMax x tau_f, and faultsArb's faults. Each irregularity is absent (exactly 0) in one draw
 * in five and otherwise uniform in its range, so both clean and severe cases come up.
 * The defaults are the maxima of `phaseless robustness` (docs/robustness.md).
 */
export function irregularityArb(
  t: ModelTimescales = defaultTimescales,
  o: { spreadMax?: number; jitterMax?: number; delayMax?: number; deadMax?: number; stuckMax?: number; dropMax?: number } = {},
): fc.Arbitrary<Irregularity> {
  return fc
    .record({
      spread: zeroOr((o.spreadMax ?? 8) - 1),
      jitter: zeroOr(o.jitterMax ?? 0.9),
      delay: zeroOr((o.delayMax ?? 1) * t.tauF),
      faults: faultsArb(o),
    })
    .map(({ spread, jitter, delay, faults }) => ({
      timing: { tau: t.tau, nodePeriod: t.nodePeriod, synapsePeriod: t.synapsePeriod, rateSpread: 1 + spread, jitter },
      ...(delay > 0 ? { endpointView: { randomDelay: { min: 0, max: delay } } } : {}),
      faults,
    }));
}
