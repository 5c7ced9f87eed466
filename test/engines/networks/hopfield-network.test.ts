import fc from 'fast-check';
import { RandomSource } from '../../../src/scheduler/random';
import { VirtualScheduler } from '../../../src/scheduler/virtual-scheduler';
import { EngineKind } from '../../../src/engines/engine-by-name';
import { HopfieldNetworkOptions, hopfieldNetwork } from '../../../src/engines/networks/hopfield-network';
import { LayeredNetwork } from '../../../src/substrates/hopfield/layered-network';
import { sawtooth, twoPhase } from '../../../src/streams/protocols';
import { classicTwoPhase, phaseType } from '../../../src/synapses/rules/classic-two-phase';
import { temporalContrastive } from '../../../src/synapses/rules/temporal-contrastive';
import { chemotaxisKernel } from '../../../src/synapses/kernels/chemotaxis';
import { runs } from '../../support/property-runs';

/**
 * The layered network learning online from a stream of examples (hopfield-network.ts): the
 * event engine is the reactive engine bit for bit under asynchronous timing, delays and faults;
 * a snapshot restored into a freshly built network continues bit for bit; the presenter shows
 * each example for one cycle of the clock.
 */

const caseArb = fc.record({
  sizes: fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 3 })),
  seed: fc.nat(1e6),
  count: fc.integer({ min: 1, max: 4 }),
  tcl: fc.boolean(),
  rateSpread: fc.oneof(fc.constant(1), fc.double({ min: 1, max: 3, noNaN: true })),
  jitter: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 0.5, noNaN: true })),
  delay: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
  dead: fc.constantFrom(0, 0.2),
  stuck: fc.constantFrom(0, 0.2),
  drop: fc.constantFrom(0, 0.3),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function options(c: Case, engine: EngineKind, scheduler: VirtualScheduler): { net: LayeredNetwork; opts: HopfieldNetworkOptions<any> } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const [n0, n1, n2] = c.sizes;
  const sizes = [n0, n1, n2];
  const rng = new RandomSource(c.seed).stream('case');
  const u = (a: number) => a * (2 * rng.uniform() - 1);
  const net: LayeredNetwork = {
    sizes,
    weights: sizes.slice(0, -1).map((n, l) => Float64Array.from({ length: n * sizes[l + 1] }, () => u(0.8))),
    biases: sizes.map((n, l) => (l === 0 ? new Float64Array(0) : Float64Array.from({ length: n }, () => 0.1 + u(0.2)))),
  };
  const images = Float64Array.from({ length: c.count * n0 }, () => rng.uniform());
  const labels = Array.from({ length: c.count }, () => rng.int(n2));
  const free = { wMin: -Infinity, wMax: Infinity };
  const rule = c.tcl
    ? { rule: temporalContrastive(chemotaxisKernel({ B: 0.4, area: 0 })), params: () => ({ lr: 0.05, ...free, theta: 1e-3, linear: false }) }
    : { rule: classicTwoPhase, params: () => ({ lr: 0.2, ...free }), modulator: phaseType };
  const protocol = c.tcl ? sawtooth({ period: 20, rise: 0.2, amplitude: 0.5, levels: 4, lead: 3 }) : twoPhase({ free: 6, clamped: 3, beta: 0.5 });
  return {
    net,
    opts: {
      scheduler,
      random: new RandomSource(c.seed),
      engine,
      protocol,
      exampleOf: c.tcl ? (s) => s.index : (s) => Math.floor(s.index / 2),
      examples: { images, labels, count: c.count },
      eps: 0.5,
      rule,
      rateSpread: c.rateSpread,
      jitter: c.jitter,
      endpointView: c.delay === undefined ? undefined : { randomDelay: { min: 0, max: c.delay } },
      faults: { dead: c.dead, stuck: c.stuck, drop: c.drop },
    },
  };
}

const END = 60;

/** States, weights and the example under way at five times. */
function trace(c: Case, engine: EngineKind, restoreAt?: number): Float64Array[] {
  let scheduler = new VirtualScheduler();
  let { net, opts } = options(c, engine, scheduler);
  let h = hopfieldNetwork(net, opts);
  const out: Float64Array[] = [];
  for (let k = 1; k <= 5; k++) {
    const t = (k * END) / 5;
    if (restoreAt !== undefined && t > restoreAt && t - END / 5 <= restoreAt) {
      scheduler.runUntil(restoreAt);
      const saved = JSON.parse(JSON.stringify({ engine: h.engine.snapshot(), presenter: h.presenter.state() }));
      h.stop();
      scheduler = new VirtualScheduler();
      ({ net, opts } = options(c, engine, scheduler));
      h = hopfieldNetwork(net, opts);
      h.engine.restore(saved.engine);
      h.presenter.restore(saved.presenter);
    }
    scheduler.runUntil(t);
    out.push(...h.states().slice(1), h.engine.weights(), Float64Array.of(h.presenter.presented));
  }
  h.stop();
  return out;
}

function expectSameBits(a: Float64Array[], b: Float64Array[], what: string): void {
  expect(a.length).toBe(b.length);
  a.forEach((arr, k) => {
    arr.forEach((x, i) => {
      if (!Object.is(x, b[k][i])) throw new Error(`${what}: sample ${k}, entry ${i}: ${x} vs ${b[k][i]}`);
    });
  });
}

describe('hopfieldNetwork: online learning from a stream of examples on any engine', () => {
  it('the event engine runs it as the reactive engine does, bit for bit (asynchronous timing, delays, faults)', () => {
    fc.assert(
      fc.property(caseArb, (c) => expectSameBits(trace(c, 'reactive'), trace(c, 'event'), 'reactive vs event')),
      { numRuns: runs(12) },
    );
  });

  it('a snapshot restored into a freshly built network continues bit for bit (event engine)', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 1, max: END - 1, noNaN: true }), (c, at) => expectSameBits(trace(c, 'event'), trace(c, 'event', at), 'uninterrupted vs restored')),
      { numRuns: runs(12) },
    );
  });

  it('presents example n during the n-th cycle: the inputs hold its pixels, and learning moves the weights', () => {
    const c: Case = { sizes: [3, 2, 2], seed: 5, count: 3, tcl: false, rateSpread: 1, jitter: 0, delay: undefined, dead: 0, stuck: 0, drop: 0 };
    const scheduler = new VirtualScheduler();
    const { net, opts } = options(c, 'event', scheduler);
    const h = hopfieldNetwork(net, opts);
    const images = opts.examples.images;
    // Cycles of 9 (free 6, clamped 3): example 4 (index 4 mod 3 = 1) runs from 36 to 45.
    scheduler.runUntil(40);
    expect(h.presenter.presented).toBe(4);
    expect(Array.from(h.states()[0])).toEqual(Array.from(images).slice(3, 6));
    const w = h.network();
    expect(Math.max(...w.weights[0].map((x, k) => Math.abs(x - net.weights[0][k])))).toBeGreaterThan(1e-4);
    h.stop();
  });

  it('refuses examples whose sizes do not match the network, naming the field', () => {
    const c: Case = { sizes: [3, 2, 2], seed: 5, count: 2, tcl: false, rateSpread: 1, jitter: 0, delay: undefined, dead: 0, stuck: 0, drop: 0 };
    const { net, opts } = options(c, 'event', new VirtualScheduler());
    expect(() => hopfieldNetwork(net, { ...opts, examples: { ...opts.examples, images: new Float64Array(5) } })).toThrow(/examples\.images/);
    expect(() => hopfieldNetwork(net, { ...opts, examples: { ...opts.examples, labels: [0] } })).toThrow(/examples\.labels/);
  });
});
