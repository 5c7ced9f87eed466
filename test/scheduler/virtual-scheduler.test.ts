import fc from 'fast-check';
import { SchedulerAction, Subscription, delay, interval, observeOn, of, take, timer } from 'rxjs';
import { VirtualScheduler } from '../../src/scheduler/virtual-scheduler';
import { runs } from '../support/property-runs';

/** Subscribes and records (simulated arrival time, value) pairs. */
function collect<T>(s: VirtualScheduler, source: import('rxjs').Observable<T>) {
  const got: Array<[number, T]> = [];
  let completedAt: number | undefined;
  const sub = source.subscribe({
    next: (v) => got.push([s.now(), v]),
    complete: () => (completedAt = s.now()),
  });
  return { got, sub, completedAt: () => completedAt };
}

describe('VirtualScheduler as an RxJS SchedulerLike', () => {
  let setTimeoutSpy: jest.SpyInstance;
  let setIntervalSpy: jest.SpyInstance;
  beforeEach(() => {
    setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    setIntervalSpy = jest.spyOn(global, 'setInterval');
  });
  afterEach(() => {
    // No wall clock: nothing in a simulated run may reach for the host timers.
    expect(setTimeoutSpy).not.toHaveBeenCalled();
    expect(setIntervalSpy).not.toHaveBeenCalled();
    jest.restoreAllMocks();
  });

  it('timer(due) emits 0 at exactly `due` and completes', () => {
    const s = new VirtualScheduler();
    const r = collect(s, timer(7.25, s));
    s.runUntil(7.2);
    expect(r.got).toEqual([]);
    s.runUntil(100);
    expect(r.got).toEqual([[7.25, 0]]);
    expect(r.completedAt()).toBe(7.25);
  });

  it('timer(due, period) emits n at due + n * period', () => {
    const s = new VirtualScheduler();
    const r = collect(s, timer(3, 2, s).pipe(take(6)));
    s.runUntil(Infinity);
    expect(r.got).toEqual([0, 1, 2, 3, 4, 5].map((n) => [3 + 2 * n, n]));
  });

  it('interval(p) emits n at (n + 1) * p, in simulated time only', () => {
    const s = new VirtualScheduler();
    const r = collect(s, interval(0.5, s));
    // A year of simulated half-seconds would take forever on the wall clock.
    const wall = Date.now();
    s.runUntil(1000);
    expect(Date.now() - wall).toBeLessThan(5000);
    expect(r.got.length).toBe(2000);
    r.got.forEach(([t, n], i) => {
      expect(n).toBe(i);
      expect(t).toBe((i + 1) * 0.5);
    });
    expect(s.now()).toBe(1000);
    r.sub.unsubscribe();
  });

  it('delay(d) shifts every emission by d', () => {
    const s = new VirtualScheduler();
    const r = collect(s, interval(1, s).pipe(take(4), delay(0.5, s)));
    s.runUntil(Infinity);
    expect(r.got).toEqual([
      [1.5, 0],
      [2.5, 1],
      [3.5, 2],
      [4.5, 3],
    ]);
    expect(r.completedAt()).toBe(4.5);
  });

  it('delay(d) on a synchronous source delivers everything at d', () => {
    const s = new VirtualScheduler(10);
    const r = collect(s, of('a', 'b', 'c').pipe(delay(4, s)));
    expect(r.got).toEqual([]);
    s.runUntil(Infinity);
    expect(r.got).toEqual([
      [14, 'a'],
      [14, 'b'],
      [14, 'c'],
    ]);
  });

  it('observeOn(s) moves synchronous emissions into the queue; observeOn(s, d) delays by d', () => {
    const s = new VirtualScheduler();
    const a = collect(s, of(1, 2, 3).pipe(observeOn(s)));
    const b = collect(s, of(1, 2).pipe(observeOn(s, 2.5)));
    expect(a.got).toEqual([]);
    expect(b.got).toEqual([]);
    s.runUntil(Infinity);
    expect(a.got).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
    ]);
    expect(b.got).toEqual([
      [2.5, 1],
      [2.5, 2],
    ]);
  });

  it('unsubscribing an interval stops it: no more emissions, nothing executed', () => {
    const s = new VirtualScheduler();
    const r = collect(s, interval(1, s));
    s.runUntil(3.5);
    r.sub.unsubscribe();
    const count = s.eventCount;
    s.runUntil(100);
    expect(r.got.map(([t]) => t)).toEqual([1, 2, 3]);
    expect(s.eventCount).toBe(count);
  });
});

