import { z } from 'zod';
import { SpecError } from '../../src/errors';
import { Registry, expecting, readKind, readParams } from '../../src/registry';
import { expectSpecError } from '../support/spec-error';

type Entry = { kind: string; doc: string; params: z.ZodType };

describe('Registry', () => {
  const make = () => {
    const r = new Registry<Entry>('widget');
    r.register({ kind: 'a', doc: 'first', params: z.strictObject({ x: z.number().positive().default(1) }) });
    r.register({ kind: 'b', doc: 'second', params: z.strictObject({}) });
    return r;
  };

  it('looks kinds up in registration order and names the field of an unknown one', () => {
    const r = make();
    expect(r.kinds()).toEqual(['a', 'b']);
    expect(r.of({ kind: 'b' }, 'thing').doc).toBe('second');
    expect(() => r.of({ kind: 'c' }, 'thing')).toThrow('thing.kind: expected one of a, b, got "c"');
    expect(() => r.of({}, 'thing')).toThrow('thing.kind: expected one of a, b');
    expectSpecError(() => r.of(null, 'thing'), 'thing');
  });

  it('refuses a taken kind unless replacing, and names that are not identifiers', () => {
    const r = make();
    expect(() => r.register({ kind: 'a', doc: 'again', params: z.strictObject({}) })).toThrow(/widget kind "a" is already registered/);
    r.register({ kind: 'a', doc: 'again', params: z.strictObject({}) }, { replace: true });
    expect(r.of({ kind: 'a' }, 'f').doc).toBe('again');
    expect(() => r.register({ kind: '1x', doc: '', params: z.strictObject({}) })).toThrow(TypeError);
    expect(r.unregister('a')).toBe(true);
    expect(r.kinds()).toEqual(['b']);
  });

  it('readKind fills defaults and checks the parameters under the field', () => {
    const r = make();
    expect(readKind(r, { kind: 'a' }, 'w').params).toEqual({ x: 1 });
    expect(readKind(r, { kind: 'a', x: 2.5 }, 'w').params).toEqual({ x: 2.5 });
    expect(() => readKind(r, { kind: 'a', x: -1 }, 'w')).toThrow('w.x: expected a finite number > 0, got -1');
    expect(() => readKind(r, { kind: 'a', y: 1 }, 'w')).toThrow('w.y: expected a known key (x), got "y"');
  });
});

describe('readParams: schema problems in the error contract', () => {
  const schema = z.strictObject({
    n: z.number().int().min(1),
    p: z.number().min(0).max(1),
    mode: z.enum(['fast', 'exact']).default('exact'),
    inner: z.strictObject({ k: z.number().positive() }).optional(),
    list: z.array(z.number()).optional(),
  });
  const cases: [string, unknown, string, RegExp][] = [
    ['a wrong type', { n: 'x', p: 0 }, 'spec.n', /expected an integer >= 1, got "x"/],
    ['null', { n: null, p: 0 }, 'spec.n', /expected an integer >= 1, got null/],
    ['not an integer', { n: 1.5, p: 0 }, 'spec.n', /expected an integer >= 1, got 1.5/],
    ['below a minimum', { n: 0, p: 0 }, 'spec.n', /expected an integer >= 1, got 0/],
    ['above a maximum', { n: 1, p: 2 }, 'spec.p', /expected a finite number in \[0, 1\], got 2/],
    ['an unknown option', { n: 1, p: 0, mode: 'slow' }, 'spec.mode', /expected one of "fast", "exact", got "slow"/],
    ['a nested unknown key', { n: 1, p: 0, inner: { k: 1, q: 2 } }, 'spec.inner.q', /expected a known key \(k\)/],
    ['a nested range', { n: 1, p: 0, inner: { k: 0 } }, 'spec.inner.k', /expected a finite number > 0, got 0/],
    ['an array element', { n: 1, p: 0, list: [1, 'x'] }, 'spec.list[1]', /expected a finite number/],
  ];
  it.each(cases)('%s', (_name, value, field, message) => {
    let err: unknown;
    try {
      readParams(schema, value, 'spec');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).field).toBe(field);
    expect((err as SpecError).message).toMatch(message);
  });
});

describe('readParams: unions, own wording and whole specs', () => {
  const length = z.union([z.strictObject({ fixed: z.int().min(1) }), z.strictObject({ geometric: z.number().positive(), step: z.int().min(1).default(1) })], expecting('{fixed} or {geometric}'));
  const schema = z.strictObject({
    seed: z.int().min(0).default(1),
    path: z.string(expecting('the path of a file')).min(1).optional(),
    data: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('a'), n: z.int().min(1).max(4) }), z.strictObject({ kind: z.literal('b') })]).optional(),
    length: length.optional(),
    list: z.array(z.number()).min(2).optional(),
  });
  const cases: [string, unknown, string][] = [
    ['a whole spec that is not an object', 3, 'spec: expected an object {seed, path, data, length, list}, got 3'],
    ['an unknown top-level key, before other problems', { seed: -1, sed: 1 }, 'spec.sed: expected a known key (seed, path, data, length, list), got "sed"'],
    ['a top-level field', { seed: -1 }, 'seed: expected an integer >= 0, got -1'],
    ['a schema in its own words', { path: '' }, 'path: expected the path of a file, got ""'],
    ['an unknown discriminator', { data: { kind: 'c' } }, 'data.kind: expected one of "a", "b", got "c"'],
    ['a field of the form named', { data: { kind: 'a', n: 5 } }, 'data.n: expected an integer in [1, 4], got 5'],
    ['a key of the form named', { data: { kind: 'b', n: 1 } }, 'data.n: expected a known key (kind), got "n"'],
    ['the form a value comes closest to', { length: { fixed: 2.5 } }, 'length.fixed: expected an integer >= 1, got 2.5'],
    ['no form closest', { length: { uniform: 2 } }, 'length: expected {fixed} or {geometric}, got {"uniform":2}'],
    ['a short array', { list: [1] }, 'list: expected an array of at least 2 items, each a finite number, got [1]'],
  ];
  it.each(cases)('%s', (_name, value, message) => {
    expect(() => readParams(schema, value, '')).toThrow(message);
  });
});
