import { KeyedHeap } from './keyed-heap';

/**
 * Min-heap of scheduled objects ordered by (time, seq): the scheduler's queue. The ordering is
 * KeyedHeap's, the one heap both this and the event engine use; here each entry's int32 item is
 * a slot of an object table, so the only difference from the event engine's queue is where the
 * items live. Slots freed by pop are reused last-in first-out, so the table stays as large as
 * the most entries ever pending and push and pop allocate nothing once grown.
 */
export class EventHeap<T> {
  private readonly heap = new KeyedHeap(64);
  private items: (T | undefined)[] = [];
  private free: number[] = [];

  /** Number of queued items. */
  get size(): number {
    return this.heap.size;
  }

  /** Queues an item at (time, seq); ties in time are ordered by seq. */
  push(time: number, seq: number, item: T): void {
    const slot = this.free.length > 0 ? this.free.pop()! : this.items.length;
    this.items[slot] = item;
    this.heap.push(time, seq, slot);
  }

  /** Time of the earliest item (Infinity if empty). */
  peekTime(): number {
    return this.heap.headTime();
  }

  /** Sequence number of the earliest item (-1 if empty). */
  peekSeq(): number {
    return this.heap.headSeq();
  }

  /** Removes and returns the earliest item; the caller reads peekTime()/peekSeq() first. */
  pop(): T | undefined {
    if (this.heap.size === 0) return undefined;
    const slot = this.heap.headItem();
    this.heap.pop();
    const item = this.items[slot];
    // Drop the reference, so a popped action can be collected while its slot waits for reuse.
    this.items[slot] = undefined;
    this.free.push(slot);
    return item;
  }

  /** Calls f on every queued entry, in no particular order (snapshots list what is pending). */
  forEach(f: (time: number, seq: number, item: T) => void): void {
    this.heap.forEach((time, seq, slot) => f(time, seq, this.items[slot] as T));
  }

  /** Removes every item. */
  clear(): void {
    this.heap.clear();
    this.items = [];
    this.free = [];
  }
}
