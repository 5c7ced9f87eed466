import { SpecError } from '../../errors';

/**
 * Values in flight on endpoint views, one first-in first-out line per view, held until the
 * view's synapse next reads them (EndpointViews' read-time delivery). An entry is the value, the
 * time it arrives and the insertion number its arrival event would have taken, in a pool shared
 * by all views with a free list; each view keeps the indices of its first and last entries (-1:
 * none) in two slots of its synapse's record, which the synapse's events touch anyway.
 * Arrival times never decrease along a view (a value never overtakes an earlier one), so the
 * entries due by an event are always a prefix of the line.
 */
export class ViewFifos {
  private at = new Float64Array(256);
  private seq = new Float64Array(256);
  private value = new Float64Array(256);
  private next = new Int32Array(256);
  private freeHead = -1;
  private used = 0;

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
    for (let k = 0; k < views; k++) rec[this.headSlot(k)] = rec[this.headSlot(k) + 2] = -1;
  }

  private headSlot(k: number): number {
    return (k >> 1) * this.stride + this.first + (k & 1);
  }

  /** Value v, arriving at time `at` with insertion number `seq`, joins the end of view k's line. */
  push(k: number, at: number, seq: number, v: number): void {
    let e = this.freeHead;
    if (e >= 0) this.freeHead = this.next[e];
    else {
      if (this.used === this.at.length) this.grow();
      e = this.used++;
    }
    this.at[e] = at;
    this.seq[e] = seq;
    this.value[e] = v;
    this.next[e] = -1;
    const h = this.headSlot(k);
    const t = this.rec[h + 2] | 0;
    if (t >= 0) this.next[t] = e;
    else this.rec[h] = e;
    this.rec[h + 2] = e;
  }

  /**
   * Removes the entries of view k that arrive before the event (t, s) in the scheduler's order
   * (earlier time, or the same time and a smaller insertion number) and returns the last of
   * their values, or `none` if there was none.
   */
  takeDue(k: number, t: number, s: number, none: number): number {
    const h = this.headSlot(k);
    let e = this.rec[h] | 0;
    let v = none;
    while (e >= 0 && (this.at[e] < t || (this.at[e] === t && this.seq[e] < s))) {
      v = this.value[e];
      const nx = this.next[e];
      this.next[e] = this.freeHead;
      this.freeHead = e;
      e = nx;
    }
    this.rec[h] = e;
    if (e < 0) this.rec[h + 2] = -1;
    return v;
  }

  /** Every entry as (view, time, insertion number, value), view by view in line order (snapshots). */
  save(): Float64Array {
    const out: number[] = [];
    for (let k = 0; k < this.views; k++) for (let e = this.rec[this.headSlot(k)]; e >= 0; e = this.next[e]) out.push(k, this.at[e], this.seq[e], this.value[e]);
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
    for (let k = 0; k < this.views; k++) this.rec[this.headSlot(k)] = this.rec[this.headSlot(k) + 2] = -1;
    this.freeHead = -1;
    this.used = 0;
    for (let j = 0; j + 3 < s.length; j += 4) this.push(s[j], s[j + 1], s[j + 2], s[j + 3]);
  }

  private grow(): void {
    const c = 2 * this.at.length;
    const widen = <A extends Float64Array | Int32Array>(a: A, b: A): A => (b.set(a), b);
    this.at = widen(this.at, new Float64Array(c));
    this.seq = widen(this.seq, new Float64Array(c));
    this.value = widen(this.value, new Float64Array(c));
    this.next = widen(this.next, new Int32Array(c));
  }
}
