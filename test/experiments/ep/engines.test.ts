import { HopfieldBatch } from '../../../src/experiments/ep/hopfield-batch';
import { LayeredNetwork, cloneNetwork } from '../../../src/substrates/hopfield/layered-network';
import { HopfieldNetwork, HopfieldRule, hopfieldNetwork } from '../../../src/engines/networks/hopfield-network';
import { EngineKind } from '../../../src/engines/engine-by-name';
import { RandomSource } from '../../../src/scheduler/random';
import { Protocol } from '../../../src/streams/clamp-signal';
import { CycleTick, QuasiStaticCycle } from '../../../src/engines/quasi-static';
import { classicReference } from '../../support/classic-cycle';
import { VirtualScheduler } from '../../../src/scheduler/virtual-scheduler';
import { SawtoothParams, sawtooth, sawtoothAt, twoPhase } from '../../../src/streams/protocols';
import { chemotaxisKernel } from '../../../src/synapses/kernels/chemotaxis';
import { classicTwoPhase, phaseType } from '../../../src/synapses/rules/classic-two-phase';
import { TclParams, temporalContrastive } from '../../../src/synapses/rules/temporal-contrastive';
import { LearningParams } from '../../../src/synapses/rules/weight-bounds';

/**
 * The small reactive version (every unit a node agent, every weight and bias a synapse agent on
 * the virtual scheduler, synchronous clocks) against the lockstep (batched) engine on a tiny
 * network, one example.
 */

const sizes = [3, 4, 2];
const eps = 0.5;

function tinyNet(): LayeredNetwork {
  let s = 7;
  const next = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
  return {
    sizes,
    weights: [Float64Array.from({ length: 12 }, () => 0.6 * next()), Float64Array.from({ length: 8 }, () => 0.6 * next())],
    biases: [new Float64Array(0), Float64Array.from({ length: 4 }, () => 0.2 * next() + 0.1), Float64Array.from({ length: 2 }, () => 0.2 * next() + 0.1)],
  };
}
const x = [0.9, 0.2, 0.6];
const label = 1;
const initial = [new Float64Array(0), Float64Array.from([0.1, 0.5, 0.3, 0.8]), Float64Array.from([0.4, 0.2])];

/**
 * The network on an engine with synchronous clocks of period 1, shown the one example: the clock
 * starts at 0 and the agents tick at k + 1/2, units before synapses.
 */
function agents<P>(engine: EngineKind, net: LayeredNetwork, protocol: Protocol, rule: HopfieldRule<P>, sign: number, scheduler: VirtualScheduler): HopfieldNetwork {
  return hopfieldNetwork(net, {
    scheduler,
    random: new RandomSource(0),
    engine,
    protocol,
    exampleOf: (s) => s.index,
    examples: { images: Float64Array.from(x), labels: [label], count: 1 },
    eps,
    sign,
    rule,
    initial,
  });
}

function lockstep(net: LayeredNetwork): HopfieldBatch {
  const b = new HopfieldBatch(sizes, 1);
  const persistent = [new Float64Array(0), initial[1].slice(), initial[2].slice()];
  b.load(Float64Array.from(x), [label], [0], persistent);
  b.prepare(net);
  return b;
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(tol);
}

