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

/** The message of the SpecError that f throws (fails the test if f throws anything else or nothing). */
export function specMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as SpecError).message;
  }
  throw new Error('expected a SpecError');
}