describe('VirtualScheduler run control', () => {
  it('now() starts at the start time and is readable inside an action', () => {
    const s = new VirtualScheduler(42);
    expect(s.now()).toBe(42);
    const seen: number[] = [];
    s.schedule(() => seen.push(s.now()), 8);
    s.runUntil(Infinity);
    expect(seen).toEqual([50]);
  });

  it('rejects a non-finite start time and bad delays / horizons', () => {
    expect(() => new VirtualScheduler(NaN)).toThrow(RangeError);
    expect(() => new VirtualScheduler(Infinity)).toThrow(RangeError);
    const s = new VirtualScheduler();
    expect(() => s.schedule(() => undefined, -1)).toThrow(RangeError);
    expect(() => s.schedule(() => undefined, NaN)).toThrow(RangeError);
    expect(() => s.schedule(() => undefined, Infinity)).toThrow(RangeError);
    expect(() => s.runUntil(NaN)).toThrow(RangeError);
    expect(() => s.runFor(-1)).toThrow(RangeError);
    expect(() => s.runFor(NaN)).toThrow(RangeError);
  });

  it('runUntil(t) runs events due at or before t, then sets the clock to t', () => {
    const s = new VirtualScheduler();
    const ran: number[] = [];
    for (const d of [1, 5, 5.0000001, 9]) s.schedule(() => ran.push(d), d);
    expect(s.runUntil(5)).toBe('time');
    expect(ran).toEqual([1, 5]);
    expect(s.now()).toBe(5);
    expect(s.runUntil(8)).toBe('time');
    expect(ran).toEqual([1, 5, 5.0000001]);
    expect(s.now()).toBe(8);
    // A horizon in the past neither runs anything nor moves the clock back.
    expect(s.runUntil(2)).toBe('time');
    expect(s.now()).toBe(8);
    expect(ran).toEqual([1, 5, 5.0000001]);
  });

  it('runUntil(Infinity) drains the queue and reports idle, leaving the clock at the last event', () => {
    const s = new VirtualScheduler();
    s.schedule(() => undefined, 3);
    s.schedule(() => undefined, 11);
    expect(s.runUntil(Infinity)).toBe('idle');
    expect(s.now()).toBe(11);
    expect(s.pending).toBe(0);
    expect(s.eventCount).toBe(2);
  });

  it('runFor(dt) runs for dt from the current time', () => {
    const s = new VirtualScheduler(100);
    const ran: number[] = [];
    s.schedule(() => ran.push(s.now()), 4);
    s.schedule(() => ran.push(s.now()), 6);
    expect(s.runFor(5)).toBe('time');
    expect(ran).toEqual([104]);
    expect(s.now()).toBe(105);
    s.runFor(0);
    expect(s.now()).toBe(105);
    s.runFor(1);
    expect(ran).toEqual([104, 106]);
    expect(s.now()).toBe(106);
  });

  it('step() runs exactly one event and returns false when nothing is pending', () => {
    const s = new VirtualScheduler();
    const ran: string[] = [];
    s.schedule(() => ran.push('b'), 2);
    s.schedule(() => ran.push('a'), 1);
    expect(s.step()).toBe(true);
    expect(ran).toEqual(['a']);
    expect(s.now()).toBe(1);
    expect(s.step()).toBe(true);
    expect(ran).toEqual(['a', 'b']);
    expect(s.now()).toBe(2);
    expect(s.step()).toBe(false);
    expect(s.now()).toBe(2);
  });

  it('step(limit) runs nothing due after limit', () => {
    const s = new VirtualScheduler();
    const ran: number[] = [];
    s.schedule(() => ran.push(1), 1).unsubscribe();
    s.schedule(() => ran.push(5), 5);
    expect(s.step(3)).toBe(false);
    expect(ran).toEqual([]);
    expect(s.now()).toBe(0);
    expect(s.step(5)).toBe(true);
    expect(ran).toEqual([5]);
  });

  it('step() skips cancelled actions', () => {
    const s = new VirtualScheduler();
    const ran: string[] = [];
    s.schedule(() => ran.push('x'), 1).unsubscribe();
    s.schedule(() => ran.push('y'), 2);
    expect(s.step()).toBe(true);
    expect(ran).toEqual(['y']);
    expect(s.step()).toBe(false);
    expect(s.eventCount).toBe(1);
  });

  it('runWhileNot(pred) stops right after the event that makes pred true, without moving the clock on', () => {
    const s = new VirtualScheduler();
    let count = 0;
    for (let i = 1; i <= 10; i++) s.schedule(() => count++, i);
    expect(s.runWhileNot(() => count >= 4)).toBe('predicate');
    expect(count).toBe(4);
    expect(s.now()).toBe(4);
    // maxTime bounds the run if the predicate never holds.
    expect(s.runWhileNot(() => count >= 100, 7.5)).toBe('time');
    expect(count).toBe(7);
    expect(s.now()).toBe(7.5);
    // Without a bound the run ends when the queue is empty.
    expect(s.runWhileNot(() => false)).toBe('idle');
    expect(count).toBe(10);
  });

  it('runUntil/runFor accept a stop predicate too', () => {
    const s = new VirtualScheduler();
    const r = collect(s, interval(1, s));
    expect(s.runUntil(100, () => r.got.length === 3)).toBe('predicate');
    expect(s.now()).toBe(3);
    expect(s.runFor(100, () => r.got.length === 5)).toBe('predicate');
    expect(s.now()).toBe(5);
    r.sub.unsubscribe();
  });

  it('stop() from inside an event ends the run after that event; later events stay pending', () => {
    const s = new VirtualScheduler();
    const ran: number[] = [];
    for (let i = 1; i <= 5; i++) {
      s.schedule(() => {
        ran.push(i);
        if (i === 2) s.stop();
      }, i);
    }
    expect(s.runUntil(10)).toBe('stopped');
    expect(ran).toEqual([1, 2]);
    expect(s.now()).toBe(2);
    // A new run clears the stop request and carries on.
    expect(s.runUntil(10)).toBe('time');
    expect(ran).toEqual([1, 2, 3, 4, 5]);
  });

  it('ties at the same time run in insertion order, including events added during the tie', () => {
    const s = new VirtualScheduler();
    const order: string[] = [];
    s.schedule(() => {
      order.push('a');
      s.schedule(() => order.push('a0'), 0); // same time, but inserted after b and c
    }, 5);
    s.schedule(() => order.push('b'), 5);
    s.schedule(() => order.push('c'), 5);
    s.schedule(() => order.push('early'), 4.999);
    s.runUntil(Infinity);
    expect(order).toEqual(['early', 'a', 'b', 'c', 'a0']);
  });

  it('any batch of actions runs in (time, insertion) order, each at its own time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }).map((n) => n / 4), { maxLength: 80 }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        (delays, start) => {
          const s = new VirtualScheduler(start);
          const seen: Array<[number, number]> = [];
          delays.forEach((d, i) => s.schedule(() => seen.push([s.now(), i]), d));
          s.runUntil(Infinity);
          const expected = delays
            .map((d, i) => [start + d, i] as [number, number])
            .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
          expect(seen).toEqual(expected);
          expect(s.eventCount).toBe(delays.length);
        },
      ),
    );
  });

  it('cancelled actions never run, whatever the subset', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 60 }),
        fc.integer({ min: 0, max: 25 }),
        (specs, horizon) => {
          const s = new VirtualScheduler();
          const ran = new Set<number>();
          const subs = specs.map(([d], i) => s.schedule(() => ran.add(i), d));
          specs.forEach(([, cancel], i) => cancel && subs[i].unsubscribe());
          s.runUntil(horizon);
          specs.forEach(([d, cancel], i) => expect(ran.has(i)).toBe(!cancel && d <= horizon));
          expect(s.eventCount).toBe(ran.size);
          expect(s.now()).toBe(horizon);
        },
      ),
    );
  });

  it('runUntil(t) never runs an event due after t, even behind cancelled or superseded entries', () => {
    const s = new VirtualScheduler();
    const ran: number[] = [];
    s.schedule(() => ran.push(1), 5).unsubscribe(); // stale entry at 5
    s.schedule(() => ran.push(2), 20);
    expect(s.runUntil(10)).toBe('time');
    expect(ran).toEqual([]);
    expect(s.now()).toBe(10);

    // A rescheduled action leaves a stale entry at its old time.
    const t = new VirtualScheduler();
    const hits: number[] = [];
    const action = t.schedule(() => hits.push(t.now()), 3) as unknown as SchedulerAction<unknown>;
    action.schedule(undefined, 30);
    expect(t.runUntil(10)).toBe('time');
    expect(hits).toEqual([]);
    expect(t.now()).toBe(10);
    t.runUntil(Infinity);
    expect(hits).toEqual([30]);
  });

  it('a recursive action reschedules itself with this.schedule(state, delay)', () => {
    const s = new VirtualScheduler();
    const seen: Array<[number, number]> = [];
    s.schedule<number>(
      function (state) {
        seen.push([s.now(), state!]);
        if (state! < 5) this.schedule(state! + 1, state! + 1); // delays 1, 2, 3, 4, 5
      },
      0,
      0,
    );
    s.runUntil(Infinity);
    // Times are the triangular numbers 0, 1, 3, 6, 10, 15.
    expect(seen).toEqual([0, 1, 2, 3, 4, 5].map((k) => [(k * (k + 1)) / 2, k]));
    expect(s.eventCount).toBe(6);
  });

  it('rescheduling a pending action supersedes its earlier entry (it runs once)', () => {
    const s = new VirtualScheduler();
    const seen: Array<[number, string]> = [];
    const action = s.schedule<string>((st) => seen.push([s.now(), st!]), 2, 'first') as unknown as SchedulerAction<string>;
    action.schedule('second', 7);
    s.runUntil(Infinity);
    expect(seen).toEqual([[7, 'second']]);
    expect(s.eventCount).toBe(1);
  });

  it('unsubscribing a recursive action from inside stops it; an unsubscribed action ignores schedule()', () => {
    const s = new VirtualScheduler();
    let n = 0;
    const sub: Subscription = s.schedule(function () {
      n++;
      if (n === 3) this.unsubscribe();
      this.schedule(undefined, 1);
    }, 1);
    s.runUntil(Infinity);
    expect(n).toBe(3);
    expect(s.now()).toBe(3);
    expect(sub.closed).toBe(true);
  });

  it('eventCount counts executed events only', () => {
    const s = new VirtualScheduler();
    expect(s.eventCount).toBe(0);
    const r = collect(s, interval(2, s));
    s.schedule(() => undefined, 1).unsubscribe();
    s.runUntil(9);
    expect(r.got.length).toBe(4); // 2, 4, 6, 8
    expect(s.eventCount).toBe(4);
    s.schedule(() => undefined, 0);
    s.step();
    expect(s.eventCount).toBe(5);
    r.sub.unsubscribe();
  });
});

