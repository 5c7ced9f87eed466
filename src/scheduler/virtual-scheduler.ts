import { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import { EventHeap } from './event-heap';

/**
 * One scheduled unit of work. RxJS operators (timer, interval, delay, observeOn) reschedule
 * an action by calling `this.schedule(state, delay)` from inside its work; a reschedule
 * supersedes any pending entry of the same action (the stale heap entry is skipped on pop).
 */
class VirtualAction<T> extends Subscription implements VirtualScheduledAction<T> {
  /** seq of the heap entry that is currently valid for this action, or -1 if none. */
  pendingSeq = -1;
  private state: T | undefined;

  constructor(
    private readonly scheduler: VirtualScheduler,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
    /** Runs after the ordinary events of its time (scheduleObserverAt). */
    readonly observer = false,
  ) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.scheduler.enqueue(this as VirtualAction<unknown>, delay);
    return this;
  }

  /** Reschedules at an absolute simulated time (see VirtualScheduler.scheduleAt). */
  scheduleAt(state: T | undefined, at: number): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.scheduler.enqueueAt(this as VirtualAction<unknown>, at);
    return this;
  }

  execute(): void {
    this.pendingSeq = -1;
    this.work.call(this, this.state);
  }
}

/**
 * Observers' insertion numbers start here, so at equal times they sort after every ordinary
 * event (2^52 insertions would take centuries; the sum stays an exact double).
 */
const OBSERVER_LANE = 2 ** 52;

/** An action of this scheduler: it can also reschedule itself at an absolute time. */
export interface VirtualScheduledAction<T> extends SchedulerAction<T> {
  scheduleAt(state: T | undefined, at: number): Subscription;
}

/**
 * An event queue kept outside the heap (the event engine's typed-array queue), merged into the
 * scheduler's (time, insertion order) order: its entries take their insertion numbers from
 * nextSeq(), so they tie-break against the heap's exactly as if they had been scheduled here.
 */
export interface EventSource {
  /** Time of its next event (Infinity if none). */
  headTime(): number;
  /** Insertion number of its next event. */
  headSeq(): number;
  /** Runs its next event; the scheduler has set now() to its time. */
  runHead(): void;
}

/** Why a run stopped. */
export type StopReason = 'time' | 'idle' | 'predicate' | 'stopped';

/**
 * Discrete-event scheduler in simulated (virtual) time. Implements RxJS SchedulerLike, so any
 * RxJS time-based operator given this scheduler runs in simulated time, deterministically:
 * events are ordered by (time, insertion order). Each event costs O(log pending).
 */
export class VirtualScheduler implements SchedulerLike {
  private readonly heap = new EventHeap<VirtualAction<unknown>>();
  private time = 0;
  private seq = 0;
  private executed = 0;
  private stopRequested = false;
  private sources: EventSource[] = [];

  constructor(startTime = 0) {
    if (!Number.isFinite(startTime)) throw new RangeError(`startTime must be finite, got ${startTime}`);
    this.time = startTime;
  }

  /** Current simulated time. */
  now(): number {
    return this.time;
  }

  /** Number of events executed since creation. */
  get eventCount(): number {
    return this.executed;
  }

  /** Number of entries in the queue (stale entries of rescheduled actions included). */
  get pending(): number {
    return this.heap.size;
  }

