/**
 * Binary min-heap of scheduled entries ordered by (time, seq). The insertion sequence breaks
 * ties, so events due at the same simulated time run in the order they were scheduled: this is
 * what makes runs deterministic. Stored as parallel arrays so a push/pop allocates nothing.
 */
export class EventHeap<T> {
  private times: number[] = [];
  private seqs: number[] = [];
  private items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  push(time: number, seq: number, item: T): void {
    this.times.push(time);
    this.seqs.push(seq);
    this.items.push(item);
    this.up(this.items.length - 1);
  }

  peekTime(): number {
    return this.items.length > 0 ? this.times[0] : Infinity;
  }

  peekSeq(): number {
    return this.items.length > 0 ? this.seqs[0] : -1;
  }

  /** Removes and returns the earliest item; the caller reads peekTime()/peekSeq() first. */
  pop(): T | undefined {
    const n = this.items.length;
    if (n === 0) return undefined;
    const top = this.items[0];
    const lastT = this.times.pop()!;
    const lastS = this.seqs.pop()!;
    const lastI = this.items.pop()!;
    if (n > 1) {
      this.times[0] = lastT;
      this.seqs[0] = lastS;
      this.items[0] = lastI;
      this.down(0);
    }
    return top;
  }

  clear(): void {
    this.times.length = 0;
    this.seqs.length = 0;
    this.items.length = 0;
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a];
    const tb = this.times[b];
    return ta < tb || (ta === tb && this.seqs[a] < this.seqs[b]);
  }

  private swap(a: number, b: number): void {
    const t = this.times[a];
    this.times[a] = this.times[b];
    this.times[b] = t;
    const s = this.seqs[a];
    this.seqs[a] = this.seqs[b];
    this.seqs[b] = s;
    const i = this.items[a];
    this.items[a] = this.items[b];
    this.items[b] = i;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const m = r < n && this.less(r, l) ? r : l;
      if (!this.less(m, i)) return;
      this.swap(m, i);
      i = m;
    }
  }
}
