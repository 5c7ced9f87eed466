import { CalendarQueue } from './calendar-queue';
import { widened } from './widened';

/**
 * The calendar queue for ticks on one grid of equal periods (no jitter, no rate spread: a run
 * whose timing is asynchronous only through its endpoint views, faults or clock views). Then
 * every agent's tick of a period falls at the same time, a few hundred entries of one bucket
 * ordered by insertion number alone, and heaping them cost each pop a sift through four levels
 * of four children. Here a bucket whose entries were pushed in their (time, seq) order, as they
 * are on a grid, is not heaped but read in order as a run, merged with the heap that takes the
 * entries pushed into the current bucket meanwhile; a bucket out of order (after a restore) is
 * heaped as in CalendarQueue. The same order exactly (test/engines/event-queue.test.ts). A class
 * of its own because its head checks cost jittered runs, where buckets hold a few entries each,
 * 5-9% of their time.
 */
export class RunCalendarQueue extends CalendarQueue {
  /** The current bucket's run, if it came sorted: entries runAt..runEnd of these arrays. */
  private runT = new Float64Array(256);
  private runS = new Float64Array(256);
  private runI = new Int32Array(256);
  private runAt = 0;
  private runEnd = 0;
  /** Whether the head is the run's (set by pickRun, read by headItem and pop; false without a run). */
  private fromRun = false;

  override get size(): number {
    return super.size + this.runEnd - this.runAt;
  }

  override headTime(): number {
    return this.pickRun() ? this.runT[this.runAt] : this.heap.headTime();
  }

  override headSeq(): number {
    return this.pickRun() ? this.runS[this.runAt] : this.heap.headSeq();
  }

  override headItem(): number {
    return this.fromRun ? this.runI[this.runAt] : this.heap.headItem();
  }

  override pop(): void {
    if (!this.fromRun) return this.heap.pop();
    if (++this.runAt === this.runEnd) this.fromRun = false;
  }

  override forEach(f: (time: number, seq: number, item: number) => void): void {
    super.forEach(f);
    for (let r = this.runAt; r < this.runEnd; r++) f(this.runT[r], this.runS[r], this.runI[r]);
  }

  override clear(): void {
    super.clear();
    this.runAt = this.runEnd = 0;
    this.fromRun = false;
  }

  /** Moves on to the next bucket if this one is spent; whether the head is the run's. */
  private pickRun(): boolean {
    if (this.runAt === this.runEnd) {
      if (this.heap.size === 0 && this.listed > 0) this.advance();
      if (this.runAt === this.runEnd) return (this.fromRun = false);
    }
    if (this.heap.size === 0) return (this.fromRun = true);
    const t = this.runT[this.runAt];
    const ht = this.heap.headTime();
    return (this.fromRun = t < ht || (t === ht && this.runS[this.runAt] < this.heap.headSeq()));
  }

  /**
   * Takes bucket b's entries out of its list, where the last pushed comes first: into the run in
   * push order if that is their (time, seq) order, else into the heap. Whether there were any.
   */
  protected override take(b: number): boolean {
    const k = b & this.mask;
    const p = this.pool;
    let prev = -1;
    let e = this.heads[k];
    let r = 0;
    while (e >= 0) {
      const nx = p.next[e];
      if (Math.floor(p.time[e] * this.inv) === b) {
        if (prev < 0) this.heads[k] = nx;
        else p.next[prev] = nx;
        if (r === this.runT.length) this.growRun();
        this.runT[r] = p.time[e];
        this.runS[r] = p.seq[e];
        this.runI[r] = p.payload[e];
        r++;
        p.release(e);
        this.listed--;
      } else prev = e;
      e = nx;
    }
    if (r === 0) return false;
    const T = this.runT;
    const S = this.runS;
    const I = this.runI;
    // Sorted in push order: each entry (listed before the one pushed just before it) comes after it.
    let sorted = true;
    for (let j = r - 1; j > 0 && sorted; j--) sorted = T[j] < T[j - 1] || (T[j] === T[j - 1] && S[j] < S[j - 1]);
    if (!sorted) {
      for (let j = 0; j < r; j++) this.heap.push(T[j], S[j], I[j]);
      return true;
    }
    for (let a = 0, z = r - 1; a < z; a++, z--) {
      const t = T[a];
      T[a] = T[z];
      T[z] = t;
      const s = S[a];
      S[a] = S[z];
      S[z] = s;
      const i = I[a];
      I[a] = I[z];
      I[z] = i;
    }
    this.runAt = 0;
    this.runEnd = r;
    return true;
  }

  private growRun(): void {
    const c = 2 * this.runT.length;
    this.runT = widened(this.runT, c);
    this.runS = widened(this.runS, c);
    this.runI = widened(this.runI, c);
  }
}
