import { Observable, Subscription, delay, filter } from '../rx';
import type { MonoTypeOperatorFunction } from 'rxjs';
import { Rng } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { startTicks } from '../scheduler/agent-clock';
import { SpecError } from '../errors';
import { inRange, isRecord, nonNegative, positive } from '../validate';
import { lazySchema } from '../registry/lazy-zod';

/** The agent sees every value `d` later (signal propagation delay). */
export function delayBy<T>(d: number, scheduler: VirtualScheduler): MonoTypeOperatorFunction<T> {
  return delay<T>(d, scheduler);
}

/**
 * Each value arrives after its own random delay. With keepOrder (the default) a value never
 * overtakes an earlier one: it arrives at max(own arrival, previous arrival), like a FIFO link.
 */
export function randomDelay<T>(
  sample: (rng: Rng) => number,
  rng: Rng,
  scheduler: VirtualScheduler,
  keepOrder = true,
): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let lastArrival = -Infinity;
      let pending = 0;
      let sourceDone = false;
      // Its own container: the source's subscription closes when the source completes (or may
      // not exist yet for a synchronous source), and must not take in-flight values with it.
      const sub = new Subscription();
      sub.add(source.subscribe({
        next: (v) => {
          const d = sample(rng);
          if (!(d >= 0)) {
            subscriber.error(new RangeError(`randomDelay: sampled delay must be >= 0, got ${d}`));
            return;
          }
          let at = scheduler.now() + d;
          if (keepOrder) at = Math.max(at, lastArrival);
          lastArrival = at;
          pending++;
          sub.add(
            scheduler.scheduleAt(function () {
              this.unsubscribe(); // delivered: release it from the container
              subscriber.next(v);
              pending--;
              if (sourceDone && pending === 0) subscriber.complete();
            }, at),
          );
        },
        error: (e) => subscriber.error(e),
        complete: () => {
          sourceDone = true;
          if (pending === 0) subscriber.complete();
        },
      }));
      return sub;
    });
}

/**
 * The agent samples the latest value on its own irregular clock (period with relative jitter)
 * instead of seeing every change the moment it happens.
 */
export function jitterSampling<T>(
  period: number,
  jitter: number,
  rng: Rng,
  scheduler: VirtualScheduler,
): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let has = false;
      let latest: T;
      // Its own container, so the ticks go on (holding the latest value) after the source completes.
      const sub = new Subscription();
      sub.add(
        source.subscribe({
          next: (v) => {
            has = true;
            latest = v;
          },
          error: (e) => subscriber.error(e),
        }),
      );
      sub.add(
        startTicks(scheduler, { period, jitter, rng }, () => {
          if (has) subscriber.next(latest);
        }),
      );
      return sub;
    });
}

/** Each value is lost with probability p (a lossy link); draws from the agent's substream. */
export function dropWith<T>(p: number, rng: Rng): MonoTypeOperatorFunction<T> {
  if (!(p >= 0 && p < 1)) throw new RangeError(`dropWith: p must be in [0, 1), got ${p}`);
  return filter<T>(() => !rng.bernoulli(p));
}

/** A JSON description of how one agent sees the clock; applied in this order. */
export interface Distortion {
  /** A fixed delay (simulated time). */
  delay?: number;
  /** A delay drawn in [min, max] for each value; values keep their order. */
  randomDelay?: { min: number; max: number };
  /** The agent reads the latest value on its own clock: a period with relative jitter. */
  sample?: { period: number; jitter: number };
  /** Probability that a value is lost. */
  drop?: number;
}

/**
 * A distortion (an endpoint view) as a zod schema, for readers that declare their fields in zod:
 * the same fields and ranges checkDistortion checks, in the run's time units.
 */
export const distortionSchema = lazySchema((z) =>
  z
    .strictObject({
      delay: z.number().min(0).optional().describe('a fixed delay of every value'),
      randomDelay: z
        .strictObject({
          min: z.number().min(0).describe('shortest delay'),
          max: z.number().min(0).describe('longest delay (at least min)'),
        })
        .refine((r) => r.min <= r.max, { message: 'min <= max', path: ['max'] })
        .optional()
        .describe('a delay drawn uniformly in [min, max] for each value; values keep their order'),
      sample: z
        .strictObject({
          period: z.number().positive().describe('mean period of the reads'),
          jitter: z.number().min(0).lt(1).describe('relative jitter of every read interval'),
        })
        .optional()
        .describe('the latest value is read on its own clock instead of seen as it changes'),
      drop: z.number().min(0).lt(1).optional().describe('probability that a value is lost'),
    })
    .describe('how a synapse senses its endpoints {delay?, randomDelay?, sample?, drop?}, applied in that order'),
);

/**
 * Checks an endpoint-view distortion ({delay?, randomDelay?, sample?, drop?}), with a SpecError
 * naming the field.
 */
export function checkDistortion(field: string, d: unknown): Distortion {
  if (d === undefined) return {};
  if (!isRecord(d)) throw new SpecError(field, 'an object {delay?, randomDelay?, sample?, drop?}', d);
  for (const k of Object.keys(d)) {
    if (!['delay', 'randomDelay', 'sample', 'drop'].includes(k)) {
      throw new SpecError(`${field}.${k}`, 'one of delay, randomDelay, sample, drop', k);
    }
  }
  if (d.delay !== undefined) nonNegative(`${field}.delay`, d.delay);
  if (d.randomDelay !== undefined) {
    if (!isRecord(d.randomDelay)) throw new SpecError(`${field}.randomDelay`, 'an object {min, max}', d.randomDelay);
    const r = d.randomDelay as { min?: unknown; max?: unknown };
    const min = nonNegative(`${field}.randomDelay.min`, r.min);
    const max = nonNegative(`${field}.randomDelay.max`, r.max);
    if (max < min) throw new SpecError(`${field}.randomDelay`, 'min <= max', r);
  }
  if (d.sample !== undefined) {
    if (!isRecord(d.sample)) throw new SpecError(`${field}.sample`, 'an object {period, jitter}', d.sample);
    const s = d.sample as { period?: unknown; jitter?: unknown };
    positive(`${field}.sample.period`, s.period);
    inRange(`${field}.sample.jitter`, s.jitter, 0, 1, true);
  }
  if (d.drop !== undefined) inRange(`${field}.drop`, d.drop, 0, 1, true);
  return d as Distortion;
}

/** Applies a distortion with the agent's own substream, so each agent has its own view. */
export function distort<T>(d: Distortion, rng: Rng, scheduler: VirtualScheduler): MonoTypeOperatorFunction<T> {
  return (source) => {
    let out = source;
    if (d.delay) out = out.pipe(delayBy<T>(d.delay, scheduler));
    if (d.randomDelay) {
      const { min, max } = d.randomDelay;
      out = out.pipe(randomDelay<T>((r) => r.between(min, max), rng, scheduler));
    }
    if (d.sample) out = out.pipe(jitterSampling<T>(d.sample.period, d.sample.jitter, rng, scheduler));
    if (d.drop) out = out.pipe(dropWith<T>(d.drop, rng));
    return out;
  };
}
