import { z } from 'zod';
import { readParams } from '../../src/registry';
import { lazySchema, lazyZ } from '../../src/registry/lazy-zod';
import { expectSpecError } from '../support/spec-error';

/**
 * The lazy schemas the registries hold stand for the schema they build: built once, on first
 * use, and indistinguishable to zod and to readParams (instanceof, wrapping, field errors).
 * Whether importing the engine loads zod is checked on the installed package
 * (test/package/consumer.test.ts), where the module cache is the user's.
 */
describe('lazySchema and lazyZ', () => {
  it('builds the schema once, on first use', () => {
    let built = 0;
    const s = lazySchema((zz) => (built++, zz.strictObject({ a: zz.number().positive() })));
    expect(built).toBe(0);
    expect(s.parse({ a: 1 })).toEqual({ a: 1 });
    expect(s.safeParse({ a: 2 }).success).toBe(true);
    expect(built).toBe(1);
  });

  it('is a zod schema to zod and to readParams: instanceof, wrapping, field-named errors', () => {
    const s = lazySchema((zz) => zz.strictObject({ a: zz.number().positive().default(1) }));
    expect(s instanceof z.ZodObject).toBe(true);
    expect(z.strictObject({ inner: s.optional() }).parse({ inner: {} })).toEqual({ inner: { a: 1 } });
    expect(readParams(s, {}, 'x')).toEqual({ a: 1 });
    expectSpecError(() => readParams(s, { a: -1 }, 'x'), 'x.a');
    expectSpecError(() => readParams(s, { b: 1 }, 'x'), 'x.b');
    expect(Object.keys(s.shape)).toEqual(['a']);
  });

  it('lazyZ is zod: its functions and classes (a plugin may extend one)', () => {
    expect(lazyZ.number().parse(3)).toBe(3);
    expect(lazyZ.ZodObject).toBe(z.ZodObject);
    expect(lazyZ.number() instanceof z.ZodNumber).toBe(true);
  });
});
