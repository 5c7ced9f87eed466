import { VirtualScheduler } from '../../scheduler/virtual-scheduler';
import { Distortion } from '../../streams/operators';
import { AleaStates } from './alea-states';
import { KIND_BITS, VIEW_DELAY, VIEW_RANDOM_DELAY, VIEW_SAMPLE } from './event-kinds';
import { ViewFifos } from './view-fifos';
import { widened } from './widened';

/**
 * Whether values on views distorted by d are delivered at the reading synapse's tick: an arrival
 * draws nothing and only writes the sensed value if the view has one delay stage and nothing
 * after it (a fixed delay followed by a random one draws at the first arrival; sampling and drops
 * act at arrival).
 */
export function readAtTick(d: Distortion): boolean {
  const oneDelay = (d.delay ? d.delay > 0 : false) !== (d.randomDelay !== undefined);
  return oneDelay && d.sample === undefined && !d.drop;
}

/**
 * How every synapse's rule senses its two endpoints, compiled: view k = 2 e + side (0: endpoint
 * a, 1: b) is the reactive engine's `distort(endpointView, rng, scheduler)` on that endpoint's
 * state stream (src/streams/operators.ts), stage by stage in the same order (fixed delay,
 * random delay, jittered sampling, drop) and drawing from synapse e's substream at the same
 * moments, so the draws interleave with the synapse's clock draws as they do there.
 *
 * Where a view only delays (a fixed or a random delay, not both; no sampling, no drop), nothing
 * happens when a value arrives but a write that only the synapse's next tick reads: such values
 * wait in per-view lines (ViewFifos) with their arrival time and the insertion number their
 * arrival event would take, and the tick first takes those due before it in the scheduler's
 * order (catchUp). The trajectories are the same; the arrivals are no events (eventCount counts
 * fewer), which takes two thirds of the events out of a delayed run. Otherwise a value in flight
 * is a slot of a pool (value, view), and its arrival an entry of the event queue.
 */
export class EndpointViews {
  private readonly delay: number;
  private readonly rMin: number;
  private readonly rSpan: number;
  private readonly randomDelay: boolean;
  private readonly sample: boolean;
  private readonly samplePeriod: number;
  private readonly sampleJitter: number;
  private readonly has: Uint8Array;
  private readonly latest: Float64Array;
  private readonly drop: number;
  /** Values in flight read at the synapse's tick (undefined: delivered by arrival events). */
  readonly fifos: ViewFifos | undefined;
  // In-flight values: a pool with a free list.
  private poolValue = new Float64Array(256);
  private poolView = new Int32Array(256);
  private free = new Int32Array(256);
  private nFree = 0;
  private used = 0;

  /**
   * What the rule of synapse e senses of endpoint a is rec[e * stride + at], of b the slot after;
   * the last arrival time of each view the two slots after those (used when randomly delayed);
   * with read-time delivery (readAtTick), the ends of the views' lines the four slots after.
   */
  constructor(
    d: Distortion,
    m: number,
    private readonly rec: Float64Array,
    private readonly stride: number,
    private readonly at: number,
    private readonly rng: AleaStates,
    private readonly queue: { push(time: number, seq: number, item: number): void },
    private readonly scheduler: VirtualScheduler,
  ) {
    // The operators skip a zero delay or drop (`if (d.delay)`), but not a {0, 0} random delay.
    this.delay = d.delay ? d.delay : 0;
    this.randomDelay = d.randomDelay !== undefined;
    this.rMin = d.randomDelay?.min ?? 0;
    this.rSpan = (d.randomDelay?.max ?? 0) - this.rMin;
    if (this.randomDelay) for (let e = 0; e < m; e++) rec[e * stride + at + 2] = rec[e * stride + at + 3] = -Infinity;
    this.sample = d.sample !== undefined;
    this.samplePeriod = d.sample?.period ?? 0;
    this.sampleJitter = d.sample?.jitter ?? 0;
    this.has = this.sample ? new Uint8Array(2 * m) : new Uint8Array(0);
    this.latest = this.sample ? new Float64Array(2 * m) : new Float64Array(0);
    this.drop = d.drop ? d.drop : 0;
    if (!(this.drop >= 0 && this.drop < 1)) throw new RangeError(`dropWith: p must be in [0, 1), got ${this.drop}`);
    // The lines' first and last entries: the four slots after the sensed values and arrival times.
    this.fifos = readAtTick(d) ? new ViewFifos(2 * m, rec, stride, at + 4) : undefined;
  }

  /** Starts view k: its sampling clock, if it samples (as jitterSampling subscribes). */
  start(k: number): void {
    if (this.sample) this.queue.push(this.scheduler.now() + this.sampleInterval(k), this.scheduler.nextSeq(), (k << KIND_BITS) | VIEW_SAMPLE);
  }

  /** Endpoint state v published: it enters view k. */
  enter(k: number, v: number): void {
    if (this.fifos !== undefined) {
      const at = this.delay > 0 ? this.scheduler.now() + this.delay : this.randomArrival(k);
      this.fifos.push(k, at, this.scheduler.nextSeq(), v);
    } else if (this.delay > 0) this.schedule(this.scheduler.now() + this.delay, k, v, VIEW_DELAY);
    else this.afterDelay(k, v);
  }

