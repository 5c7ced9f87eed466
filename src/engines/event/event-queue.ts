import { ItemStore, KeyedHeap } from '../../scheduler/keyed-heap';

/** The event engine's pending events: KeyedHeap with int32 items (an agent or message id, its kind in the low bits). */
export class EventQueue extends KeyedHeap<number> {
  constructor(capacity = 64) {
    super(new Int32Array(Math.max(1, capacity)));
  }

  /** Entries held before the arrays grow (the benchmark's memory figure counts them). */
  get capacity(): number {
    return this.items.length;
  }

  /** The head's item (meaningless if empty: check size or headTime first). */
  headItem(): number {
    return this.items[0];
  }

  /** Removes the head (read it first with headTime/headSeq/headItem); a no-op if empty. */
  pop(): void {
    this.removeHead();
  }

  clear(): void {
    this.n = 0;
  }

  protected grownItems(length: number): ItemStore<number> {
    const items = new Int32Array(length);
    items.set(this.items as Int32Array);
    return items;
  }
}
