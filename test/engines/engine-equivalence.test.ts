import fc from 'fast-check';
import {
  ClampSignal,
  Protocol,
  RandomSource,
  SynapseRule,
  VirtualScheduler,
  clampClock,
  fixedWeight,
  kernels,
  readRule,
  rules,
  sawtooth,
  stochasticPhases,
  twoPhase,
} from '../../src';
import { arrayEngine } from '../../src/engines/array-engine';
import { reactiveEngine } from '../../src/engines/reactive-engine';
import { hopfieldSubstrate } from '../../src/hopfield/hopfield-substrate';
import { LayeredNetwork } from '../../src/hopfield/layered-network';
import { runs } from '../support/property-runs';

/**
 * The two engines on the layered Hopfield substrate, whose synapses conduct on their ticks
 * (a Jacobi map): every registered rule, and the TCL rule with every registered kernel, read
 * from its spec as a run reads it, so a newly registered rule is covered without a new test.
 * (The resistor substrate, which conducts by event, has the same property in
 * test/lockstep/resistor-lockstep.test.ts.)
 */
type Case = { name: string; rule: SynapseRule<any>; params: any; protocol: Protocol; modulator?: (s: ClampSignal) => number };

// Parameters that move the weights visibly within a few dozen ticks.
const overrides: Record<string, Record<string, unknown>> = {
  tcl: { lr: 0.5, theta: 1e-3 },
  classic: { lr: 0.2 },
  phaseSigned: { lr: 0.05 },
  hebbian: { lr: 0.05 },
};
function registeredCase(name: string, spec: Record<string, unknown>): Case {
  const b = 0.4;
  const built = readRule(spec, { field: 'rule', phaseProbability: b });
  const protocol = !built.modulator
    ? sawtooth({ period: 7.3, rise: 0.2, amplitude: 0.8, levels: 4 })
    : spec.kind === 'phaseSigned'
      ? stochasticPhases({ b, beta: 0.8, length: { uniform: [2.1, 5.3] } })
      : twoPhase({ free: 6.3, clamped: 4.1, beta: 0.8 });
  return { name, rule: built.rule, params: built.params, protocol, modulator: built.modulator };
}
const cases: Case[] = [
  { name: 'fixed', rule: fixedWeight, params: {}, protocol: sawtooth({ period: 7.3, rise: 0.2, amplitude: 0.8, levels: 4 }) },
  ...rules.kinds().map((kind) => registeredCase(kind, { kind, ...overrides[kind] })),
  ...kernels.kinds().map((k) => registeredCase(`tcl, kernel ${k}`, { kind: 'tcl', ...overrides.tcl, kernel: { kind: k } })),
];

const layeredArb = fc
  .record({
    sizes: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 2 }), fc.integer({ min: 2, max: 3 })),
    seed: fc.nat(1e6),
    eps: fc.double({ min: 0.1, max: 0.7, noNaN: true }),
    sign: fc.constantFrom(1, -1),
  })
  .map(({ sizes: [n0, hidden, out], seed, eps, sign }) => {
    const sizes = [n0, ...hidden, out];
    const rng = new RandomSource(seed).stream('net');
    const u = (a: number) => a * (2 * rng.uniform() - 1);
    const net: LayeredNetwork = {
      sizes,
      weights: sizes.slice(0, -1).map((n, l) => Float64Array.from({ length: n * sizes[l + 1] }, () => u(0.8))),
      biases: sizes.map((n, l) => (l === 0 ? new Float64Array(0) : Float64Array.from({ length: n }, () => 0.1 + u(0.2)))),
    };
    const x = Array.from({ length: n0 }, () => rng.uniform());
    const initial = sizes.map((n) => Array.from({ length: n }, () => rng.uniform()));
    return { net, x, label: rng.int(out), initial, eps, sign, seed };
  });
type Layered = typeof layeredArb extends fc.Arbitrary<infer T> ? T : never;

function trajectory(engine: 'reactive' | 'array', c: Case, h: Layered): Float64Array[] {
  const sub = hopfieldSubstrate(h.net, { x: h.x, label: h.label }, { eps: h.eps, sign: h.sign });
  const initial = new Float64Array(sub.ids.length);
  h.net.sizes.forEach((n, l) => {
    for (let j = 0; j < n; j++) initial[sub.layout.node(l, j)] = l === 0 ? h.x[j] : h.initial[l][j];
  });
  initial[sub.layout.one] = 1;
  const scheduler = new VirtualScheduler();
  const random = new RandomSource(h.seed);
  const clock = clampClock(c.protocol, { scheduler, rng: random.stream('clock') });
  const keep = clock.subscribe(() => undefined);
  const build = engine === 'reactive' ? reactiveEngine : arrayEngine;
  const run = build(sub, {
    scheduler,
    random,
    clock,
    timing: { tau: 1, nodePeriod: 1, synapsePeriod: 1, rateSpread: 1, jitter: 0 },
    rule: c.rule,
    ruleParams: c.params,
    modulator: c.modulator,
    initial,
  });
  const samples: Float64Array[] = [];
  for (let t = 1; t <= 6; t++) {
    scheduler.runUntil(t * 5 + 0.5);
    samples.push(run.states(), run.weights());
  }
  run.stop();
  keep.unsubscribe();
  return samples;
}

describe('reactive and array engines on the Hopfield substrate (tick conduction, synchronous timing)', () => {
  it.each(cases)('$name: same unit and weight trajectories to 1e-9', (c) => {
    fc.assert(
      fc.property(layeredArb, (h) => {
        const a = trajectory('reactive', c, h);
        const b = trajectory('array', c, h);
        a.forEach((arr, k) => arr.forEach((x, i) => expect(Math.abs(x - b[k][i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)))));
        // A learning rule must have moved some weight, or the comparison says little.
        if (c.rule !== fixedWeight) {
          const w0 = [...h.net.weights, ...h.net.biases.slice(1)].flatMap((q) => Array.from(q));
          expect(a[a.length - 1].some((w, e) => w !== w0[e])).toBe(true);
        }
      }),
      { numRuns: runs(8) },
    );
  });
});
