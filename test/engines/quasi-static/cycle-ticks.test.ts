import { sawtoothTicks, twoPhaseTicks } from '../../../src/engines/quasi-static';
import { RandomSource } from '../../../src/scheduler/random';
import { VirtualScheduler } from '../../../src/scheduler/virtual-scheduler';
import { ClampSignal } from '../../../src/streams/clamp-signal';
import { sawtooth } from '../../../src/streams/protocols';

const cycleSpec = { protocol: { period: 2, rise: 0.1, levels: 9 }, relaxPerLevel: 4, riseSubsteps: 1, fallSubsteps: 8 };

describe('the ticks of a quasi-static cycle', () => {
  it('the sawtooth: one level per emission of the clock, with its nudge and duration', () => {
    const ticks = sawtoothTicks(cycleSpec);
    const scheduler = new VirtualScheduler();
    const seen: ClampSignal[] = [];
    const p = { ...cycleSpec.protocol, amplitude: 1 };
    const sub = sawtooth(p).signal({ scheduler, rng: new RandomSource(1).stream('clock') }).subscribe((s) => seen.push(s));
    scheduler.runUntil(p.period - 1e-9);
    sub.unsubscribe();
    // The first tick of each level carries its nudge; the level lasts until the next emission
    // (the last one until the period ends).
    const levels = ticks.slice(1).filter((t) => t.relax > 0);
    expect(levels.map((t) => t.beta)).toEqual(seen.map((s) => s.beta));
    expect(levels.map((t) => t.m)).toEqual(seen.map((s) => s.z));
    let k = 1;
    seen.forEach((s, i) => {
      const end = i + 1 < seen.length ? seen[i + 1].t : p.period;
      let d = 0;
      do d += ticks[k++].dt;
      while (k < ticks.length && ticks[k].relax === 0);
      expect(d).toBeCloseTo(end - s.t, 12);
    });
    expect(ticks[0]).toEqual({ beta: 0, relax: 0, dt: 0, m: 0 });
    expect(levels.map((t) => t.beta * 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((v) => expect.closeTo(v, 12)));
  });

  it('two phases: the free state, the nudged phase of C steps, the edge back to free', () => {
    expect(twoPhaseTicks(4)).toEqual([
      { beta: 0, relax: 0, dt: 0, m: 0 },
      { beta: 1, relax: 4, dt: 4, m: 1 },
      { beta: 0, relax: 0, dt: 0, m: 0 },
    ]);
  });

  it('refuses cycles that cannot be built, naming the field', () => {
    expect(() => twoPhaseTicks(0)).toThrow('nudgedSteps');
    expect(() => sawtoothTicks({ ...cycleSpec, fallSubsteps: 1.5 })).toThrow('cycle.fallSubsteps');
  });
});
