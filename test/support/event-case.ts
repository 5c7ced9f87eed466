import fc from 'fast-check';
import { Engine, EngineOptions } from '../../src/engines/engine';
import { Substrate } from '../../src/substrates/substrate';
import { Distortion } from '../../src/streams/operators';
import { Timing } from '../../src/engines/timing';

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
      endpointView: view,
      clockView: view,
    },
    { requiredKeys: ['timing'] },
  );
};

/** Bit-for-bit equality, with the first difference named. */
export function expectSameBits(a: Float64Array[], b: Float64Array[]): void {
  a.forEach((arr, k) => {
    arr.forEach((x, i) => {
      if (!Object.is(x, b[k][i])) throw new Error(`sample ${k}, entry ${i}: reactive ${x}, event ${b[k][i]}`);
    });
  });
}

