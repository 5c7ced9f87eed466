import fc from 'fast-check';
import { resistorSpecArb } from '../../../src/arbitraries';
import { RandomSource, ResistorAgentsOptions, VirtualScheduler, readResistorSpec, resistorAgents } from '../../../src';
import { resistorEvent } from '../../../src/engines/networks/resistor-event';
import { resistorLockstep } from '../../../src/engines/networks/resistor-lockstep';
import { ResistorNetwork } from '../../../src/substrates/resistor/resistor-spec';
import { referenceSolve } from '../../substrates/resistor/reference-solve';
import { runs } from '../../support/property-runs';

const engines = { reactive: resistorAgents, event: resistorEvent, lockstep: resistorLockstep };
const milli = fc.integer({ min: -1000, max: 1000 }).map((x) => x / 1000);
const timing = { tau: 1, nodePeriod: 0.1, synapsePeriod: 0.1, rateSpread: 1, jitter: 0 };

function build(name: keyof typeof engines, net: ResistorNetwork, warmStart: ResistorAgentsOptions<never>['warmStart']) {
  return engines[name](net, { scheduler: new VirtualScheduler(), random: new RandomSource(1), timing, warmStart });
}

describe('warm start', () => {
  it('starts every node of every engine at the free equilibrium of the given inputs (an independent solve)', () => {
    const caseArb = resistorSpecArb({ maxNodes: 12 }).chain((spec) =>
      fc.record({
        spec: fc.constant(spec),
        inputs: fc.array(milli, { minLength: spec.inputs.length, maxLength: spec.inputs.length }),
        engine: fc.constantFrom(...(Object.keys(engines) as (keyof typeof engines)[])),
      }),
    );
    fc.assert(
      fc.property(caseArb, ({ spec, inputs, engine }) => {
        const net = readResistorSpec(spec);
        const expected = referenceSolve({ ...spec, inputs: spec.inputs.map((s, j) => ({ ...s, v: inputs[j] })) });
        const agents = build(engine, net, inputs);
        const got = agents.voltages();
        agents.stop();
        got.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-9));
      }),
      { numRuns: runs(60) },
    );
  });

  it('true is the equilibrium of the network\'s own sources, where every engine stays (no transient)', () => {
    fc.assert(
      fc.property(resistorSpecArb({ maxNodes: 12 }), fc.constantFrom(...(Object.keys(engines) as (keyof typeof engines)[])), (spec, engine) => {
        const net = readResistorSpec(spec);
        const expected = referenceSolve(spec);
        const scheduler = new VirtualScheduler();
        const agents = engines[engine](net, { scheduler, random: new RandomSource(1), timing, warmStart: true });
        scheduler.runUntil(5);
        const got = agents.voltages();
        agents.stop();
        got.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-9));
      }),
      { numRuns: runs(30) },
    );
  });
});