  /**
   * Synapse e ticks at (t, s) in the scheduler's order: its views' values that arrived before
   * become what it senses (read-time delivery; only with `fifos`).
   */
  catchUp(e: number, t: number, s: number): void {
    const f = this.fifos!;
    const a = e * this.stride + this.at;
    this.rec[a] = f.takeDue(2 * e, t, s, this.rec[a]);
    this.rec[a + 1] = f.takeDue(2 * e + 1, t, s, this.rec[a + 1]);
  }

  /** A queue entry of one of the view kinds came due. */
  arrive(id: number, kind: number): void {
    if (kind === VIEW_SAMPLE) {
      if (this.has[id] === 1) this.afterSample(id, this.latest[id]);
      this.queue.push(this.scheduler.now() + this.sampleInterval(id), this.scheduler.nextSeq(), (id << KIND_BITS) | VIEW_SAMPLE);
      return;
    }
    const k = this.poolView[id];
    const v = this.poolValue[id];
    this.free[this.nFree++] = id;
    if (kind === VIEW_DELAY) this.afterDelay(k, v);
    else this.afterRandomDelay(k, v);
  }

  private afterDelay(k: number, v: number): void {
    if (!this.randomDelay) return this.afterRandomDelay(k, v);
    this.schedule(this.randomArrival(k), k, v, VIEW_RANDOM_DELAY);
  }

  /** When a value entering view k's random delay now arrives: a draw of synapse k >> 1. */
  private randomArrival(k: number): number {
    const d = this.rMin + this.rSpan * this.rng.uniform(k >> 1);
    if (!(d >= 0)) throw new RangeError(`randomDelay: sampled delay must be >= 0, got ${d}`);
    // FIFO link: a value never overtakes an earlier one (randomDelay's keepOrder).
    const slot = this.slot(k) + 2;
    const at = Math.max(this.scheduler.now() + d, this.rec[slot]);
    this.rec[slot] = at;
    return at;
  }

  private afterRandomDelay(k: number, v: number): void {
    if (this.sample) {
      this.has[k] = 1;
      this.latest[k] = v;
    } else this.afterSample(k, v);
  }

  private afterSample(k: number, v: number): void {
    if (this.drop > 0 && this.rng.uniform(k >> 1) < this.drop) return;
    this.rec[this.slot(k)] = v;
  }

  /**
   * What the views hold besides their records' slots, for a snapshot: with read-time delivery
   * the values in flight line by line (ViewFifos.save); otherwise the pool's counters, the
   * values in flight with their views, the free list in its order (it decides which slot the
   * next message takes), and each sampling view's latest value.
   */
  saveState(): Float64Array {
    if (this.fifos !== undefined) return this.fifos.save();
    const { used, nFree } = this;
    const out = new Float64Array(2 + 2 * used + nFree + 2 * this.has.length);
    out[0] = used;
    out[1] = nFree;
    out.set(this.poolValue.subarray(0, used), 2);
    out.set(this.poolView.subarray(0, used), 2 + used);
    out.set(this.free.subarray(0, nFree), 2 + 2 * used);
    out.set(this.has, 2 + 2 * used + nFree);
    out.set(this.latest, 2 + 2 * used + nFree + this.has.length);
    return out;
  }

  /** Refuses a saved state that loadState could not take (before a restore changes anything). */
  checkState(s: Float64Array): void {
    if (this.fifos !== undefined) this.fifos.check(s);
  }

  /** Sets what saveState saved (the pool grows to hold it). */
  loadState(s: Float64Array): void {
    if (this.fifos !== undefined) return this.fifos.load(s);
    const used = s[0];
    const nFree = s[1];
    while (this.poolValue.length < used) this.grow();
    this.used = used;
    this.nFree = nFree;
    this.poolValue.set(s.subarray(2, 2 + used));
    this.poolView.set(s.subarray(2 + used, 2 + 2 * used));
    this.free.set(s.subarray(2 + 2 * used, 2 + 2 * used + nFree));
    const h = 2 + 2 * used + nFree;
    this.has.set(s.subarray(h, h + this.has.length));
    this.latest.set(s.subarray(h + this.has.length, h + 2 * this.has.length));
  }

  /** Where view k's sensed value lives. */
  slot(k: number): number {
    return (k >> 1) * this.stride + this.at + (k & 1);
  }

  private sampleInterval(k: number): number {
    const p = this.samplePeriod;
    return this.sampleJitter > 0 ? p * (1 + this.sampleJitter * (2 * this.rng.uniform(k >> 1) - 1)) : p;
  }

  private schedule(at: number, k: number, v: number, kind: number): void {
    let slot: number;
    if (this.nFree > 0) slot = this.free[--this.nFree];
    else {
      if (this.used === this.poolValue.length) this.grow();
      slot = this.used++;
    }
    this.poolValue[slot] = v;
    this.poolView[slot] = k;
    this.queue.push(at, this.scheduler.nextSeq(), (slot << KIND_BITS) | kind);
  }

  private grow(): void {
    const c = 2 * this.poolValue.length;
    this.poolValue = widened(this.poolValue, c);
    this.poolView = widened(this.poolView, c);
    this.free = widened(this.free, c);
  }
}
