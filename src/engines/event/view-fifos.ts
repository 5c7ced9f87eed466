import { SpecError } from '../../errors';
import { EntryPool } from './entry-pool';

/**
 * Values in flight on endpoint views, one first-in first-out line per view, held until the
 * view's synapse next reads them (EndpointViews' read-time delivery). An entry is the time it
 * arrives, the insertion number its arrival event would have taken and the value, in a pool
 * shared by all views (EntryPool); each view keeps the indices of its first and last entries
 * (-1: none) in two slots of its synapse's record, which the synapse's events touch anyway.
 * Arrival times never decrease along a view (a value never overtakes an earlier one), so the
 * entries due by an event are always a prefix of the line.
 */
export class ViewFifos {
  private readonly pool = new EntryPool();

  /**
   * View k = 2 e + side keeps its first entry in rec[e * stride + first + side], its last two
   * slots further.
   */
  constructor(
    private readonly views: number,
    private readonly rec: Float64Array,
    private readonly stride: number,
    private readonly first: number,
  ) {
    this.empty();
  }

  private headSlot(k: number): number {
    return (k >> 1) * this.stride + this.first + (k & 1);
  }

  private empty(): void {
    for (let k = 0; k < this.views; k++) this.rec[this.headSlot(k)] = this.rec[this.headSlot(k) + 2] = -1;
    this.pool.clear();
  }

  /** Value v, arriving at time `at` with insertion number `seq`, joins the end of view k's line. */
  push(k: number, at: number, seq: number, v: number): void {
    const p = this.pool;
    const e = p.alloc();
    p.time[e] = at;
    p.seq[e] = seq;
    p.payload[e] = v;
    p.next[e] = -1;
    const h = this.headSlot(k);
    const t = this.rec[h + 2] | 0;
    if (t >= 0) p.next[t] = e;
    else this.rec[h] = e;
    this.rec[h + 2] = e;
  }

  /**
   * Removes the entries of view k that arrive before the event (t, s) in the scheduler's order
   * (earlier time, or the same time and a smaller insertion number) and returns the last of
   * their values, or `none` if there was none.
   */
  takeDue(k: number, t: number, s: number, none: number): number {
    const p = this.pool;
    const h = this.headSlot(k);
    let e = this.rec[h] | 0;
    let v = none;
    while (e >= 0 && (p.time[e] < t || (p.time[e] === t && p.seq[e] < s))) {
      v = p.payload[e];
      const nx = p.next[e];
      p.release(e);
      e = nx;
    }
    this.rec[h] = e;
    if (e < 0) this.rec[h + 2] = -1;
    return v;
  }

  /** Every entry as (view, time, insertion number, value), view by view in line order (snapshots). */
  save(): Float64Array {
    const p = this.pool;
    const out: number[] = [];
    for (let k = 0; k < this.views; k++) for (let e = this.rec[this.headSlot(k)]; e >= 0; e = p.next[e]) out.push(k, p.time[e], p.seq[e], p.payload[e]);
    return Float64Array.from(out);
  }

  /** Refuses what save could not have given: quadruples whose view is one of these lines. */
  check(s: Float64Array): void {
    if (s.length % 4 !== 0) throw new SpecError('snapshot.arrays.views', 'quadruples (view, time, insertion number, value)', s.length);
    for (let j = 0; j < s.length; j += 4) {
      if (!Number.isInteger(s[j]) || s[j] < 0 || s[j] >= this.views) throw new SpecError(`snapshot.arrays.views[${j}]`, `a view from 0 to ${this.views - 1}`, s[j]);
    }
  }

  /** Empties the lines and refills them with what save gave. */
  load(s: Float64Array): void {
    this.empty();
    for (let j = 0; j + 3 < s.length; j += 4) this.push(s[j], s[j + 1], s[j + 2], s[j + 3]);
  }
}
