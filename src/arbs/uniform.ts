import fc from 'fast-check';

/**
 * A double uniform in [min, max], on a grid of 1e6 steps, shrinking towards min. fc.double is
 * not uniform: it favours small and special values (about 90% of fc.double({min: 0, max: 0.9})
 * falls below 0.01), so a jitter or delay drawn with it was almost never large.
 */
export function uniformArb(min: number, max: number): fc.Arbitrary<number> {
  // noBias: fc.integer too draws small values more often (17% below 1% of the range).
  return fc.noBias(fc.integer({ min: 0, max: 1_000_000 })).map((i) => Math.min(max, min + ((max - min) * i) / 1_000_000));
}

/** Either exactly 0 (the clean case, one draw in five) or uniform in [0, max]. */
export const zeroOr = (max: number): fc.Arbitrary<number> => fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: uniformArb(0, max), weight: 4 });

/** A value or, one draw in three, nothing (the field left out: its default). */
export const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: arb, weight: 2 });

/** An object without its undefined fields (a spec leaves an optional field out, it does not write undefined). */
export function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
