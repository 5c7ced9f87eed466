import fc from 'fast-check';
import { RandomSource } from '../../src/scheduler/random';
import { VirtualScheduler } from '../../src/scheduler/virtual-scheduler';
import { ClampSignal } from '../../src/streams/clamp-signal';
import { clampClock } from '../../src/streams/clock';
import { ClockReader } from '../../src/streams/clock-reader';
import { constant, sawtooth, sawtoothAt, stochasticPhases } from '../../src/streams/protocols';
import { runs } from '../support/property-runs';

describe('ClockReader (the clock adapter)', () => {
  it('reads exactly the signals an engine clock emits from the same substream, with their durations', () => {
    fc.assert(
      fc.property(fc.nat(1e6), fc.double({ min: 0.1, max: 0.9, noNaN: true }), (seed, b) => {
        const protocol = stochasticPhases({ b, beta: 0.7, length: { uniform: [0.3, 2.1] } });
        const scheduler = new VirtualScheduler();
        const emitted: ClampSignal[] = [];
        const sub = clampClock(protocol, { scheduler, rng: new RandomSource(seed).stream('clock') }).subscribe((s) => emitted.push(s));
        scheduler.runUntil(30);
        sub.unsubscribe();
        const reader = new ClockReader(protocol, new RandomSource(seed).stream('clock'));
        for (let k = 0; k + 1 < emitted.length; k++) {
          const seg = reader.next();
          expect(seg.signal).toEqual(emitted[k]);
          expect(seg.duration).toBe(emitted[k + 1].t - emitted[k].t);
        }
        reader.stop();
      }),
      { numRuns: runs(30) },
    );
  });

  it("gives a quantised sawtooth's first cycle: 2L levels with the closed form's nudges, summing to the period", () => {
    const p = { period: 3, rise: 0.2, amplitude: 2, levels: 5 };
    const reader = new ClockReader(sawtooth(p), new RandomSource(1).stream('clock'));
    const cycle = reader.firstCycle();
    reader.stop();
    expect(cycle).toHaveLength(10);
    let t = 0;
    for (const { signal, duration } of cycle) {
      expect(signal.beta).toBe(sawtoothAt(p, t + duration / 2).beta);
      t += duration;
    }
    expect(t).toBeCloseTo(3, 12);
  });

  it('gives a constant protocol one segment that lasts forever', () => {
    const reader = new ClockReader(constant({ beta: 0.5 }), new RandomSource(1).stream('clock'));
    const seg = reader.next();
    expect(seg.duration).toBe(Infinity);
    expect(seg.signal.beta).toBe(0.5);
    expect(() => reader.next()).toThrow('protocol: expected a clock that emits');
  });
});
