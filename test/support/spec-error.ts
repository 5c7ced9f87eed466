import { SpecError } from '../../src/errors';

/** The SpecError that f throws (fails the test if f throws anything else or nothing). */
function thrownSpecError(f: () => unknown): SpecError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error('expected a SpecError');
}

/** The field named by the SpecError that f throws. */
export function specField(f: () => unknown): string {
  return thrownSpecError(f).field;
}

/** The message of the SpecError that f throws. */
export function specMessage(f: () => unknown): string {
  return thrownSpecError(f).message;
}

/** f throws a SpecError naming `field`, and its message starts from that field (f runs once). */
export function expectSpecError(f: () => unknown, field: string): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SpecError);
  expect((err as SpecError).field).toBe(field);
  expect((err as SpecError).message).toContain(field);
}
