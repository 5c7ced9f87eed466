import { widened } from './widened';

/**
 * Entries (time, insertion number, payload) linked by `next`, in typed arrays grown by doubling,
 * with a free list threaded through `next`: the storage of the calendar queue's bucket lists and
 * of the endpoint views' lines. Callers read and write the arrays directly (re-read them after an
 * alloc, which may grow them); nothing is allocated per entry once grown.
 */
export class EntryPool {
  time = new Float64Array(256);
  seq = new Float64Array(256);
  payload = new Float64Array(256);
  next = new Int32Array(256);
  private freeHead = -1;
  private used = 0;

  /** A free entry's index (its fields are the caller's to set). */
  alloc(): number {
    const e = this.freeHead;
    if (e >= 0) {
      this.freeHead = this.next[e];
      return e;
    }
    if (this.used === this.time.length) this.grow();
    return this.used++;
  }

  /** Gives entry e back. */
  release(e: number): void {
    this.next[e] = this.freeHead;
    this.freeHead = e;
  }

  /** Forgets every entry. */
  clear(): void {
    this.freeHead = -1;
    this.used = 0;
  }

  private grow(): void {
    const c = 2 * this.time.length;
    this.time = widened(this.time, c);
    this.seq = widened(this.seq, c);
    this.payload = widened(this.payload, c);
    this.next = widened(this.next, c);
  }
}
