import { Observable, Subscriber } from 'rxjs';

/**
 * A stream holding a latest value, like a BehaviorSubject: a subscriber gets the current value,
 * then every update. It is an ordinary RxJS Observable to its readers, but publishing is a
 * plain loop over the subscribers: agents publish on every tick, and Subject.next's
 * per-call closure and iterator (RxJS 7's CommonJS build) cost more than the agent's own work.
 * The subscriber list is copied on change, so a subscriber may (un)subscribe during a publish.
 */
export class Cell<T> extends Observable<T> {
  private subscribers: readonly Subscriber<T>[] = [];
  private done = false;

  constructor(private current: T) {
    super((subscriber: Subscriber<T>) => {
      subscriber.next(this.current);
      if (this.done) {
        subscriber.complete();
        return;
      }
      this.subscribers = [...this.subscribers, subscriber];
      return () => {
        this.subscribers = this.subscribers.filter((s) => s !== subscriber);
      };
    });
  }

  get value(): T {
    return this.current;
  }

  /** Whether anybody listens (to skip work for probes nobody reads). */
  get observed(): boolean {
    return this.subscribers.length > 0;
  }

  next(value: T): void {
    if (this.done) return;
    this.current = value;
    const subs = this.subscribers;
    for (let k = 0; k < subs.length; k++) subs[k].next(value);
  }

  complete(): void {
    if (this.done) return;
    this.done = true;
    const subs = this.subscribers;
    this.subscribers = [];
    for (const s of subs) s.complete();
  }
}
