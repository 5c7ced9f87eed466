import fc from 'fast-check';
import * as arbitraries from '../../../src/arbitraries';
import {
  RandomSource,
  SpecError,
  VirtualScheduler,
  clampClock,
  fixedWeight,
  readResistorSpec,
  resistorAgents,
  sawtooth,
  stochasticPhases,
  twoPhase,
} from '../../../src';
import { resistorLockstep } from '../../../src/engines/networks/resistor-lockstep';
import { runs } from '../../support/property-runs';
import { RuleCase, registeredRuleCases } from '../../support/rule-cases';
import { cycleDrives } from '../../support/event-case';

/** Test-friendly parameters where the defaults would barely move the weights in 3 time units. */
const saw = () => sawtooth({ period: 1, rise: 0.1, amplitude: 2, sampleDt: 0.013 });
const cases = registeredRuleCases(
  {
    unmodulated: (kind) => (kind === 'tcl' ? sawtooth({ period: 1, rise: 0.1, amplitude: 2, levels: 4 }) : saw()),
    phaseSigned: (b) => stochasticPhases({ b, beta: 2, length: { uniform: [0.2, 0.5] } }),
    twoPhase: () => twoPhase({ free: 0.37, clamped: 0.41, beta: 2 }),
  },
  { tcl: { lr: 0.5, theta: 1e-3 }, classic: { lr: 0.2 }, phaseSigned: { lr: 0.02 }, hebbian: { lr: 0.05 } },
  [['tcl, integral feedback, linear g', { kind: 'tcl', lr: 0.5, g: 'linear', kernel: { kind: 'integralFeedback' } }]],
);

/** Runs one engine and samples voltages and conductances at fixed times. */
type Clocks = { every: number; offset?: number };
function trajectory(engine: 'reactive' | 'lockstep', spec: ReturnType<typeof readResistorSpec>, c: RuleCase, period: number, seed: number, clocks: Clocks = { every: 1 }) {
  const scheduler = new VirtualScheduler();
  const random = new RandomSource(seed);
  const clock = clampClock(c.protocol, { scheduler, rng: random.stream('clock') });
  const probe = clock.subscribe(() => undefined); // the clock starts before the agents, in both engines
  // Inputs change with the clock's phase/cycle index, as in learning runs.
  const opts = {
    scheduler,
    random,
    clock,
    timing: { tau: 0.03, nodePeriod: period, synapsePeriod: period * clocks.every, rateSpread: 1, jitter: 0 },
    tickOffset: clocks.offset === undefined ? undefined : clocks.offset * period,
    rule: c.rule,
    ruleParams: c.params,
    modulator: c.modulator,
    ...cycleDrives(clock, spec.sources.length, spec.outputs.length),
  };
  const agents = engine === 'reactive' ? resistorAgents(spec, opts) : resistorLockstep(spec, opts);
  const samples: Float64Array[] = [];
  for (let t = 1; t <= 6; t++) {
    scheduler.runUntil(t * 0.5);
    samples.push(agents.voltages(), agents.conductances());
  }
  agents.stop();
  probe.unsubscribe();
  return samples;
}

/** Synapses every 1-3 node periods; clocks started one period after start or at an offset (a fraction of it). */
const clocksArb: fc.Arbitrary<Clocks> = fc.record({ every: fc.integer({ min: 1, max: 3 }), offset: fc.option(fc.double({ min: 0, max: 0.99, noNaN: true }), { nil: undefined }) });

describe('lockstep engine', () => {
  it.each(cases)('$name: same voltage and weight trajectories as the reactive engine with synchronous timing', (c) => {
    fc.assert(
      fc.property(arbitraries.resistorSpecArb({ maxNodes: 30 }), fc.double({ min: 0.005, max: 0.02, noNaN: true }), fc.nat(1e6), clocksArb, (raw, period, seed, clocks) => {
        const spec = readResistorSpec(raw);
        const a = trajectory('reactive', spec, c, period, seed, clocks);
        const b = trajectory('lockstep', spec, c, period, seed, clocks);
        a.forEach((arr, k) => {
          arr.forEach((x, i) => {
            const y = b[k][i];
            expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
          });
        });
        // Learning rules must actually have moved the weights (otherwise the check is vacuous).
        if (c.rule !== fixedWeight) expect(a[a.length - 1].some((w, e) => w !== spec.k[e])).toBe(true);
      }),
      { numRuns: runs(12) },
    );
  });

  it('rejects asynchronous timing and delays with a clear error', () => {
    const spec = readResistorSpec({
      nodes: ['g', 'a', 'b'],
      edges: [
        { a: 'g', b: 'a', k: 1 },
        { a: 'a', b: 'b', k: 1 },
      ],
      ground: 'g',
      inputs: [{ node: 'a', v: 1 }],
      outputs: [],
    });
    const base = { scheduler: new VirtualScheduler(), random: new RandomSource(1) };
    const t = { tau: 1, nodePeriod: 0.1, synapsePeriod: 0.1, rateSpread: 1, jitter: 0 };
    expect(() => resistorLockstep(spec, { ...base, timing: { ...t, jitter: 0.1 } })).toThrow(new SpecError('timing.jitter', '0 with engine "lockstep" (jitter needs the reactive or event engine)', 0.1));
    expect(() => resistorLockstep(spec, { ...base, timing: { ...t, rateSpread: 2 } })).toThrow(/timing.rateSpread: expected 1/);
    // Any synapse period runs (its clock orders against the nodes' as the agents' do).
    expect(() => resistorLockstep(spec, { ...base, timing: { ...t, synapsePeriod: 0.15 } }).stop()).not.toThrow();
    expect(() => resistorLockstep(spec, { ...base, timing: t, endpointView: { delay: 0.1 } })).toThrow(/endpointView: expected none/);
  });
});
