import { SpecError } from '../../src/errors';

/** The field named by the SpecError that f throws (fails the test if f throws anything else or nothing). */
export function specField(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as SpecError).field;
  }
  throw new Error('expected a SpecError');
}
