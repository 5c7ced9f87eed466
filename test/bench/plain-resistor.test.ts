import { RandomSource } from '../../src/scheduler/random';
import { VirtualScheduler } from '../../src/scheduler/virtual-scheduler';
import { randomNetwork } from '../../src/substrates/resistor/generators';
import { readResistorSpec } from '../../src/substrates/resistor/resistor-spec';
import { resistorSubstrate } from '../../src/substrates/resistor/resistor-substrate';
import { resistorLockstep } from '../../src/engines/networks/resistor-lockstep';
import { twoPhase } from '../../src/streams/protocols';
import { chemotaxisKernel } from '../../src/synapses/kernels/chemotaxis';
import { temporalContrastive } from '../../src/synapses/rules/temporal-contrastive';
import { plainResistor } from '../../src/bench/plain-resistor';

/**
 * The bench's yardstick must compute what the array engine computes, or the speed ratio means
 * nothing: on random networks, the plain loop's voltages and conductances equal the engine's bit
 * for bit, period after period, while the conductances move.
 */
describe('the plain resistor loop of the bench', () => {
  it.each([1, 2, 3])('equals the array engine bit for bit (network seed %i)', (seed) => {
    const random = new RandomSource(seed);
    const net = readResistorSpec(randomNetwork({ n: 40, meanDegree: 4, kMin: 0.5, kMax: 2, inputs: 3, outputs: 2 }, random.stream('network')));
    const timing = { tau: 0.005, nodePeriod: 0.01, synapsePeriod: 0.01, rateSpread: 1, jitter: 0 };
    // A large rate and a low threshold, so that the conductances move while the network relaxes.
    const params = { lr: 50, theta: 1e-6, wMin: 1e-3, wMax: 1e3 };
    const scheduler = new VirtualScheduler();
    const engine = resistorLockstep(net, {
      scheduler,
      random,
      timing,
      protocol: twoPhase({ free: 1, clamped: 1, beta: 0 }),
      rule: temporalContrastive(chemotaxisKernel()),
      ruleParams: { ...params, linear: false },
    });
    const plain = plainResistor(resistorSubstrate(net, { tau: timing.tau }), params);
    let moved = 0;
    // The engine's ticks fall at t + period, t + 2 period, ... as the scheduler adds them up, and
    // each step's dt is now - last tick (the first one period): the same dt here.
    let t = 0;
    for (let k = 1; k <= 30; k++) {
      const next = t + timing.nodePeriod;
      const dt = k === 1 ? timing.nodePeriod : next - t;
      t = next;
      scheduler.runFor(timing.nodePeriod);
      plain.period(dt);
      expect(Array.from(plain.v)).toEqual(Array.from(engine.voltages()));
      expect(Array.from(plain.w)).toEqual(Array.from(engine.conductances()));
      moved = Math.max(moved, ...Array.from(plain.w, (w, e) => Math.abs(w - net.k[e])));
    }
    expect(moved).toBeGreaterThan(1e-3);
    engine.stop();
  });
});
