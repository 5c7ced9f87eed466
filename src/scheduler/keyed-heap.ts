/**
 * The one min-heap of pending events: entries (time, seq, item) ordered by time, then seq (the
 * insertion number, so events due at the same time run in the order they were scheduled, which
 * makes runs deterministic). The item is an int32: the event engine's agent or message id with its
 * kind in the low bits (src/engines/event), or a slot of EventHeap's object table (event-heap.ts).
 * Holding ints here keeps this code monomorphic for both users, and moving an int32 needs no
 * write barrier where moving an object reference does.
 *
 * Layout, for speed at 1e5+ pending events: a 4-ary heap (half the depth of a binary heap), keys
 * interleaved in one Float64Array [t0, s0, t1, s1, ...] so the four children's keys share a cache
 * line or two, items in a parallel Int32Array, both grown by doubling; sifting moves a hole
 * instead of swapping. Push and pop allocate nothing once grown.
 */
export class KeyedHeap {
  private keys: Float64Array;
  private items: Int32Array;
  private n = 0;

  constructor(capacity = 64) {
    const c = Math.max(1, capacity);
    this.keys = new Float64Array(2 * c);
    this.items = new Int32Array(c);
  }

  /** Number of queued entries. */
  get size(): number {
    return this.n;
  }

  /** Entries the arrays hold before they grow (the benchmarks' memory figures count them). */
  get capacity(): number {
    return this.items.length;
  }

  /** Time of the earliest entry (Infinity if empty). */
  headTime(): number {
    return this.n > 0 ? this.keys[0] : Infinity;
  }

  /** Insertion number of the earliest entry (-1 if empty). */
  headSeq(): number {
    return this.n > 0 ? this.keys[1] : -1;
  }

  /** Item of the earliest entry (meaningless if empty: check size or headTime first). */
  headItem(): number {
    return this.items[0];
  }

  /** Queues an int32 item at (time, seq); ties in time are ordered by seq. */
  push(time: number, seq: number, item: number): void {
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

  /** Removes the earliest entry (read it first with headTime/headSeq/headItem); a no-op if empty. */
  pop(): void {
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
  forEach(f: (time: number, seq: number, item: number) => void): void {
    for (let i = 0; i < this.n; i++) f(this.keys[2 * i], this.keys[2 * i + 1], this.items[i]);
  }

  /** Removes every entry (the arrays keep their size). */
  clear(): void {
    this.n = 0;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    const items = new Int32Array(this.items.length * 2);
    items.set(this.items);
    this.items = items;
  }
}
