import fc from 'fast-check';
import { filter, map } from 'rxjs';
import { RandomSource, VirtualScheduler, clampClock } from '../../src';
import { reactiveEngine } from '../../src/engines/reactive-engine';
import { eventCore } from '../../src/engines/event/event-engine';
import { createRbm } from '../../src/substrates/rbm/rbm';
import { rbmSubstrate } from '../../src/substrates/rbm/rbm-substrate';
import { Layered, hopfieldCase, layeredArb } from '../support/hopfield-case';
import { runs } from '../support/property-runs';
import { RuleCase, slowRuleCases } from '../support/rule-cases';
import { AsyncTiming, Build, asyncTimingArb, comparableEvents, expectSameBits } from '../support/event-case';

/**
 * The event engine against the reactive engine on the other substrates the engines run through
 * the Substrate interface: the layered Hopfield network (tick conduction: a synapse delivers
 * what it computed on its tick) and the RBM (stochastic units drawing from their own
 * substreams, visible units that take their datum the moment they are clamped). Asynchronous
 * timing, every registered rule: bit for bit.
 */
const makeCases = slowRuleCases;
const cases = makeCases();
/** A fresh rule per run: see event-equivalence.test.ts (the Markov kernel's propagator cache). */
const fresh = (c: RuleCase): RuleCase => makeCases().find((x) => x.name === c.name)!;

function sampled(scheduler: VirtualScheduler, engine: ReturnType<Build>, until: number, t: AsyncTiming): Float64Array[] {
  const out: Float64Array[] = [];
  for (let k = 1; k <= 5; k++) {
    scheduler.runUntil((k * until) / 5);
    out.push(engine.states(), engine.weights(), comparableEvents(scheduler.eventCount, t));
  }
  engine.stop();
  return out;
}

function hopfield(build: Build, h: Layered, c: RuleCase, t: AsyncTiming): Float64Array[] {
  c = fresh(c);
  const { sub, initial } = hopfieldCase(h);
  const scheduler = new VirtualScheduler();
  const random = new RandomSource(h.seed);
  const clock = clampClock(c.protocol, { scheduler, rng: random.stream('clock') });
  const engine = build(sub, { scheduler, random, clock, ...t, rule: c.rule, ruleParams: c.params, modulator: c.modulator, initial });
  return sampled(scheduler, engine, 25, t);
}

const rbmArb = fc.record({ nv: fc.integer({ min: 1, max: 5 }), nh: fc.integer({ min: 1, max: 4 }), seed: fc.nat(1e6), rows: fc.integer({ min: 1, max: 4 }) });

function rbm(build: Build, r: { nv: number; nh: number; seed: number; rows: number }, c: RuleCase, t: AsyncTiming): Float64Array[] {
  c = fresh(c);
  const random = new RandomSource(r.seed);
  const bits = random.stream('data');
  const data = Array.from({ length: r.rows }, () => Uint8Array.from({ length: r.nv }, () => (bits.uniform() < 0.5 ? 1 : 0)));
  const sub = rbmSubstrate(createRbm(r.nv, r.nh, random.stream('init'), 0.5));
  const scheduler = new VirtualScheduler();
  const clock = clampClock(c.protocol, { scheduler, rng: random.stream('clock') });
  const { nh } = r;
  const engine = build(sub, {
    scheduler,
    random,
    clock,
    ...t,
    rule: c.rule,
    ruleParams: c.params,
    modulator: c.modulator,
    driveOf: (k) =>
      k === sub.layout.one
        ? undefined
        : clock.pipe(
            filter((s) => s.z === 1),
            map((_, n) => data[n % data.length][k - nh]),
          ),
  });
  return sampled(scheduler, engine, 25, t);
}

describe('event engine = reactive engine, bit for bit, on the Hopfield and RBM substrates', () => {
  it.each(cases)('Hopfield (tick conduction), $name', (c) => {
    fc.assert(
      fc.property(layeredArb, asyncTimingArb(1), (h, t) => expectSameBits(hopfield(reactiveEngine, h, c, t), hopfield(eventCore, h, c, t))),
      { numRuns: runs(6) },
    );
  });

  it.each(cases)('RBM (stochastic units), $name', (c) => {
    fc.assert(
      fc.property(rbmArb, asyncTimingArb(1), (r, t) => expectSameBits(rbm(reactiveEngine, r, c, t), rbm(eventCore, r, c, t))),
      { numRuns: runs(6) },
    );
  });
});