describe.each(['reactive', 'event', 'array'] as const)('the network on the %s engine vs the batched relaxation (synchronous timing)', (engine) => {
  it('classic EP: relaxation, stored free state, nudged state and update agree', () => {
    const net = tinyNet();
    const F = 20;
    const C = 4;
    const beta = 0.5;
    const lrs = [0.1, 0.05];
    const scheduler = new VirtualScheduler();
    const rule: HopfieldRule<LearningParams> = {
      rule: classicTwoPhase,
      // The classic rule's update w -= lr (s_clamped - s_free) carries 1/beta in lr.
      params: (g) => ({ lr: lrs[g.kind === 'weight' ? g.layer : g.layer - 1] / beta, wMin: -Infinity, wMax: Infinity }),
      modulator: phaseType,
    };
    const r = agents(engine, net, twoPhase({ free: F, clamped: C, beta }), rule, 1, scheduler);

    const b = lockstep(net);
    b.relax(0, eps, F);
    const free = b.makeSnapshot();
    b.snapshot(free);
    scheduler.runUntil(F - 0.25);
    close(r.states()[1], free[1], 1e-12);
    close(r.states()[2], free[2], 1e-12);

    b.relax(beta, eps, C);
    scheduler.runUntil(F + C - 0.25);
    close(r.states()[1], b.states[1], 1e-12);
    close(r.states()[2], b.states[2], 1e-12);

    // The synapses update when they see the next free phase begin.
    const after = classicReference(net, Float64Array.from(x), free, b.states, 1, beta, lrs);
    scheduler.runUntil(F + C + 0.75);
    const got = r.network();
    for (let l = 0; l < 2; l++) close(got.weights[l], after.weights[l], 1e-12);
    for (let l = 1; l < 3; l++) close(got.biases[l], after.biases[l], 1e-12);
    expect(Math.max(...after.weights[0].map((w, k) => Math.abs(w - net.weights[0][k])))).toBeGreaterThan(1e-3);
    r.stop();
  });

  it('temporal contrastive: the agents on the sawtooth clock and the lockstep cycle agree', () => {
    const net = tinyNet();
    const p: SawtoothParams = { period: 360, rise: 0.1, amplitude: 0.5, levels: 9 };
    const B = 0.1;
    const lr = 1e-4;
    const thetas = { weight: [0.002, 0.002], bias: [0.002, 0.002] };
    const scheduler = new VirtualScheduler();
    const rule: HopfieldRule<TclParams> = {
      rule: temporalContrastive(chemotaxisKernel({ B, area: 0 })),
      params: (g) => ({ lr: lr / p.amplitude, wMin: -Infinity, wMax: Infinity, theta: g.kind === 'weight' ? thetas.weight[g.layer] : thetas.bias[g.layer - 1], linear: false }),
    };
    // One free tick (the lead), then one cycle.
    const r = agents(engine, net, sawtooth({ ...p, lead: 1 }), rule, 1, scheduler);
    scheduler.runUntil(1 + p.period - 0.25);

    // The same timeline as ticks of the lockstep cycle: the beta each tick sees, one relaxation
    // step and one kernel step of 1 per tick, levels chained, filters starting at rest.
    const ticks: CycleTick[] = [{ beta: 0, relax: 1, dt: 1, m: 0 }];
    for (let t = 2; t <= 1 + p.period; t++) ticks.push({ beta: sawtoothAt({ ...p, amplitude: 1 }, t - 1.5).beta, relax: 1, dt: 1, m: 0 });
    const params = (theta: number): TclParams => ({ lr, wMin: -Infinity, wMax: Infinity, theta, linear: false });
    const cycle = new QuasiStaticCycle(sizes, 1, ticks, {
      rule: temporalContrastive(chemotaxisKernel({ B, area: 0 })),
      weights: thetas.weight.map(params),
      biases: thetas.bias.map(params),
      start: 'rest',
      levelStart: 'previous',
    });
    const after = cloneNetwork(net);
    const b = lockstep(net);
    cycle.follow(b, (beta, steps) => b.relax(beta, eps, steps), p.amplitude);
    cycle.learn(after, b, p.amplitude);

    // The agents move their weights at every tick, the lockstep cycle once at the end, so they
    // agree to first order in lr: compare the changes.
    let maxChange = 0;
    const got = r.network();
    for (let l = 0; l < 2; l++) {
      for (let k = 0; k < after.weights[l].length; k++) {
        const want = after.weights[l][k] - net.weights[l][k];
        const have = got.weights[l][k] - net.weights[l][k];
        maxChange = Math.max(maxChange, Math.abs(want));
        expect(Math.abs(have - want)).toBeLessThanOrEqual(1e-3 * Math.abs(want) + 1e-12);
      }
    }
    for (let l = 1; l < 3; l++) {
      for (let k = 0; k < after.biases[l].length; k++) {
        const want = after.biases[l][k] - net.biases[l][k];
        const have = got.biases[l][k] - net.biases[l][k];
        expect(Math.abs(have - want)).toBeLessThanOrEqual(1e-3 * Math.abs(want) + 1e-12);
      }
    }
    expect(maxChange).toBeGreaterThan(1e-7);
    r.stop();
  });

  it('temporal contrastive with lr = 0: the agents trace exactly the states of the lockstep cycle', () => {
    const net = tinyNet();
    const p: SawtoothParams = { period: 90, rise: 0.1, amplitude: 0.5, levels: 9 };
    const scheduler = new VirtualScheduler();
    const rule: HopfieldRule<TclParams> = {
      rule: temporalContrastive(chemotaxisKernel({ B: 0.5, area: 0 })),
      params: () => ({ lr: 0, wMin: -Infinity, wMax: Infinity, theta: 0, linear: true }),
    };
    const r = agents(engine, net, sawtooth({ ...p, lead: 1 }), rule, -1, scheduler);
    const ticks: CycleTick[] = [{ beta: 0, relax: 1, dt: 1, m: 0 }];
    for (let t = 2; t <= 1 + p.period; t++) ticks.push({ beta: sawtoothAt({ ...p, amplitude: 1 }, t - 1.5).beta, relax: 1, dt: 1, m: 0 });
    const none: TclParams = { lr: 0, wMin: -Infinity, wMax: Infinity, theta: 0, linear: true };
    const cycle = new QuasiStaticCycle(sizes, 1, ticks, {
      rule: temporalContrastive(chemotaxisKernel({ B: 0.5, area: 0 })),
      weights: [none, none],
      biases: [none, none],
      start: 'rest',
      levelStart: 'previous',
    });
    const b = lockstep(net);
    cycle.follow(b, (beta, steps) => b.relax(beta, eps, steps), -p.amplitude);
    for (let t = 1; t <= 1 + p.period; t += 7) {
      scheduler.runUntil(t - 0.25);
      const s = cycle.statesAfter(t - 1);
      close(r.states()[1], s[1], 1e-12);
      close(r.states()[2], s[2], 1e-12);
    }
    r.stop();
  });
});
