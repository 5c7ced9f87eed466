import { Observable } from '../rx';
import type { Subscriber, TeardownLogic } from 'rxjs';

/** A listener of a Cell that is not an RxJS subscriber: an agent's own input, attached cheaply. */
export interface CellSink<T> {
  /** Receives each new value. */
  next(value: T): void;
}

/**
 * A stream holding a latest value, like a BehaviorSubject: a subscriber gets the current value,
 * then every update. It is an ordinary RxJS Observable to its readers, but publishing is a
 * plain loop over the subscribers: agents publish on every tick, and Subject.next's
 * per-call closure and iterator (RxJS 7's CommonJS build) cost more than the agent's own work.
 * The subscriber list is copied on change, so a subscriber may (un)subscribe during a publish.
 *
 * Agents wired by an engine listen through attach(sink) instead of subscribe: the same list, in
 * the same order, but without an RxJS Subscriber chain (a few hundred bytes) per listener.
 */
export class Cell<T> extends Observable<T> {
  private subscribers: readonly CellSink<T>[] = [];
  private done = false;

  constructor(private current: T) {
    super();
  }

  /** @internal RxJS calls this on subscribe. */
  protected _subscribe(subscriber: Subscriber<T>): TeardownLogic {
    subscriber.next(this.current);
    if (this.done) {
      subscriber.complete();
      return undefined;
    }
    this.subscribers = withOne(this.subscribers, subscriber);
    return () => this.detach(subscriber);
  }

  /** Like subscribe(sink.next): the current value now, then every update until detach(sink). */
  attach(sink: CellSink<T>): void {
    sink.next(this.current);
    if (!this.done) this.subscribers = withOne(this.subscribers, sink);
  }

  /** Removes a listener added with attach. */
  detach(sink: CellSink<T>): void {
    this.subscribers = this.subscribers.filter((s) => s !== sink);
  }

  /** The current value. */
  get value(): T {
    return this.current;
  }

  /** Whether anybody listens (to skip work for probes nobody reads). */
  get observed(): boolean {
    return this.subscribers.length > 0;
  }

  /** Sets the value and notifies listeners and subscribers (ignored once complete). */
  next(value: T): void {
    if (this.done) return;
    this.current = value;
    const subs = this.subscribers;
    for (let k = 0; k < subs.length; k++) subs[k].next(value);
  }

  /**
   * Sets the value without notifying anybody: restoring a snapshot, where every listener's own
   * state is restored too, so nothing must react.
   */
  reset(value: T): void {
    this.current = value;
  }

  /** Completes the cell: subscribers complete, later values are ignored. */
  complete(): void {
    if (this.done) return;
    this.done = true;
    const subs = this.subscribers;
    this.subscribers = [];
    for (const s of subs) (s as Partial<Subscriber<T>>).complete?.();
  }
}

/** xs with x appended, in an array of exactly that length (a spread leaves spare capacity). */
export function withOne<T>(xs: readonly T[], x: T): T[] {
  const out = new Array<T>(xs.length + 1);
  for (let k = 0; k < xs.length; k++) out[k] = xs[k];
  out[xs.length] = x;
  return out;
}
