import { Observable, Subscription } from '../rx';
import type { Subscriber } from 'rxjs';
import { SpecError } from '../errors';
import { Ticking } from '../scheduler/agent-clock';
import { Rng } from '../scheduler/random';
import { OwnedEvent, VirtualScheduledAction, VirtualScheduler } from '../scheduler/virtual-scheduler';
import { Distortion } from '../streams/operators';
import { ClampSignal, PhaseLabel } from '../streams/clamp-signal';

/** How a view's values are saved in a snapshot: as a fixed number of numbers. */
export interface ValueCodec<T> {
  size: number;
  encode(v: T, out: number[]): void;
  decode(s: ArrayLike<number>, at: number): T;
}

/** Node states: one number. */
export const numberCodec: ValueCodec<number> = {
  size: 1,
  encode: (v, out) => void out.push(v),
  decode: (s, at) => s[at],
};

const PHASES: readonly PhaseLabel[] = ['free', 'clamped', 'rise', 'fall', 'constant'];

/** Clamp signals: time, beta, z, index and the phase's label by number. */
export const signalCodec: ValueCodec<ClampSignal> = {
  size: 5,
  encode: (v, out) => void out.push(v.t, v.beta, v.z, v.index, PHASES.indexOf(v.phase)),
  decode: (s, at) => ({ t: s[at], beta: s[at + 1], z: s[at + 2] as 0 | 1, index: s[at + 3], phase: PHASES[s[at + 4]] }),
};

/** Which stage a value in flight is in: the fixed delay, or the random delay. */
const DELAY = 0;
const RANDOM_DELAY = 1;

/** A value in flight: its stage, arrival time, value, and its pending event. */
interface Flight<T> {
  view: AgentView<T>;
  stage: number;
  at: number;
  v: T;
  event: OwnedEvent;
}

/**
 * How an agent sees a stream through its own seeded distortion, in the reactive engine: a
 * synapse one endpoint (the current state on subscribe, then every change distorted), a node the
 * clamp clock (every signal distorted). It runs `distort(d, rng, scheduler)`
 * (src/streams/operators.ts) stage by stage (fixed delay, random delay, jittered sampling, drop),
 * drawing from the agent's substream and taking insertion numbers at the very moments those
 * operators do, so runs are bit for bit the same (the event engine, which compiles the endpoint
 * stages, checks it; a test checks the clock's against the operators). Its state lives in this
 * object, not in operator closures, so a snapshot saves it: the values in flight with their times
 * and insertion numbers, the FIFO link's last arrival, the sampler's latest value.
 */
export class AgentView<T> extends Ticking {
  private readonly flights = new Set<Flight<T>>();
  private lastArrival = -Infinity;
  private has = false;
  private latest: T | undefined = undefined;
  private out: Subscriber<T> | undefined = undefined;

  constructor(
    private readonly d: Distortion,
    private readonly draw: Rng,
    scheduler: VirtualScheduler,
    private readonly codec: ValueCodec<T>,
    /** Whether the first value (an endpoint's current state on subscribe) passes undistorted. */
    private readonly passFirst: boolean,
  ) {
    super(scheduler);
  }

  /** The view of `s$` as its agent subscribes to it (one subscriber). */
  of(s$: Observable<T>): Observable<T> {
    return new Observable<T>((out) => {
      this.out = out;
      let first = this.passFirst;
      // One listener of the stream, where distort subscribes (after skip(1) for an endpoint,
      // whose current value goes straight through, as merge(take(1), ...) passes it).
      const subs = new Subscription();
      subs.add(
        s$.subscribe((v) => {
          if (first) {
            first = false;
            out.next(v);
          } else this.enter(v);
        }),
      );
      // Then the sampling clock, as jitterSampling starts it after subscribing to its source.
      const s = this.d.sample;
      if (s) subs.add(this.startTicks({ period: s.period, jitter: s.jitter, rng: this.draw }));
      subs.add(() => {
        for (const f of this.flights) f.event.unsubscribe();
        this.flights.clear();
      });
      return subs;
    });
  }

  /** The sampling clock's tick: the latest value that got through the delays, if any. */
  onTick(): void {
    if (this.has) this.afterSample(this.latest as T);
  }

