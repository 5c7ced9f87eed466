import fc from 'fast-check';
import { startTicks } from '../../src/scheduler/agent-clock';
import { RandomSource } from '../../src/scheduler/random';
import { VirtualScheduler } from '../../src/scheduler/virtual-scheduler';
import { runs } from '../support/property-runs';

function runTicks(s: VirtualScheduler, opts: Parameters<typeof startTicks>[1], until: number) {
  const times: number[] = [];
  const dts: number[] = [];
  const sub = startTicks(s, opts, (dt) => {
    times.push(s.now());
    dts.push(dt);
  });
  s.runUntil(until);
  return { times, dts, sub };
}

describe('startTicks without jitter', () => {
  it('ticks at exact multiples of a binary-exact period, first tick one period after start', () => {
    const s = new VirtualScheduler();
    const { times, dts } = runTicks(s, { period: 0.25 }, 10);
    expect(times).toEqual(Array.from({ length: 40 }, (_, k) => 0.25 * (k + 1)));
    expect(dts.every((d) => d === 0.25)).toBe(true);
  });

  it('ticks at start + k * period for any period and start; dt is the elapsed time', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (period, start, n) => {
          const s = new VirtualScheduler();
          s.runUntil(start); // the clock may start late
          const t0 = s.now();
          const { times, dts } = runTicks(s, { period }, t0 + period * (n + 0.5));
          expect(times.length).toBe(n);
          times.forEach((t, k) => {
            const exact = t0 + period * (k + 1);
            expect(Math.abs(t - exact)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(exact)));
            const prev = k === 0 ? t0 : times[k - 1];
            expect(dts[k]).toBe(t - prev);
          });
        },
      ),
      { numRuns: runs(100) },
    );
  });

  it('with an offset, the first tick comes at start + offset with dt one period, then every period', () => {
    const s = new VirtualScheduler();
    s.runUntil(3);
    const { times, dts } = runTicks(s, { period: 1, offset: 0.5 }, 7);
    expect(times).toEqual([3.5, 4.5, 5.5, 6.5]);
    expect(dts).toEqual([1, 1, 1, 1]);
    const t = new VirtualScheduler();
    expect(runTicks(t, { period: 0.25, offset: 0 }, 0.6).times).toEqual([0, 0.25, 0.5]);
  });

  it('jitter 0 needs no rng and draws none', () => {
    const s = new VirtualScheduler();
    const { times } = runTicks(s, { period: 2, jitter: 0 }, 7);
    expect(times).toEqual([2, 4, 6]);
  });

  it('unsubscribing stops the ticks', () => {
    const s = new VirtualScheduler();
    const r = runTicks(s, { period: 1 }, 3.5);
    r.sub.unsubscribe();
    s.runUntil(20);
    expect(r.times).toEqual([1, 2, 3]);
  });
});

describe('startTicks with jitter', () => {
  it('every interval lies in [period(1-j), period(1+j)] and dt equals it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.integer(),
        (period, jitter, seed) => {
          const s = new VirtualScheduler();
          const rng = new RandomSource(seed).stream('clock');
          const { times, dts } = runTicks(s, { period, jitter, rng }, period * 50);
          expect(times.length).toBeGreaterThanOrEqual(25); // at most period*(1+j) < 2 periods each
          const eps = 1e-9 * period * 50;
          times.forEach((t, k) => {
            const prev = k === 0 ? 0 : times[k - 1];
            expect(dts[k]).toBe(t - prev);
            expect(dts[k]).toBeGreaterThanOrEqual(period * (1 - jitter) - eps);
            expect(dts[k]).toBeLessThanOrEqual(period * (1 + jitter) + eps);
          });
        },
      ),
      { numRuns: runs(100) },
    );
  });

  it('the mean interval is the period and the variance (period j)^2 / 3', () => {
    const period = 1.5;
    const jitter = 0.4;
    const s = new VirtualScheduler();
    const rng = new RandomSource(99).stream('node:x');
    const { dts } = runTicks(s, { period, jitter, rng }, period * 50_000);
    const n = dts.length;
    expect(n).toBeGreaterThan(49_000);
    const mean = dts.reduce((a, b) => a + b, 0) / n;
    const variance = dts.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    const sd = (period * jitter) / Math.sqrt(3); // uniform on [p(1-j), p(1+j)]
    expect(Math.abs(mean - period)).toBeLessThanOrEqual((5 * sd) / Math.sqrt(n));
    // Var of the sample variance of a uniform with half-width h: (h^4/5 - h^4/9)/n.
    const h = period * jitter;
    expect(Math.abs(variance - sd * sd)).toBeLessThanOrEqual(5 * Math.sqrt((h ** 4 / 5 - h ** 4 / 9) / n));
  });

  it('two agents with different substreams do not tick in lockstep; the same substream replays', () => {
    const s = new VirtualScheduler();
    const src = new RandomSource(3);
    const a = runTicks(s, { period: 1, jitter: 0.2, rng: src.stream('a') }, 20);
    const s2 = new VirtualScheduler();
    const b = runTicks(s2, { period: 1, jitter: 0.2, rng: src.stream('b') }, 20);
    expect(a.times[0]).not.toBe(b.times[0]);
    const s3 = new VirtualScheduler();
    const a2 = runTicks(s3, { period: 1, jitter: 0.2, rng: new RandomSource(3).stream('a') }, 20);
    expect(a2.times).toEqual(a.times);
  });
});

describe('startTicks argument errors', () => {
  const s = new VirtualScheduler();
  const rng = new RandomSource(1).stream('x');
  it.each([0, -1, NaN, Infinity, -Infinity])('rejects period %p', (period) => {
    expect(() => startTicks(s, { period }, () => undefined)).toThrow(/period/);
    expect(() => startTicks(s, { period }, () => undefined)).toThrow(RangeError);
  });
  it.each([-0.1, 1, 1.5, NaN])('rejects jitter %p', (jitter) => {
    expect(() => startTicks(s, { period: 1, jitter, rng }, () => undefined)).toThrow(/jitter/);
    expect(() => startTicks(s, { period: 1, jitter, rng }, () => undefined)).toThrow(RangeError);
  });
  it.each([-1, NaN, Infinity])('rejects offset %p', (offset) => {
    expect(() => startTicks(s, { period: 1, offset }, () => undefined)).toThrow('tick offset must be finite and >= 0');
  });
  it('rejects jitter > 0 without an rng', () => {
    expect(() => startTicks(s, { period: 1, jitter: 0.1 }, () => undefined)).toThrow(/rng/);
  });
  it('schedules nothing when the arguments are bad', () => {
    const t = new VirtualScheduler();
    expect(() => startTicks(t, { period: -1 }, () => undefined)).toThrow();
    expect(t.pending).toBe(0);
  });
});
