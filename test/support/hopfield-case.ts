import fc from 'fast-check';
import { ClampSignal, Protocol, RandomSource, SynapseRule, VirtualScheduler, clampClock } from '../../src';
import { Engine } from '../../src/engines/engine';
import { arrayEngine } from '../../src/engines/array-engine';
import { reactiveEngine } from '../../src/engines/reactive-engine';
import { hopfieldSubstrate } from '../../src/substrates/hopfield/hopfield-substrate';
import { LayeredNetwork } from '../../src/substrates/hopfield/layered-network';

/** A small layered Hopfield network, one example, initial unit states and node parameters. */
export const layeredArb = fc
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
export type Layered = typeof layeredArb extends fc.Arbitrary<infer T> ? T : never;

export interface HopfieldRunOptions {
  protocol: Protocol;
  rule?: SynapseRule<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  params?: unknown;
  modulator?: (s: ClampSignal) => number;
}

/** The case's substrate and its initial state: inputs clamped, the other layers at the case's values, the bias unit at 1. */
export function hopfieldCase(h: Layered): { sub: ReturnType<typeof hopfieldSubstrate>; initial: Float64Array } {
  const sub = hopfieldSubstrate(h.net, { x: h.x, label: h.label }, { eps: h.eps, sign: h.sign });
  const initial = new Float64Array(sub.ids.length);
  h.net.sizes.forEach((n, l) => {
    for (let j = 0; j < n; j++) initial[sub.layout.node(l, j)] = l === 0 ? h.x[j] : h.initial[l][j];
  });
  initial[sub.layout.one] = 1;
  return { sub, initial };
}

/** The case's substrate on one engine, synchronous period-1 clocks, the clock already started. */
export function hopfieldRun(engine: 'reactive' | 'array', h: Layered, o: HopfieldRunOptions): { scheduler: VirtualScheduler; run: Engine; stop(): void } {
  const { sub, initial } = hopfieldCase(h);
  const scheduler = new VirtualScheduler();
  const random = new RandomSource(h.seed);
  const clock = clampClock(o.protocol, { scheduler, rng: random.stream('clock') });
  const keep = clock.subscribe(() => undefined);
  const build = engine === 'reactive' ? reactiveEngine : arrayEngine;
  const run = build(sub, {
    scheduler,
    random,
    clock,
    timing: { tau: 1, nodePeriod: 1, synapsePeriod: 1, rateSpread: 1, jitter: 0 },
    rule: o.rule,
    ruleParams: o.params,
    modulator: o.modulator,
    initial,
  });
  return {
    scheduler,
    run,
    stop: () => {
      run.stop();
      keep.unsubscribe();
    },
  };
}
