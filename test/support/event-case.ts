import fc from 'fast-check';
import { Observable, distinctUntilChanged, map } from 'rxjs';
import { ClampSignal } from '../../src/streams/clamp-signal';
import { Engine, EngineOptions } from '../../src/engines/engine';
import { Substrate } from '../../src/substrates/substrate';
import { Distortion } from '../../src/streams/operators';
import { Timing } from '../../src/engines/timing';
import { readAtTick } from '../../src/engines/event/endpoint-views';

/** An engine builder (reactive, event, array): the same options for every engine. */
export type Build = <NP, P>(sub: Substrate<NP>, opts: EngineOptions<P>) => Engine;

export interface AsyncTiming {
  timing: Timing;
  tickOffset?: number;
  endpointView?: Distortion;
  clockView?: Distortion;
}

/** Timing on the scale of the node period p: every feature on or off independently. */
export const asyncTimingArb = (p: number): fc.Arbitrary<AsyncTiming> => {
  const view = fc.record(
    {
      delay: fc.double({ min: 0, max: 3 * p, noNaN: true }),
      randomDelay: fc.double({ min: 0, max: 2 * p, noNaN: true }).chain((min) => fc.record({ min: fc.constant(min), max: fc.double({ min, max: min + 3 * p, noNaN: true }) })),
      sample: fc.record({ period: fc.double({ min: 0.3 * p, max: 2 * p, noNaN: true }), jitter: fc.double({ min: 0, max: 0.6, noNaN: true }) }),
      drop: fc.double({ min: 0, max: 0.5, noNaN: true }),
    },
    { requiredKeys: [] },
  );
  // A view that only delays (one fixed or one random delay): the event engine's read-time
  // delivery (EndpointViews), which the records above reach only now and then.
  const delayOnly = fc.oneof(
    fc.record({ delay: fc.double({ min: 0.05 * p, max: 3 * p, noNaN: true }) }),
    fc.record({ randomDelay: fc.double({ min: 0, max: 2 * p, noNaN: true }).chain((min) => fc.record({ min: fc.constant(min), max: fc.double({ min, max: min + 3 * p, noNaN: true }) })) }),
  );
  return fc.record(
    {
      timing: fc.record({
        tau: fc.constant(3 * p),
        nodePeriod: fc.constant(p),
        synapsePeriod: fc.double({ min: 0.5 * p, max: 3 * p, noNaN: true }),
        rateSpread: fc.oneof(fc.constant(1), fc.double({ min: 1, max: 3, noNaN: true })),
        jitter: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
      }),
      tickOffset: fc.double({ min: 0, max: p, noNaN: true }),
      endpointView: fc.oneof(view, delayOnly),
      clockView: view,
    },
    { requiredKeys: ['timing'] },
  );
};

/**
 * The scheduler's event count where engines must agree on it: not where the event engine
 * delivers endpoint views' values at the reading tick (readAtTick), whose arrivals the reactive
 * engine runs as events of their own.
 */
export function comparableEvents(eventCount: number, t: AsyncTiming): Float64Array {
  return t.endpointView !== undefined && readAtTick(t.endpointView) ? new Float64Array(0) : Float64Array.of(eventCount);
}

/** Bit-for-bit equality, with the first difference named. */
export function expectSameBits(a: Float64Array[], b: Float64Array[]): void {
  a.forEach((arr, k) => {
    arr.forEach((x, i) => {
      if (!Object.is(x, b[k][i])) throw new Error(`sample ${k}, entry ${i}: reactive ${x}, event ${b[k][i]}`);
    });
  });
}


/**
 * Source and target drives that change with the clock's cycle index, each to its own value
 * (a sine per source, a cosine per output), so that every example differs: what the engine
 * property tests present to a resistor network.
 */
export function cycleDrives(clock: Observable<ClampSignal>, sources: number, outputs: number): { sourceDrives: Observable<number>[]; targetDrives: Observable<number>[] } {
  const drive = (f: (k: number) => number): Observable<number> =>
    clock.pipe(
      map((s) => f(s.index)),
      distinctUntilChanged(),
    );
  return {
    sourceDrives: Array.from({ length: sources }, (_, j) => drive((k) => Math.sin(1 + j + 0.7 * k))),
    targetDrives: Array.from({ length: outputs }, (_, j) => drive((k) => 0.3 * Math.cos(j + 1.3 * k))),
  };
}
