/** Where a heap keeps its items: an Int32Array (the event engine) or an array of objects (the scheduler). */
export interface ItemStore<I> {
  [i: number]: I;
  readonly length: number;
}

/**
 * The one min-heap of pending events: entries (time, seq, item) ordered by time, then seq (the
 * insertion number, so events due at the same time run in the order they were scheduled, which
 * makes runs deterministic). Subclasses differ only in where items live: EventQueue
 * (src/engines/event/event-queue.ts) in an Int32Array, EventHeap (event-heap.ts) in an array of
 * objects.
 *
 * Layout, for speed at 1e5+ pending events: a 4-ary heap (half the depth of a binary heap), keys
 * interleaved in one Float64Array [t0, s0, t1, s1, ...] so the four children's keys share a cache
 * line or two, items in a parallel array, both grown by doubling; sifting moves a hole instead
 * of swapping. Push and pop allocate nothing once grown.
 *
 * Why one class over either kind: where both are in use (the event engine runs inside the
 * scheduler), the item accesses here see two array kinds: against the two former copies, a
 * push and pop measured 5-11% slower with int items, 3-6% with objects, the scheduler 1-5%
 * (interleaved runs, CPU time, 1e3 to 1e6 pending). The alternatives measured: int slots into
 * an object table (commit 6e8b781) left the int heap as it was but cost the object heap 18% at
 * 1e6 (one more random memory access per pop); sifting the keys alone and moving the items
 * after it along the same path cost it 23%.
 */
export abstract class KeyedHeap<I> {
  protected keys: Float64Array;
  protected items: ItemStore<I>;
  protected n = 0;

  protected constructor(items: ItemStore<I>) {
    this.items = items;
    this.keys = new Float64Array(2 * items.length);
  }

  /** Number of queued entries. */
  get size(): number {
    return this.n;
  }

  /** Time of the earliest entry (Infinity if empty). */
  headTime(): number {
    return this.n > 0 ? this.keys[0] : Infinity;
  }

  /** Insertion number of the earliest entry (-1 if empty). */
  headSeq(): number {
    return this.n > 0 ? this.keys[1] : -1;
  }

  /** Queues an item at (time, seq); ties in time are ordered by seq. */
  push(time: number, seq: number, item: I): void {
    if (this.n === this.items.length) this.grow();
    const keys = this.keys;
    const items = this.items;
    // Sift the hole up from the end.
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = keys[2 * p];
      if (pt < time || (pt === time && keys[2 * p + 1] < seq)) break;
      keys[2 * i] = pt;
      keys[2 * i + 1] = keys[2 * p + 1];
      items[i] = items[p];
      i = p;
    }
    keys[2 * i] = time;
    keys[2 * i + 1] = seq;
    items[i] = item;
  }

  /** Removes the earliest entry (read it first); a no-op if empty. */
  protected removeHead(): void {
    if (this.n === 0) return;
    const last = --this.n;
    if (last === 0) return;
    const keys = this.keys;
    const items = this.items;
    const t = keys[2 * last];
    const s = keys[2 * last + 1];
    const item = items[last];
    // Sift the hole down from the root, then drop the last entry into it.
    let i = 0;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= last) break;
      let m = c;
      let mt = keys[2 * c];
      let ms = keys[2 * c + 1];
      const end = c + 4 < last ? c + 4 : last;
      for (let j = c + 1; j < end; j++) {
        const jt = keys[2 * j];
        if (jt < mt || (jt === mt && keys[2 * j + 1] < ms)) {
          m = j;
          mt = jt;
          ms = keys[2 * j + 1];
        }
      }
      if (t < mt || (t === mt && s < ms)) break;
      keys[2 * i] = mt;
      keys[2 * i + 1] = ms;
      items[i] = items[m];
      i = m;
    }
    keys[2 * i] = t;
    keys[2 * i + 1] = s;
    items[i] = item;
  }

  /** Calls f on every entry, in no particular order (snapshots list what is pending). */
  forEach(f: (time: number, seq: number, item: I) => void): void {
    for (let i = 0; i < this.n; i++) f(this.keys[2 * i], this.keys[2 * i + 1], this.items[i]);
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    this.items = this.grownItems(2 * this.items.length);
  }

  /** The items in an array of the given length. */
  protected abstract grownItems(length: number): ItemStore<I>;
}
