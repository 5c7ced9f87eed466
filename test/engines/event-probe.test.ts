import { RandomSource, VirtualScheduler, readResistorSpec, sawtooth } from '../../src';
import { ProbeSample } from '../../src/engines/probe';
import { reactiveEngine } from '../../src/engines/reactive-engine';
import { eventCore, eventEngine } from '../../src/engines/event/event-engine';
import { resistorSubstrate } from '../../src/substrates/resistor/resistor-substrate';
import { hebbian } from '../../src/synapses/rules/hebbian';
import { Build } from '../support/event-case';
import { fourNodeNetwork } from '../support/four-node-network';
import { engineByName } from '../../src/engines/engine-by-name';

/** Probes, stop and bad targets on the event engine, against the reactive engine. */
function probed(build: Build) {
  const scheduler = new VirtualScheduler();
  const net = readResistorSpec(fourNodeNetwork);
  const engine = build(resistorSubstrate(net, { tau: 0.05 }), {
    scheduler,
    random: new RandomSource(3),
    protocol: sawtooth({ period: 1, rise: 0.2, amplitude: 1 }),
    timing: { tau: 0.05, nodePeriod: 0.01, synapsePeriod: 0.02, rateSpread: 2, jitter: 0.3 },
    endpointView: { randomDelay: { min: 0, max: 0.02 }, drop: 0.2 },
    rule: hebbian,
    ruleParams: { lr: 0.5, wMin: 1e-3, wMax: 1e3 },
  });
  const out: Record<string, ProbeSample[]> = { node: [], weight: [], nodeChange: [], weightChange: [], slot: [] };
  const subs = [
    engine.probe({ node: 2 }, { every: 3 }).subscribe((s) => out.node.push(s)),
    engine.probe({ synapse: 1 }).subscribe((s) => out.weight.push(s)),
    engine.probe({ node: 3 }, { onChange: true }).subscribe((s) => out.nodeChange.push(s)),
    engine.probe({ synapse: 2 }, { onChange: true }).subscribe((s) => out.weightChange.push(s)),
  ];
  scheduler.runUntil(1.5);
  subs.forEach((s) => s.unsubscribe());
  const before = scheduler.eventCount;
  engine.stop();
  scheduler.runUntil(3);
  return { out, events: before, after: scheduler.eventCount, engine };
}

describe('event engine services', () => {
  it('gives the reactive engine’s probe samples (periodic and on change), and stop() ends every agent', () => {
    const a = probed(reactiveEngine);
    const b = probed(eventCore);
    expect(b.out).toEqual(a.out);
    expect(b.out.nodeChange.length).toBeGreaterThan(10);
    expect(b.events).toBe(a.events);
    // Stopped: no agent ticks any more (the clock the engine made is stopped too).
    expect(b.after).toBe(b.events);
  });

  it('refuses a probe outside the network with a one-line error', () => {
    const { engine } = probed(eventCore);
    expect(() => engine.read({ synapse: 99 })).toThrow('probe: synapse must be an integer in [0, 4), got 99');
    expect(() => engine.probe({ node: -1 })).toThrow('probe: node must be an integer in [0, 4), got -1');
  });
});

describe('engineByName', () => {
  it('selects the event engine by name and refuses an unknown one with a one-line error', () => {
    expect(engineByName('event')).toBe(eventEngine);
    expect(engineByName('reactive')).toBe(reactiveEngine);
    expect(() => engineByName('evnt', 'rbm.engine')).toThrow('rbm.engine: expected one of "reactive", "array", "lockstep", "event"');
  });
});

describe('event engine divergence', () => {
  it('stops with the error the reactive engine gives: the first synapse that diverged and the time', () => {
    const blowUp = { ...hebbian, name: 'blow-up', step: (x: Float64Array, o: number) => void (x[o] = x[o] > 1e300 ? Infinity : x[o] * 1e200) };
    const run = (build: Build) => {
      const scheduler = new VirtualScheduler();
      build(resistorSubstrate(readResistorSpec(fourNodeNetwork), { tau: 0.05 }), {
        scheduler,
        random: new RandomSource(1),
        timing: { tau: 0.05, nodePeriod: 0.01, synapsePeriod: 0.02, rateSpread: 2, jitter: 0.3 },
        rule: blowUp,
        ruleParams: { lr: 1, wMin: 0, wMax: Infinity },
      });
      try {
        scheduler.runUntil(1);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    const message = run(reactiveEngine);
    expect(message).toMatch(/^agent synapse \S+ diverged at simulated time/);
    expect(run(eventCore)).toBe(message);
  });
});
