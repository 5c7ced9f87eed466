/**
 * The event engine's pending events: a 4-ary min-heap of (time, seq, item) in typed arrays,
 * ordered by time then seq, the scheduler's order (src/scheduler/event-heap.ts holds objects;
 * this one holds an int32 per entry, an agent or a message id with its kind in the low bits).
 * Keys are interleaved [t0, s0, t1, s1, ...] so a node's four children share cache lines; sifting
 * moves a hole instead of swapping. No allocation per push or pop once grown.
 */
export class EventQueue {
  private keys: Float64Array;
  private items: Int32Array;
  private n = 0;

  constructor(capacity = 64) {
    this.keys = new Float64Array(2 * capacity);
    this.items = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Bytes held by the arrays (the benchmark's memory figure counts them). */
  get capacity(): number {
    return this.items.length;
  }

  headTime(): number {
    return this.n > 0 ? this.keys[0] : Infinity;
  }

  headSeq(): number {
    return this.n > 0 ? this.keys[1] : -1;
  }

  headItem(): number {
    return this.items[0];
  }

  push(time: number, seq: number, item: number): void {
    if (this.n === this.items.length) this.grow();
    const keys = this.keys;
    const items = this.items;
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

  /** Removes the head (read it first with headTime/headSeq/headItem). */
  pop(): void {
    const last = --this.n;
    if (last <= 0) return;
    const keys = this.keys;
    const items = this.items;
    const t = keys[2 * last];
    const s = keys[2 * last + 1];
    const item = items[last];
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

  /** Calls f on every entry, in no particular order. */
  forEach(f: (time: number, seq: number, item: number) => void): void {
    for (let i = 0; i < this.n; i++) f(this.keys[2 * i], this.keys[2 * i + 1], this.items[i]);
  }

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
