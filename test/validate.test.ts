import { MAX_NAME_LENGTH, folderName, rejectNulls } from '../src/validate';
import { expectSpecError } from './support/spec-error';

describe('folderName', () => {
  it('accepts a plain name up to the length limit', () => {
    expect(folderName('name', 'rbm-bas_2.v1')).toBe('rbm-bas_2.v1');
    expect(folderName('name', 'x'.repeat(MAX_NAME_LENGTH))).toHaveLength(MAX_NAME_LENGTH);
  });

  // A name past the file system's 255 bytes failed with ENAMETOOLONG (a stack trace) only when
  // the run wrote its first file, after the output folder was made.
  it.each([['x'.repeat(MAX_NAME_LENGTH + 1)], ['x'.repeat(80_000)], ['..'], ['../x'], ['.hidden'], ['a/b'], [''], [7]])('refuses bad name %#', (v) => {
    expectSpecError(() => folderName('name', v), 'name');
  });
});

describe('rejectNulls', () => {
  it('passes a spec without nulls', () => {
    expect(() => rejectNulls({ a: 1, b: [1, { c: 'x' }], d: { e: false } })).not.toThrow();
  });

  it.each<[unknown, string, string]>([
    [null, '', 'spec'],
    [{ hidden: null }, '', 'hidden'],
    [{ network: { random: { kMin: null } } }, '', 'network.random.kMin'],
    [{ protocols: [{ b: 0.5 }, { b: null }] }, '', 'protocols[1].b'],
    [{ random: { seed: null } }, 'sweep', 'sweep.random.seed'],
    [[1, null], 'lr', 'lr[1]'],
  ])('names the first null: %j', (v, prefix, field) => {
    expectSpecError(() => rejectNulls(v, prefix), field);
  });
});