  private enter(v: T): void {
    if (this.d.delay) this.send(DELAY, this.scheduler.now() + this.d.delay, v);
    else this.afterDelay(v);
  }

  private afterDelay(v: T): void {
    const r = this.d.randomDelay;
    if (!r) return this.afterRandomDelay(v);
    const d = this.draw.between(r.min, r.max);
    if (!(d >= 0)) {
      this.out?.error(new RangeError(`randomDelay: sampled delay must be >= 0, got ${d}`));
      return;
    }
    // FIFO link: a value never overtakes an earlier one.
    const at = Math.max(this.scheduler.now() + d, this.lastArrival);
    this.lastArrival = at;
    this.send(RANDOM_DELAY, at, v);
  }

  private afterRandomDelay(v: T): void {
    if (this.d.sample) {
      this.has = true;
      this.latest = v;
    } else this.afterSample(v);
  }

  private afterSample(v: T): void {
    if (this.d.drop && this.draw.bernoulli(this.d.drop)) return;
    this.out?.next(v);
  }

  private send(stage: number, at: number, v: T): void {
    const f: Flight<T> = { view: this, stage, at, v, event: undefined as unknown as OwnedEvent };
    f.event = this.scheduler.scheduleOwnedAt(arrive, at, f as Flight<unknown>);
    this.flights.add(f);
  }

  /** @internal a value in flight arrived. */
  arrived(f: Flight<T>): void {
    this.flights.delete(f);
    if (f.stage === DELAY) this.afterDelay(f.v);
    else this.afterRandomDelay(f.v);
  }

  /**
   * Its state for a snapshot, after its own length: [has, lastArrival, values in flight, latest
   * (codec.size numbers), then (stage, at, insertion number, value) for each value in flight]; the
   * sampling clock's next tick is the scheduler's.
   */
  saveState(out: number[]): void {
    const { codec } = this;
    out.push(3 + codec.size + this.flights.size * (3 + codec.size), this.has ? 1 : 0, this.lastArrival, this.flights.size);
    if (this.latest === undefined) for (let k = 0; k < codec.size; k++) out.push(0);
    else codec.encode(this.latest, out);
    for (const f of this.flights) {
      out.push(f.stage, f.at, f.event.pendingSeq);
      codec.encode(f.v, out);
    }
  }

  /**
   * Sets what saveState wrote at s[at ..] (its length first), re-queueing the values in flight
   * (after the scheduler's restore); returns where the next view's state starts.
   */
  loadState(s: ArrayLike<number>, at: number): number {
    const { codec } = this;
    const end = at + 1 + s[at];
    this.has = s[at + 1] === 1;
    this.lastArrival = s[at + 2];
    const n = s[at + 3];
    this.latest = this.has ? codec.decode(s, at + 4) : undefined;
    for (const f of this.flights) f.event.unsubscribe();
    this.flights.clear();
    for (let k = 0, o = at + 4 + codec.size; k < n; k++, o += 3 + codec.size) {
      const f: Flight<T> = { view: this, stage: s[o], at: s[o + 1], v: codec.decode(s, o + 3), event: undefined as unknown as OwnedEvent };
      f.event = this.scheduler.restoreOwnedAt(arrive, f.at, s[o + 2], f as Flight<unknown>);
      this.flights.add(f);
    }
    return end;
  }
}

/** Every view's state, one after another (each starts with its length). */
export function saveViews(views: readonly AgentView<unknown>[]): number[] {
  const out: number[] = [];
  for (const v of views) v.saveState(out);
  return out;
}

/** Checks that s holds the states of `count` views (by their lengths) before any is loaded. */
export function checkViews(count: number, s: ArrayLike<number>): void {
  let at = 0;
  let k = 0;
  for (; k < count && at < s.length; k++) at += 1 + s[at];
  if (k !== count || at !== s.length) throw new SpecError('snapshot.arrays.views', `the states of ${count} views`, `${s.length} numbers`);
}

function arrive(this: VirtualScheduledAction<Flight<unknown>>, f?: Flight<unknown>): void {
  f!.view.arrived(f!);
}
