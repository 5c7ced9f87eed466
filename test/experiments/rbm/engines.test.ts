import fc from 'fast-check';
import { Subject } from 'rxjs';
import { RandomSource } from '../../../src/scheduler/random';
import { VirtualScheduler } from '../../../src/scheduler/virtual-scheduler';
import { ClampSignal } from '../../../src/streams/clamp-signal';
import { Contribution } from '../../../src/nodes/node-dynamics';
import { cloneRbm, createRbm } from '../../../src/substrates/rbm/rbm';
import { barsAndStripes } from '../../../src/datasets/bars-and-stripes';
import { RbmChain } from '../../../src/experiments/rbm/rbm-chain';
import { trainLocal } from '../../../src/experiments/rbm/train';
import { runLocalAgents } from '../../../src/experiments/rbm/local-agents-run';
import { nodeAgent } from '../../../src/nodes/node-agent';
import { bernoulliVisible } from '../../../src/substrates/rbm/rbm-substrate';
import { rbmFrom } from '../../../src/substrates/rbm/rbm';
import { visibleLogProbs } from '../../../src/substrates/rbm/exact';
import { sampleVisibleAgents } from '../../../src/experiments/rbm/sample-agents';
import { PhaseLengthArb } from './phase-arbs';
import { runs } from '../../support/property-runs';

/**
 * The RBM substrate on the generic engines (a node agent per unit and a synapse agent per weight
 * and bias on the reactive engine, the same agents over typed arrays on the event engine,
 * synchronous sweeps on the array engine) and the RBM chain of the training code run the same
 * step semantics with the same random draws: every unit draws from its own named substream in
 * all four. So on tiny models they agree bit for bit.
 */
describe.each(['reactive', 'event', 'array'] as const)('%s engine = RBM chain (same draws, bit-identical)', (engine) => {
  it('gives identical weights, biases and final states for temporally local learning', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0.2, max: 0.8, noNaN: true }),
        PhaseLengthArb,
        fc.boolean(),
        (seed, nv, nh, b, length, learnBias) => {
          const random = new RandomSource(seed);
          const dataRng = random.stream('test-data');
          const data = Array.from({ length: 3 }, () => Uint8Array.from({ length: nv }, () => (dataRng.uniform() < 0.5 ? 1 : 0)));
          const rbm0 = createRbm(nv, nh, random.stream('init'), 0.5);
          const p = { b, length, lr: 0.05 };
          const steps = 120;
          const arr = cloneRbm(rbm0);
          const chain = new RbmChain(arr, new RandomSource(seed));
          const at = trainLocal({ rbm: arr, random: new RandomSource(seed), data, budget: steps, evalEvery: steps, onEval: () => undefined, learnBias, chain }, p);
          expect(at.gibbsSteps).toBe(steps);
          const ag = runLocalAgents(rbm0, data, p, seed, steps, learnBias, engine);
          expect(Array.from(ag.rbm.W)).toEqual(Array.from(arr.W));
          expect(Array.from(ag.rbm.bh)).toEqual(Array.from(arr.bh));
          expect(Array.from(ag.v)).toEqual(Array.from(chain.v));
          expect(Array.from(ag.h)).toEqual(Array.from(chain.h));
          // Learning happened, and the bias moved only if it learns.
          expect(Array.from(arr.W)).not.toEqual(Array.from(rbm0.W));
          if (!learnBias) expect(Array.from(arr.bh)).toEqual(Array.from(rbm0.bh));
        },
      ),
      { numRuns: runs(12) },
    );
  });
});

describe.each(['reactive', 'event', 'array'] as const)('%s engine = RBM chain on bars and stripes', (engine) => {
  it('16 visible, 6 hidden, 2000 Gibbs steps of geometric phases (mean 50): identical weights', () => {
    const data = barsAndStripes(4).rows;
    const rbm0 = createRbm(16, 6, new RandomSource(11).stream('init'), 0.01);
    const p = { b: 0.5, length: { geometric: 50 }, lr: 0.005 / 50 };
    const arr = cloneRbm(rbm0);
    trainLocal({ rbm: arr, random: new RandomSource(11), data, budget: 2000, evalEvery: 2000, onEval: () => undefined, learnBias: true }, p);
    const ag = runLocalAgents(rbm0, data, p, 11, 2000, true, engine);
    expect(Array.from(ag.rbm.W)).toEqual(Array.from(arr.W));
    expect(Array.from(ag.rbm.bh)).toEqual(Array.from(arr.bh));
    // The reactive engine is a real agent run: every unit and synapse ticks every step (the event
    // engine runs synchronous timing as the array engine's sweeps).
    if (engine === 'reactive') expect(ag.events).toBeGreaterThan(2000 * (16 * 6 + 6 + 22));
  });
});

