import { Observable, Subscriber, Subscription } from 'rxjs';
import { Ticking } from '../scheduler/agent-clock';
import { Rng } from '../scheduler/random';
import { OwnedEvent, VirtualScheduledAction, VirtualScheduler } from '../scheduler/virtual-scheduler';
import { Distortion } from '../streams/operators';

/** Which stage a value in flight is in: the fixed delay, or the random delay. */
const DELAY = 0;
const RANDOM_DELAY = 1;

/** A value in flight: its stage, arrival time, value, and its pending event. */
interface Flight {
  view: EndpointView;
  stage: number;
  at: number;
  v: number;
  event: OwnedEvent;
}

/**
 * How a reactive synapse senses one endpoint: the current state on subscribe, then every change
 * through `distort(view, rng, scheduler)` (src/streams/operators.ts), stage by stage (fixed
 * delay, random delay, jittered sampling, drop), drawing from the synapse's substream and taking
 * insertion numbers at the very moments those operators do, so runs are bit for bit the same (the
 * event engine, which compiles the same stages, checks it). Its state lives in this object, not
 * in operator closures, so a snapshot saves it: the values in flight with their times and
 * insertion numbers, the FIFO link's last arrival, the sampler's latest value.
 */
export class EndpointView extends Ticking {
  private readonly flights = new Set<Flight>();
  private lastArrival = -Infinity;
  private has = false;
  private latest = 0;
  private out: Subscriber<number> | undefined = undefined;

  constructor(
    private readonly d: Distortion,
    private readonly draw: Rng,
    scheduler: VirtualScheduler,
  ) {
    super(scheduler);
  }

  /** The view of `s$` (a stream with a current value) as the synapse subscribes to it. One subscriber. */
  of(s$: Observable<number>): Observable<number> {
    return new Observable<number>((out) => {
      this.out = out;
      let first = true;
      // One listener of the endpoint, where distort's skip(1) subscribes; the current value goes
      // straight through, as merge(take(1), ...) passes it.
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
    if (this.has) this.afterSample(this.latest);
  }

  private enter(v: number): void {
    if (this.d.delay) this.send(DELAY, this.scheduler.now() + this.d.delay, v);
    else this.afterDelay(v);
  }

  private afterDelay(v: number): void {
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

  private afterRandomDelay(v: number): void {
    if (this.d.sample) {
      this.has = true;
      this.latest = v;
    } else this.afterSample(v);
  }

  private afterSample(v: number): void {
    if (this.d.drop && this.draw.bernoulli(this.d.drop)) return;
    this.out?.next(v);
  }

  private send(stage: number, at: number, v: number): void {
    const f: Flight = { view: this, stage, at, v, event: undefined as unknown as OwnedEvent };
    f.event = this.scheduler.scheduleOwnedAt(arrive, at, f);
    this.flights.add(f);
  }

  /** @internal a value in flight arrived. */
  arrived(f: Flight): void {
    this.flights.delete(f);
    if (f.stage === DELAY) this.afterDelay(f.v);
    else this.afterRandomDelay(f.v);
  }

  /**
   * Its state for a snapshot: [has, latest, lastArrival, values in flight, then (stage, at,
   * insertion number, value) for each]; the sampling clock's next tick is the scheduler's.
   */
  saveState(): number[] {
    const out = [this.has ? 1 : 0, this.latest, this.lastArrival, this.flights.size];
    for (const f of this.flights) out.push(f.stage, f.at, f.event.pendingSeq, f.v);
    return out;
  }

  /** Sets what saveState saved, re-queueing the values in flight (after the scheduler's restore). */
  loadState(s: ArrayLike<number>): void {
    this.has = s[0] === 1;
    this.latest = s[1];
    this.lastArrival = s[2];
    for (const f of this.flights) f.event.unsubscribe();
    this.flights.clear();
    for (let k = 0; k < s[3]; k++) {
      const o = 4 + 4 * k;
      const f: Flight = { view: this, stage: s[o], at: s[o + 1], v: s[o + 3], event: undefined as unknown as OwnedEvent };
      f.event = this.scheduler.restoreOwnedAt(arrive, f.at, s[o + 2], f);
      this.flights.add(f);
    }
  }

  /** How many numbers saveState returns now. */
  stateLength(): number {
    return 4 + 4 * this.flights.size;
  }
}

function arrive(this: VirtualScheduledAction<Flight>, f?: Flight): void {
  f!.view.arrived(f!);
}
