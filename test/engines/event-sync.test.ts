import fc from 'fast-check';
import { RandomSource, VirtualScheduler, clampClock, fixedWeight, readResistorSpec, sawtooth, stochasticPhases, twoPhase } from '../../src';
import * as arbitraries from '../../src/arbitraries';
import { arrayEngine } from '../../src/engines/array-engine';
import { eventCore, eventEngine } from '../../src/engines/event/event-engine';
import { isSynchronousTiming } from '../../src/engines/event/synchronous-timing';
import { resistorSubstrate } from '../../src/substrates/resistor/resistor-substrate';
import { resistorDrives } from '../../src/engines/networks/resistor-agents';
import { runs } from '../support/property-runs';
import { RuleCase, registeredRuleCases } from '../support/rule-cases';
import { Build, cycleDrives } from '../support/event-case';

/**
 * Synchronous timing is the event engine's special case: with equal rates, no jitter and exact
 * views it must equal the array engine's sweeps to 1e-9 (every registered rule).
 */
const cases = registeredRuleCases(
  {
    unmodulated: (kind) => (kind === 'tcl' ? sawtooth({ period: 1, rise: 0.1, amplitude: 2, levels: 4 }) : sawtooth({ period: 1, rise: 0.1, amplitude: 2, sampleDt: 0.013 })),
    phaseSigned: (b) => stochasticPhases({ b, beta: 2, length: { uniform: [0.2, 0.5] } }),
    twoPhase: () => twoPhase({ free: 0.37, clamped: 0.41, beta: 2 }),
  },
  { tcl: { lr: 0.5, theta: 1e-3 }, classic: { lr: 0.2 }, phaseSigned: { lr: 0.02 }, hebbian: { lr: 0.05 } },
);

function trajectory(build: Build, spec: ReturnType<typeof readResistorSpec>, c: RuleCase, period: number, every: number, seed: number, offset?: number): Float64Array[] {
  const scheduler = new VirtualScheduler();
  const random = new RandomSource(seed);
  const clock = clampClock(c.protocol, { scheduler, rng: random.stream('clock') });
  const keep = clock.subscribe(() => undefined);
  const engine = build(resistorSubstrate(spec, { tau: 0.03 }), {
    scheduler,
    random,
    clock,
    timing: { tau: 0.03, nodePeriod: period, synapsePeriod: period * every, rateSpread: 1, jitter: 0 },
    tickOffset: offset === undefined ? undefined : offset * period,
    rule: c.rule,
    ruleParams: c.params,
    modulator: c.modulator,
    driveOf: resistorDrives(spec, cycleDrives(clock, spec.sources.length, spec.outputs.length)),
  });
  const out: Float64Array[] = [];
  for (let k = 1; k <= 6; k++) {
    scheduler.runUntil(k * 0.5);
    out.push(engine.states(), engine.weights());
  }
  engine.stop();
  keep.unsubscribe();
  return out;
}

describe('event engine = array engine to 1e-9 with synchronous timing (resistor networks)', () => {
  it.each(cases)('$name', (c) => {
    fc.assert(
      fc.property(
        arbitraries.resistorSpecArb({ maxNodes: 30 }),
        fc.double({ min: 0.005, max: 0.02, noNaN: true }),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(1e6),
        fc.option(fc.double({ min: 0, max: 0.99, noNaN: true }), { nil: undefined }),
        (raw, period, every, seed, offset) => {
          const spec = readResistorSpec(raw);
          const a = trajectory(arrayEngine, spec, c, period, every, seed, offset);
          const b = trajectory(eventCore, spec, c, period, every, seed, offset);
          a.forEach((arr, k) => arr.forEach((x, i) => expect(Math.abs(x - b[k][i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)))));
          if (c.rule !== fixedWeight) expect(b[b.length - 1].some((w, e) => w !== spec.k[e])).toBe(true);
        },
      ),
      { numRuns: runs(8) },
    );
  });
});

describe('the event engine runs synchronous timing as array sweeps', () => {
  it('schedules what the array engine schedules under synchronous timing, and simulates events otherwise', () => {
    const spec = readResistorSpec(fc.sample(arbitraries.resistorSpecArb({ maxNodes: 20 }), { numRuns: 1, seed: 5 })[0]);
    const timing = { tau: 0.03, nodePeriod: 0.01, synapsePeriod: 0.01, rateSpread: 1, jitter: 0 };
    // Scheduler events over one time unit: two clocks per period for sweeps, one per agent for events.
    const events = (build: Build, t = timing) => {
      const scheduler = new VirtualScheduler();
      const engine = build(resistorSubstrate(spec, { tau: 0.03 }), { scheduler, random: new RandomSource(3), timing: t, protocol: twoPhase({ free: 0.3, clamped: 0.2, beta: 1 }), driveOf: resistorDrives(spec, {}) });
      scheduler.runUntil(1);
      engine.stop();
      return scheduler.eventCount;
    };
    expect(events(eventEngine)).toBe(events(arrayEngine));
    expect(events(eventCore)).toBeGreaterThan(2 * events(arrayEngine));
    const jittered = { ...timing, jitter: 0.1 };
    expect(events(eventEngine, jittered)).toBe(events(eventCore, jittered));
    // Its own contract holds whichever runs it: one example (the array engine would take a batch).
    expect(() => eventEngine(resistorSubstrate(spec, { tau: 0.03 }), { scheduler: new VirtualScheduler(), random: new RandomSource(3), timing, batch: 2 })).toThrow('batch: expected 1 with the event engine');
    expect(isSynchronousTiming({ scheduler: new VirtualScheduler(), random: new RandomSource(1), timing })).toBe(true);
    for (const other of [{ timing: jittered }, { timing: { ...timing, rateSpread: 2 } }, { timing, endpointView: { delay: 0.001 } }, { timing, clockView: { delay: 0.001 } }, { timing, faults: { dead: 0, stuck: 0, drop: 0.1 } }]) {
      expect(isSynchronousTiming({ scheduler: new VirtualScheduler(), random: new RandomSource(1), ...other })).toBe(false);
    }
  });
});
