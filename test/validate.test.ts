import { MAX_NAME_LENGTH, folderName } from '../src/validate';
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
