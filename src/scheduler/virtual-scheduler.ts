import { Subscription } from '../rx';
import type { SchedulerAction, SchedulerLike } from 'rxjs';
import { SpecError } from '../errors';
import { EventHeap } from './event-heap';

/**
 * One scheduled unit of work. RxJS operators (timer, interval, delay, observeOn) reschedule
 * an action by calling `this.schedule(state, delay)` from inside its work; a reschedule
 * supersedes any pending entry of the same action (the stale heap entry is skipped on pop).
 */
class VirtualAction<T> extends Subscription implements VirtualScheduledAction<T> {
  /** seq of the heap entry that is currently valid for this action, or -1 if none. */
  pendingSeq = -1;
  /** Time of that entry. */
  pendingAt = NaN;
  /**
   * Its index among the scheduler's restorable actions; OWNED if the code that scheduled it saves
   * and restores it itself (scheduleOwnedAt); -1 if no snapshot can describe it.
   */
  restoreId = -1;
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

  /** The state its work will get (a snapshot keeps it if it is a number). */
  get pendingState(): T | undefined {
    return this.state;
  }

  /** Re-enters the queue as a snapshot recorded it: same time, same insertion number. */
  restoreAt(state: T | undefined, keepState: boolean, at: number, seq: number): void {
    if (!keepState) this.state = state;
    this.scheduler.pushRestored(this as VirtualAction<unknown>, at, seq);
  }

  execute(): void {
    this.pendingSeq = -1;
    this.work.call(this, this.state);
  }
}

/** restoreId of an action whose owner snapshots it (VirtualScheduler.scheduleOwnedAt). */
const OWNED = -2;

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

/** An event of scheduleOwnedAt: its insertion number (for its owner's snapshot), and cancel. */
export interface OwnedEvent {
  /** Its insertion number (-1 once it has run or been cancelled). */
  readonly pendingSeq: number;
  /** Cancels it. */
  unsubscribe(): void;
}

/** One pending event in a snapshot: which restorable action, when, its insertion number, and its state if that is a number. */
export interface PendingEvent {
  /** Index of the action among the scheduler's restorable actions. */
  action: number;
  /** Simulated time it is due. */
  at: number;
  /** Insertion number (ties at equal times run in this order). */
  seq: number;
  /** The state its work gets, if a number (a protocol's segment count); otherwise the action keeps its own. */
  state?: number;
}

/** The scheduler's part of a snapshot: its clock, counters and pending events. */
export interface SchedulerSnapshot {
  time: number;
  /** Next insertion number. */
  seq: number;
  /** Events executed so far (eventCount). */
  executed: number;
  /** How many restorable actions the engine had made (a freshly built twin must have made as many). */
  restorables: number;
  /** Pending events of restorable actions, by insertion number. */
  pending: PendingEvent[];
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
  private readonly restorables: VirtualAction<unknown>[] = [];
  /**
   * True while an ordinary event runs (a snapshot then would miss its agent's next tick), and
   * after one that threw: the run stopped halfway through that event, which no snapshot describes.
   */
  private inEvent = false;

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

  /**
   * scheduleAt for a one-off event whose owner describes it in its own snapshot (a message in
   * flight: its time, insertion number and value) and re-creates it on restore with
   * restoreOwnedAt; the scheduler's snapshot leaves it out.
   */
  scheduleOwnedAt<T>(work: (this: VirtualScheduledAction<T>, state?: T) => void, at: number, state: T): OwnedEvent {
    const action = new VirtualAction<T>(this, work as (this: SchedulerAction<T>, state?: T) => void);
    action.restoreId = OWNED;
    action.scheduleAt(state, at);
    return action;
  }

  /** Re-creates an event of scheduleOwnedAt as a snapshot recorded it (after restore()). */
  restoreOwnedAt<T>(work: (this: VirtualScheduledAction<T>, state?: T) => void, at: number, seq: number, state: T): OwnedEvent {
    if (!(seq < this.seq && at >= this.time)) throw new SpecError('snapshot: an event in flight', `a time >= ${this.time} and an insertion number below ${this.seq}`, { at, seq });
    const action = new VirtualAction<T>(this, work as (this: SchedulerAction<T>, state?: T) => void);
    action.restoreId = OWNED;
    action.restoreAt(state, false, at, seq);
    return action;
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
    action.pendingAt = at;
    this.heap.push(at, s, action);
  }

  /** @internal a restored entry keeps its recorded insertion number. */
  pushRestored(action: VirtualAction<unknown>, at: number, seq: number): void {
    action.pendingSeq = seq;
    action.pendingAt = at;
    this.heap.push(at, seq, action);
  }