  /** RxJS SchedulerLike: runs work after delay units of virtual time. */
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const action = new VirtualAction<T>(this, work);
    return action.schedule(state, delay);
  }

  /**
   * Schedules `work` at the absolute simulated time `at` (>= now). Use this wherever an absolute
   * time is meant: `schedule(work, at - now())` does not round-trip in floating point
   * (now + (at - now) can differ from `at` in the last bit), which can reorder two events meant
   * for the same or for adjacent times.
   */
  scheduleAt<T>(work: (this: VirtualScheduledAction<T>, state?: T) => void, at: number, state?: T): Subscription {
    const action = new VirtualAction<T>(this, work as (this: SchedulerAction<T>, state?: T) => void);
    return action.scheduleAt(state, at);
  }

  /**
   * Schedules an observer (a probe, a recorder) at the absolute time `at`: it runs after every
   * ordinary event due at `at`, whenever those were scheduled, so it sees the state the
   * instant ends in. Observer events do not count in `eventCount`, so watching a run does not
   * change what it reports.
   */
  scheduleObserverAt<T>(work: (this: VirtualScheduledAction<T>, state?: T) => void, at: number, state?: T): Subscription {
    const action = new VirtualAction<T>(this, work as (this: SchedulerAction<T>, state?: T) => void, true);
    return action.scheduleAt(state, at);
  }

  /** Takes the next insertion number, as scheduling an ordinary event would (for an EventSource). */
  nextSeq(): number {
    return this.seq++;
  }

  /** Merges an external queue into this scheduler's order until detached. */
  attachSource(source: EventSource): void {
    this.sources = [...this.sources, source];
  }

  /** Stops merging a queue attached with attachSource (its engine stopped). */
  detachSource(source: EventSource): void {
    this.sources = this.sources.filter((s) => s !== source);
  }

  /** The attached source whose head comes first, or undefined. */
  private firstSource(): EventSource | undefined {
    const ss = this.sources;
    if (ss.length === 0) return undefined;
    if (ss.length === 1) return ss[0].headTime() === Infinity ? undefined : ss[0];
    let best = ss[0];
    for (let k = 1; k < ss.length; k++) {
      const t = ss[k].headTime();
      const bt = best.headTime();
      if (t < bt || (t === bt && ss[k].headSeq() < best.headSeq())) best = ss[k];
    }
    return best.headTime() === Infinity ? undefined : best;
  }

  /** Time of the next pending entry, in the heap or an attached source. */
  private nextTime(): number {
    const src = this.firstSource();
    const t = this.heap.peekTime();
    return src === undefined ? t : Math.min(t, src.headTime());
  }

  /** @internal used by actions to (re)enter the queue. */
  enqueue(action: VirtualAction<unknown>, delay: number): void {
    if (!(delay >= 0) || !Number.isFinite(delay)) {
      throw new RangeError(`schedule delay must be a finite number >= 0, got ${delay}`);
    }
    this.push(action, this.time + delay);
  }

  /** @internal absolute-time variant of enqueue. */
  enqueueAt(action: VirtualAction<unknown>, at: number): void {
    if (!(at >= this.time) || !Number.isFinite(at)) {
      throw new RangeError(`scheduleAt: time must be finite and >= now (${this.time}), got ${at}`);
    }
    this.push(action, at);
  }

  private push(action: VirtualAction<unknown>, at: number): void {
    const s = action.observer ? OBSERVER_LANE + this.seq++ : this.seq++;
    action.pendingSeq = s;
    this.heap.push(at, s, action);
  }

  /**
   * Runs the single next live event due at or before `limit`. Returns false if there is none
   * (stale entries of cancelled or rescheduled actions are discarded on the way).
   */
  step(limit = Infinity): boolean {
    const src = this.firstSource();
    while (this.heap.size > 0 || src !== undefined) {
      const t = this.heap.peekTime();
      const s = this.heap.peekSeq();
      if (src !== undefined) {
        const st = src.headTime();
        if (st < t || (st === t && src.headSeq() < s)) {
          if (st > limit) return false;
          this.time = st;
          this.executed++;
          src.runHead();
          return true;
        }
      }
      if (t > limit) return false;
      const action = this.heap.pop()!;
      if (action.closed || action.pendingSeq !== s) continue;
      this.time = t;
      if (s < OBSERVER_LANE) this.executed++;
      action.execute();
      return true;
    }
    return false;
  }

  /**
   * Runs events due at or before `t`, then sets the clock to `t`. Stops early, without
   * advancing the clock past the last event, if `until` returns true after an event or
   * stop() is called.
   */
  runUntil(t: number, until?: () => boolean): StopReason {
    if (Number.isNaN(t)) throw new RangeError('runUntil: time is NaN');
    this.stopRequested = false;
    // step(t) is false once no live event is due by t (per event, one look at each queue).
    for (;;) {
      if (!this.step(t)) break;
      if (this.stopRequested) return 'stopped';
      if (until !== undefined && until()) return 'predicate';
    }
    if (t !== Infinity && t > this.time) this.time = t;
    return this.nextTime() === Infinity && t === Infinity ? 'idle' : 'time';
  }

  /** Runs for `dt` of simulated time from now. */
  runFor(dt: number, until?: () => boolean): StopReason {
    if (!(dt >= 0)) throw new RangeError(`runFor: dt must be >= 0, got ${dt}`);
    return this.runUntil(this.time + dt, until);
  }

  /** Runs until `until` holds (checked after each event), nothing is pending, or maxTime. */
  runWhileNot(until: () => boolean, maxTime = Infinity): StopReason {
    return this.runUntil(maxTime, until);
  }

  /** Asks a running loop to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }
}
