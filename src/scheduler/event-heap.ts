import { ItemStore, KeyedHeap } from './keyed-heap';

/** The scheduler's queue: KeyedHeap with object items. */
export class EventHeap<T> extends KeyedHeap<T | undefined> {
  constructor() {
    super(new Array<T | undefined>(64));
  }

  /** Time of the earliest item (Infinity if empty). */
  peekTime(): number {
    return this.headTime();
  }

  /** Sequence number of the earliest item (-1 if empty). */
  peekSeq(): number {
    return this.headSeq();
  }

  /** Removes and returns the earliest item; the caller reads peekTime()/peekSeq() first. */
  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const top = this.items[0];
    this.removeHead();
    // Drop the reference, so a popped action can be collected.
    this.items[this.n] = undefined;
    return top;
  }

  /** Calls f on every queued entry, in no particular order (snapshots list what is pending). */
  forEach(f: (time: number, seq: number, item: T) => void): void {
    super.forEach(f as (time: number, seq: number, item: T | undefined) => void);
  }

  /** Removes every item. */
  clear(): void {
    (this.items as (T | undefined)[]).fill(undefined, 0, this.n);
    this.n = 0;
  }

  protected grownItems(length: number): ItemStore<T | undefined> {
    const items = this.items as (T | undefined)[];
    items.length = length;
    return items;
  }
}