  /**
   * Marks an action (what schedule or scheduleAt returned) as one a snapshot can describe: an
   * engine's recurring work (an agent's clock, the clamp protocol's emitter), made when the engine
   * is built, in the same order every time, whose state is the engine's (saved by the engine) or
   * a number. A freshly built twin of the engine makes the same actions in the same order, so a
   * snapshot names an action by its index among them.
   */
  restorable(action: Subscription): void {
    if (!(action instanceof VirtualAction) || action.restoreId >= 0) return;
    action.restoreId = this.restorables.length;
    this.restorables.push(action);
  }

  /**
   * The scheduler's part of a snapshot. Every pending event must belong to a restorable action:
   * one scheduled by other code (an RxJS delay or timer holding a value in flight, a data stream's
   * next example) carries closures no snapshot can hold, so this refuses, saying when it was due.
   * Observers (probes) are left out: they belong to whoever watches, who subscribes again after a
   * restore. Called from inside an ordinary event it refuses (that event's agent has not yet
   * scheduled its next one); from an observer it is fine.
   */
  snapshot(): SchedulerSnapshot {
    // An observer (a probe) runs once every event of its instant is done: a snapshot there is whole.
    if (this.inEvent) throw new Error(`snapshot at t = ${this.time}: called from inside an event (or after one that threw), whose agent has not yet scheduled its next one; take it between runs, or from a probe`);
    const pending: PendingEvent[] = [];
    this.heap.forEach((at, seq, a) => {
      if (a.closed || a.pendingSeq !== seq || a.observer || a.restoreId === OWNED) return;
      if (a.restoreId < 0) {
        throw new Error(
          `snapshot at t = ${this.time}: an event due at t = ${at} was scheduled by code a snapshot cannot describe (an RxJS delay or timer: a delayed view, a time-varying drive); see docs/guides/embedding.md#snapshots`,
        );
      }
      const state = a.pendingState;
      pending.push(typeof state === 'number' ? { action: a.restoreId, at, seq, state } : { action: a.restoreId, at, seq });
    });
    pending.sort((x, y) => x.seq - y.seq);
    return { time: this.time, seq: this.seq, executed: this.executed, restorables: this.restorables.length, pending };
  }

  /**
   * Restores a snapshot's clock, counters and pending events into the scheduler of a freshly
   * built twin of the engine: what the build scheduled is dropped, and each recorded event is
   * queued again with its time and insertion number, so ties break as in the original run.
   */
  restore(s: SchedulerSnapshot): void {
    if (this.executed !== 0) throw new SpecError('restore', 'a freshly built engine (its scheduler has not run yet)', `${this.executed} events run`);
    if (s.restorables !== this.restorables.length) {
      throw new SpecError('snapshot.scheduler.restorables', `${this.restorables.length} (the recurring actions this engine made when built: a different protocol or timing?)`, s.restorables);
    }
    this.heap.forEach((_, __, a) => (a.pendingSeq = -1));
    this.heap.clear();
    this.time = s.time;
    this.seq = s.seq;
    this.executed = s.executed;
    for (const p of s.pending) {
      const a = this.restorables[p.action];
      if (a === undefined || a.closed) throw new SpecError('snapshot.scheduler.pending', `actions this engine made (0 to ${this.restorables.length - 1})`, p.action);
      a.restoreAt(p.state, p.state === undefined, p.at, p.seq);
    }
  }

  /**
   * Runs the single next live event due at or before `limit`. Returns false if there is none
   * (stale entries of cancelled or rescheduled actions are discarded on the way).
   */
  step(limit = Infinity): boolean {
    return this.advance(limit, false);
  }

  /**
   * step(limit), or with `burst` a run of events of the one attached source for as long as it
   * stays ahead of the heap (re-read after each event: an event may schedule) and due by limit,
   * without coming back through the source lookup per event: the same events in the same order.
   */
  private advance(limit: number, burst: boolean): boolean {
    const src = this.firstSource();
    burst = burst && this.sources.length === 1;
    while (this.heap.size > 0 || src !== undefined) {
      const t = this.heap.peekTime();
      const s = this.heap.peekSeq();
      if (src !== undefined) {
        let st = src.headTime();
        if (st < t || (st === t && src.headSeq() < s)) {
          if (st > limit) return false;
          this.inEvent = true;
          for (;;) {
            this.time = st;
            this.executed++;
            src.runHead();
            if (!burst || this.stopRequested) break;
            st = src.headTime();
            if (st > limit) break;
            const ht = this.heap.peekTime();
            if (!(st < ht || (st === ht && src.headSeq() < this.heap.peekSeq()))) break;
          }
          this.inEvent = false;
          return true;
        }
      }
      if (t > limit) return false;
      const action = this.heap.pop()!;
      if (action.closed || action.pendingSeq !== s) continue;
      this.time = t;
      if (s >= OBSERVER_LANE) {
        action.execute();
        return true;
      }
      this.executed++;
      this.inEvent = true;
      action.execute();
      this.inEvent = false;
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
    // Without a predicate nothing needs to look between one source event and the next (burst).
    const burst = until === undefined;
    for (;;) {
      if (!this.advance(t, burst)) break;
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
