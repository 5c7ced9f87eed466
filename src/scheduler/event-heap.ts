/**
 * Min-heap of scheduled entries ordered by (time, seq). The insertion sequence breaks ties, so
 * events due at the same simulated time run in the order they were scheduled: this is what
 * makes runs deterministic.
 *
 * Layout, for speed at 1e5+ pending events: a 4-ary heap (half the depth of a binary heap, and
 * the four children's keys share a cache line or two), keys interleaved in one Float64Array
 * [t0, s0, t1, s1, ...] that grows by doubling, items in a parallel array, and sifting by
 * moving a hole rather than swapping. Push and pop allocate nothing once grown.
 */
export class EventHeap<T> {
  private keys = new Float64Array(2 * 64);
  private items: (T | undefined)[] = new Array(64);
  private n = 0;

  /** Number of queued items. */
  get size(): number {
    return this.n;
  }

  /** Queues an item at (time, seq); ties in time are ordered by seq. */
  push(time: number, seq: number, item: T): void {
    if (this.n === this.items.length) this.grow();
    // Sift the hole up from the end.
    const keys = this.keys;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = keys[2 * p];
      if (pt < time || (pt === time && keys[2 * p + 1] < seq)) break;
      keys[2 * i] = pt;
      keys[2 * i + 1] = keys[2 * p + 1];
      this.items[i] = this.items[p];
      i = p;
    }
    keys[2 * i] = time;
    keys[2 * i + 1] = seq;
    this.items[i] = item;
  }

  /** Time of the earliest item (Infinity if empty). */
  peekTime(): number {
    return this.n > 0 ? this.keys[0] : Infinity;
  }

  /** Sequence number of the earliest item (-1 if empty). */
  peekSeq(): number {
    return this.n > 0 ? this.keys[1] : -1;
  }

  /** Removes and returns the earliest item; the caller reads peekTime()/peekSeq() first. */
  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const top = this.items[0];
    const last = --this.n;
    const keys = this.keys;
    const t = keys[2 * last];
    const s = keys[2 * last + 1];
    const item = this.items[last];
    this.items[last] = undefined;
    if (last > 0) {
      // Sift the hole down from the root, then drop the last entry into it.
      let i = 0;
      for (;;) {
        const c = 4 * i + 1;
        if (c >= last) break;
        let m = c;
        let mt = keys[2 * c];
        let ms = keys[2 * c + 1];
        const end = Math.min(c + 4, last);
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
        this.items[i] = this.items[m];
        i = m;
      }
      keys[2 * i] = t;
      keys[2 * i + 1] = s;
      this.items[i] = item;
    }
    return top;
  }

  /** Calls f on every queued entry, in no particular order (snapshots list what is pending). */
  forEach(f: (time: number, seq: number, item: T) => void): void {
    for (let i = 0; i < this.n; i++) f(this.keys[2 * i], this.keys[2 * i + 1], this.items[i] as T);
  }

  /** Removes every item. */
  clear(): void {
    this.items.fill(undefined, 0, this.n);
    this.n = 0;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    this.items.length = this.items.length * 2;
  }
}
