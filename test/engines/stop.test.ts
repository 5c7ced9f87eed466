import fc from 'fast-check';
import { RandomSource, VirtualScheduler, sawtooth } from '../../src';
import { arrayEngine } from '../../src/engines/array-engine';
import { reactiveEngine } from '../../src/engines/reactive-engine';
import { hopfieldSubstrate } from '../../src/substrates/hopfield/hopfield-substrate';
import { layeredArb } from '../support/hopfield-case';

const protocol = sawtooth({ period: 7.3, rise: 0.2, amplitude: 0.8, levels: 4 });

describe('stop', () => {
  it.each(['reactive', 'array'] as const)('%s: stops the clamp clock the engine made: nothing is scheduled afterwards', (engine) => {
    const h = fc.sample(layeredArb, { seed: 7, numRuns: 1 })[0];
    const sub = hopfieldSubstrate(h.net, { x: h.x, label: h.label }, { eps: h.eps, sign: h.sign });
    const scheduler = new VirtualScheduler();
    const build = engine === 'reactive' ? reactiveEngine : arrayEngine;
    const run = build(sub, { scheduler, random: new RandomSource(1), timing: { tau: 1, nodePeriod: 1, synapsePeriod: 1, rateSpread: 1, jitter: 0 }, protocol });
    scheduler.runUntil(10.5);
    const before = scheduler.eventCount;
    expect(before).toBeGreaterThan(10);
    run.stop();
    scheduler.runUntil(100);
    expect(scheduler.eventCount).toBe(before);
  });
});
