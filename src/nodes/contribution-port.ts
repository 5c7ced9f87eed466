import { Observable } from '../rx';
import type { Subscriber, TeardownLogic } from 'rxjs';
import { Contribution } from './node-dynamics';
import { withOne } from '../streams/cell';

const NONE: readonly Subscriber<Contribution>[] = Object.freeze([]);

/**
 * What a synapse delivers to one endpoint, as a stream: the current contribution on subscribe,
 * then every update. It holds the two numbers, not a {g, i} object: publishing allocates
 * nothing unless an RxJS subscriber listens (a probe, a user), who gets a fresh object per
 * update. The node agent at that endpoint reads it through attachSlots: each publish writes
 * g and i straight into the node's own storage (what a subscriber keeping the latest value
 * would hold), with no subscriber chain.
 */
export class ContributionPort extends Observable<Contribution> {
  private slots: number[] | undefined = undefined;
  private at = 0;
  /** Shared empty list until somebody subscribes: most ports never have a subscriber. */
  private subscribers: readonly Subscriber<Contribution>[] = NONE;
  private done = false;

  constructor(
    private g: number,
    private i: number,
  ) {
    super();
  }

  /** @internal RxJS calls this on subscribe. */
  protected _subscribe(subscriber: Subscriber<Contribution>): TeardownLogic {
    subscriber.next({ g: this.g, i: this.i });
    if (this.done) {
      subscriber.complete();
      return undefined;
    }
    this.subscribers = withOne(this.subscribers, subscriber);
    return () => {
      this.subscribers = this.subscribers.filter((s) => s !== subscriber);
    };
  }

  /**
   * The reader keeps the latest g in slots[at] and i in slots[at + 1]: written now, then on
   * every publish until detachSlots. One reader per port; false (nothing attached) if it has one.
   */
  attachSlots(slots: number[], at: number): boolean {
    if (this.slots !== undefined) return false;
    slots[at] = this.g;
    slots[at + 1] = this.i;
    if (this.done) return true;
    this.slots = slots;
    this.at = at;
    return true;
  }

  /** Stops writing into the given slots (if they are the current ones). */
  detachSlots(slots: number[]): void {
    if (this.slots === slots) this.slots = undefined;
  }

  /** The contribution now (a fresh object). */
  get current(): Contribution {
    return { g: this.g, i: this.i };
  }

  /** Publishes the contribution (g, i). */
  set(g: number, i: number): void {
    if (this.done) return;
    this.g = g;
    this.i = i;
    const slots = this.slots;
    if (slots !== undefined) {
      slots[this.at] = g;
      slots[this.at + 1] = i;
    }
    const subs = this.subscribers;
    if (subs.length === 0) return;
    const c: Contribution = { g, i };
    for (let k = 0; k < subs.length; k++) subs[k].next(c);
  }

  /** Completes the port: no more contributions, subscribers complete. */
  complete(): void {
    if (this.done) return;
    this.done = true;
    this.slots = undefined;
    const subs = this.subscribers;
    this.subscribers = NONE;
    for (const s of subs) s.complete();
  }
}
