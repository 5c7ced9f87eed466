import fc from 'fast-check';
import { PhaseLength } from '../../../src/streams/protocols';

/** Phase lengths in whole Gibbs steps: fixed, or geometric (step 1 or 2). */
export const PhaseLengthArb: fc.Arbitrary<PhaseLength> = fc.oneof(
  fc.integer({ min: 1, max: 12 }).map((n) => ({ fixed: n })),
  fc.tuple(fc.integer({ min: 2, max: 12 }), fc.constantFrom(1, 2)).map(([m, step]) => ({ geometric: m, step })),
);