describe('agents sample the Boltzmann distribution (matching statistics)', () => {
  it('free-running agents, block-Gibbs or asynchronous on jittered clocks, visit v with the exact p(v)', () => {
    const r = rbmFrom(3, 2, [1.2, -0.8, 0.5, -1, 0.7, 1.5], [-0.5, 0.3]);
    const exact = Array.from(visibleLogProbs(r), Math.exp);
    const tv = (p: ArrayLike<number>) => exact.reduce((s, q, k) => s + Math.abs(q - p[k]), 0) / 2;
    // The test can tell: the exact marginal is far from uniform.
    expect(tv(new Array(8).fill(1 / 8))).toBeGreaterThan(0.15);
    for (const jitter of [0, 0.6]) {
      const p = sampleVisibleAgents(r, 4, { jitter, time: 30000, burnIn: 50, every: 1.37 });
      expect({ jitter, close: tv(p) < 0.03 }).toEqual({ jitter, close: true });
    }
  });
});

describe('visible unit (bernoulliVisible) as a node agent', () => {
  const sig = (z: 0 | 1, t: number): ClampSignal => ({ t, beta: z, phase: z ? 'clamped' : 'free', z, index: 0 });

  it('follows the clock: takes the datum at the clamp edge, holds it without drawing, samples again when freed', () => {
    const scheduler = new VirtualScheduler();
    const clamp = new Subject<ClampSignal>();
    const drive = new Subject<number>();
    const field = new Subject<Contribution>();
    let draws = 0;
    const u = nodeAgent({
      id: 'v0',
      dynamics: bernoulliVisible,
      params: undefined,
      initial: 0,
      scheduler,
      clock: { period: 1, offset: 0.5 },
      contributions: [field],
      clamp,
      drive,
      draws: { uniform: () => (draws++, 0.3) },
    });
    const seen: number[] = [];
    u.state$.subscribe((x) => seen.push(x));
    field.next({ g: 0, i: -10 }); // sigmoid(-10) < 0.3: free samples give 0
    clamp.next(sig(0, 0));
    drive.next(1);
    scheduler.runUntil(2); // free ticks at 0.5, 1.5
    expect(draws).toBe(2);
    expect(u.value()).toBe(0);
    clamp.next(sig(1, 2)); // clamped: the datum at once
    expect(u.value()).toBe(1);
    scheduler.runUntil(4);
    expect(draws).toBe(2); // no draws while clamped
    expect(u.value()).toBe(1);
    drive.next(0); // a new datum while clamped is taken at once
    expect(u.value()).toBe(0);
    drive.next(1);
    clamp.next(sig(0, 4)); // freed: keeps its state until its next tick
    expect(u.value()).toBe(1);
    scheduler.runUntil(5);
    expect(draws).toBe(3);
    expect(u.value()).toBe(0);
    // Published on every tick and every reaction: the changes are 0 -> 1 -> 0 -> 1 -> 0.
    expect(seen.filter((x, k) => k === 0 || x !== seen[k - 1])).toEqual([0, 1, 0, 1, 0]);
    u.stop();
  });

  it('refuses to run stochastic dynamics without a substream', () => {
    const scheduler = new VirtualScheduler();
    const base = { id: 'v1', dynamics: bernoulliVisible, params: undefined, initial: 0, scheduler, clock: { period: 1 } };
    expect(() => nodeAgent({ ...base, contributions: [], clamp: new Subject<ClampSignal>(), drive: new Subject<number>() })).toThrow(
      'node v1: dynamics bernoulli-visible draws, but no substream was given',
    );
    expect(() => nodeAgent({ ...base, contributions: [], drive: new Subject<number>(), draws: { uniform: () => 0 } })).toThrow(/reads clamp but no clamp stream/);
  });
});