describe('VirtualScheduler.scheduleAt (absolute time)', () => {
  it('runs each action at exactly its time, in (time, insertion) order, from any clock reading', () => {
    // Arbitrary doubles, so that now + (at - now) !== at happens; scheduleAt must not care.
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (start, offsets, advance) => {
          const s = new VirtualScheduler(start);
          s.runFor(advance); // the clock now reads a value that is not a round number
          const times = offsets.map((o) => s.now() + o);
          const seen: Array<[number, number]> = [];
          times.forEach((at, i) => s.scheduleAt(() => seen.push([s.now(), i]), at));
          s.runUntil(Infinity);
          const expected = times.map((at, i) => [at, i] as [number, number]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it('a recursive action reschedules itself at absolute times with this.scheduleAt', () => {
    const s = new VirtualScheduler(0.1);
    const at: number[] = [];
    s.scheduleAt(function tick(k?: number) {
      at.push(s.now());
      if (k! < 9) this.scheduleAt(k! + 1, 0.1 + (k! + 1) * 0.3);
    }, 0.1, 0);
    s.runUntil(Infinity);
    expect(at).toEqual(Array.from({ length: 10 }, (_, k) => 0.1 + k * 0.3));
  });

  it('rejects a time in the past or non-finite', () => {
    const s = new VirtualScheduler(5);
    expect(() => s.scheduleAt(() => undefined, 4.999)).toThrow(/scheduleAt: time must be finite and >= now/);
    expect(() => s.scheduleAt(() => undefined, Infinity)).toThrow(RangeError);
    expect(() => s.scheduleAt(() => undefined, NaN)).toThrow(RangeError);
  });
});
