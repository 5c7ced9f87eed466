import { chmodSync, closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { runCli, tempDir } from '../support/cli';

const tmp = tempDir('phaseless-task-errors-');

// A network with inputs n1, n2 and output n7, so a task file's columns are in:n1, in:n2, out:n7.
const spec = { substrate: { kind: 'resistor', network: { random: { n: 8, meanDegree: 3, kMin: 0.5, kMax: 2, inputs: 2, outputs: 1 } } }, engine: 'lockstep', budget: { epochs: 1 } };
const head = 'in:n1,in:n2,out:n7';

/** Runs `phaseless run` on the spec with this task; the one error line (after "phaseless: error: "), and no folder made. */
async function refused(name: string, task: unknown): Promise<string> {
  const out = join(tmp.path(), `out-${name}`);
  const r = await runCli(['run', tmp.file(`${name}.json`, { ...spec, task }), '--out', out]);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(existsSync(out)).toBe(false);
  const lines = r.err.split('\n');
  expect(lines).toHaveLength(2); // one line and its newline
  expect(lines[0]).toMatch(/^phaseless: error: /);
  return lines[0].slice('phaseless: error: '.length);
}

/** A CSV file in the temp folder; `name` and its absolute path (as errors name it). */
function csv(name: string, text: string): { name: string; at: string } {
  writeFileSync(join(tmp.path(), name), text);
  return { name, at: `task.file (${join(tmp.path(), name)})` };
}

describe('a task file that cannot be used: one error line naming the file, line and column; nothing written', () => {
  it.each([
    ['an empty file', '', (at: string) => `${at}: expected a header row naming the columns, then one row per example, got "an empty file"`],
    ['blank lines only', '\n  \n\n', (at: string) => `${at}: expected a header row naming the columns, then one row per example, got "an empty file"`],
    ['a header only', `${head}\n`, (at: string) => `${at}: expected at least one row of values after the header, got "a header only"`],
    ['no header', '1,2,3\n4,5,6\n', (at: string) => `${at} line 1: expected a header row naming the columns (the first row holds numbers), got "1,2,3"`],
    ['a row with a missing cell', `${head}\n1,2,3\n\n4,5\n`, (at: string) => `${at} line 4: expected 3 cells, one per header column, got "2 cells"`],
    ['a row with an extra cell', `${head}\r\n1,2,3,4\r\n`, (at: string) => `${at} line 2: expected 3 cells, one per header column, got "4 cells"`],
    ['a word in a cell', `${head}\n1,2,3\n1,two,3\n`, (at: string) => `${at} line 3 column 2 "in:n2": expected a number, got "two"`],
    ['an empty cell (Number would read 0)', `${head}\n1,,3\n`, (at: string) => `${at} line 2 column 2 "in:n2": expected a number, got ""`],
    ['a hexadecimal cell', `${head}\n1,2,0x1f\n`, (at: string) => `${at} line 2 column 3 "out:n7": expected a number, got "0x1f"`],
    ['Infinity', `${head}\nInfinity,2,3\n`, (at: string) => `${at} line 2 column 1 "in:n1": expected a number, got "Infinity"`],
    ['a number too large for a double', `${head}\n1e999,2,3\n`, (at: string) => `${at} line 2 column 1 "in:n1": expected a finite number, got "1e999"`],
    ['a column twice', 'in:n1,in:n2,in:n1\n1,2,3\n', (at: string) => `${at} line 1 column 3: expected a column name not already used (column 1), got "in:n1"`],
    ['an empty column name', 'in:n1,,out:n7\n1,2,3\n', (at: string) => `${at} line 1 column 2: expected a column name in the header row, got ""`],
    ['a column the network does not have', 'in:n1,in:n3,out:n7\n1,2,3\n', (at: string) => `${at} header column 2: expected one of the network's columns in:n1, in:n2, out:n7 or split, got "in:n3"`],
    ['a missing output column', 'in:n1,in:n2\n1,2\n', (at: string) => `${at} header: expected a column for every network input and output (missing out:n7), got "in:n1,in:n2"`],
    ['a split that is neither train nor test', `${head},split\n1,2,3,train\n1,2,3,validation\n`, (at: string) => `${at} line 3 column 4 "split": expected train or test, got "validation"`],
    ['a split with no test row', `${head},split\n1,2,3,train\n1,2,3,train\n`, (at: string) => `${at} column "split": expected at least one train and one test row, got "2 train, 0 test"`],
    ['a single row to split by the seed', `${head}\n1,2,3\n`, () => 'task: expected at least 2 examples to hold some out for testing (or a given test set), got 1'],
  ])('%s', async (name, text, message) => {
    const f = csv(`${name.replace(/\W+/g, '-')}.csv`, text);
    expect(await refused(name.replace(/\W+/g, '-'), { file: f.name })).toBe(message(f.at));
  });

  it("a file that cannot be read (permissions), when the tests do not run as root", async () => {
    const locked = csv('locked.csv', `${head}\n1,2,3\n`);
    chmodSync(join(tmp.path(), locked.name), 0);
    if (process.getuid?.() === 0) return; // root reads it anyway
    expect(await refused('locked', { file: locked.name })).toBe(`task.file: expected a readable CSV file (EACCES), got ${JSON.stringify(join(tmp.path(), locked.name))}`);
  });

  it('a byte-order mark (as spreadsheets save UTF-8) is not part of the first column name', async () => {
    const text = `${head},split\n1,2,3,train\n4,5,6,test\n`;
    csv('bom.csv', `\uFEFF${text}`);
    const out = join(tmp.path(), 'bom-out.csv');
    const r = await runCli(['export-task', tmp.file('bom.json', { ...spec, task: { file: 'bom.csv' } }), '--out', out]);
    expect(r.err).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('a file that does not exist, or is a folder', async () => {
    expect(await refused('missing', { file: 'nowhere.csv' })).toBe(`task.file: expected a readable CSV file (relative to the spec file), got ${JSON.stringify(join(tmp.path(), 'nowhere.csv'))}`);
    expect(await refused('folder', { file: '.' })).toBe(`task.file: expected a readable CSV file (relative to the spec file), got ${JSON.stringify(tmp.path())}`);
    csv('train-ok.csv', `${head}\n1,2,3\n`);
    expect(await refused('missing-test', { file: 'train-ok.csv', testFile: 'no-test.csv' })).toBe(`task.testFile: expected a readable CSV file (relative to the spec file), got ${JSON.stringify(join(tmp.path(), 'no-test.csv'))}`);
  });

  it('sizes are checked before the file is read or its rows allocated', async () => {
    // A sparse file: 65 MB by its size, no disk used, refused from stat alone.
    const big = join(tmp.path(), 'big.csv');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 65 * 1024 * 1024);
    closeSync(fd);
    expect(await refused('big', { file: 'big.csv' })).toBe(`task.file (${big}): expected a file of at most 64 MB, got "65.0 MB"`);
    const wide = csv('wide.csv', `${Array.from({ length: 1025 }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(1024)}1\n`);
    expect(await refused('wide', { file: wide.name })).toBe(`${wide.at} header: expected at most 1024 columns, got 1025`);
    const long = csv('long.csv', `${head}\n${'1,2,3\n'.repeat(100_001)}`);
    expect(await refused('long', { file: long.name })).toBe(`${long.at}: expected at most 100000 rows, got 100001`);
    const cells = csv('cells.csv', `${Array.from({ length: 41 }, (_, i) => `c${i}`).join(',')}\n${`${'1,'.repeat(40)}1\n`.repeat(100_000)}`);
    expect(await refused('cells', { file: cells.name })).toBe(`${cells.at}: expected at most 4000000 cells (rows x columns), got "100000 x 41"`);
  });

  it('a testFile must have the columns of the file, and neither may have a split column', async () => {
    csv('t-train.csv', `${head}\n1,2,3\n`);
    csv('t-other.csv', `in:n2,in:n1,out:n7\n1,2,3\n`);
    expect(await refused('t-order', { file: 't-train.csv', testFile: 't-other.csv' })).toBe(
      `task.testFile (${join(tmp.path(), 't-other.csv')}) header: expected the columns of task.file, in its order (in:n1,in:n2,out:n7), got "in:n2,in:n1,out:n7"`,
    );
    csv('t-split.csv', `${head},split\n1,2,3,test\n`);
    expect(await refused('t-split', { file: 't-train.csv', testFile: 't-split.csv' })).toBe(`task.testFile (${join(tmp.path(), 't-split.csv')}): expected no split column with a separate testFile`);
  });
});

describe('a JSON task file that cannot be used names the file and the element', () => {
  it.each([
    ['broken JSON', '{"examples": [', (at: string) => `${at}: expected valid JSON (`],
    ['an array', '[]', (at: string) => `${at}: expected an object {examples: [...], test?: [...]}, got []`],
    ['an unknown key', '{"examples": [{"inputs": [1, 2], "targets": [3]}], "train": []}', (at: string) => `${at}.train: expected a known key (examples, test), got "train"`],
    ['a null input', '{"examples": [{"inputs": [1, 2], "targets": [3]}, {"inputs": [1, null], "targets": [3]}]}', (at: string) => `${at}.examples[1].inputs[1]: expected a finite number, got null`],
    ['too few inputs', '{"examples": [{"inputs": [1, 2], "targets": [3]}], "test": [{"inputs": [1], "targets": [3]}]}', (at: string) => `${at}.test[0].inputs: expected 2 numbers (one per network input: n1, n2), got 1`],
  ])('%s', async (name, text, message) => {
    const file = `${name.replace(/\W+/g, '-')}.json`;
    writeFileSync(join(tmp.path(), file), text);
    expect(await refused(`json-${name.replace(/\W+/g, '-')}`, { file })).toContain(message(`task.file (${join(tmp.path(), file)})`));
  });

  it('a testFile with a JSON file, and a missing JSON file', async () => {
    writeFileSync(join(tmp.path(), 'ok.json'), '{"examples": [{"inputs": [1, 2], "targets": [3]}, {"inputs": [2, 2], "targets": [3]}]}');
    expect(await refused('json-testfile', { file: 'ok.json', testFile: 'x.csv' })).toBe('task.testFile: expected not given with a JSON task file (its "test" holds the test examples), got "x.csv"');
    expect(await refused('json-missing', { file: 'gone.json' })).toBe(`task.file: expected a readable JSON file (relative to the spec file), got ${JSON.stringify(join(tmp.path(), 'gone.json'))}`);
  });
});

describe('a data task section that cannot be used names the field', () => {
  const ex = (inputs: unknown, targets: unknown) => ({ inputs, targets });
  it.each([
    ['file and examples', { file: 'a.csv', examples: [ex([1, 2], [3])] }, 'task: expected either file or examples, not both, got ["file","examples"]'],
    ['a file that is not a path', { file: 3 }, 'task.file: expected a path to a CSV file (relative to the spec file), got 3'],
    ['test with a file', { file: 'a.csv', test: [ex([1, 2], [3])] }, 'task.test: expected not given with file (use testFile, or a split column), got [{"inputs":[1,2],"targets":[3]}]'],
    ['testFile with examples', { examples: [ex([1, 2], [3])], testFile: 'b.csv' }, 'task.testFile: expected not given with examples (use test), got "b.csv"'],
    ['an unknown key', { file: 'a.csv', split: 'x' }, 'task.split: expected a known key (file, testFile, examples, test, testFraction), got "split"'],
    ['an unknown teacher key', { trian: 3 }, 'task.trian: expected a known key (train, test, inputRange, teacherK, teacher, file, examples), got "trian"'],
    ['no examples', { examples: [] }, 'task.examples: expected a non-empty array of {inputs: [...], targets: [...]}, got []'],
    ['an example without targets', { examples: [{ inputs: [1, 2] }] }, 'task.examples[0].targets: expected an array of 1 to 1024 numbers'],
    ['a string among the inputs', { examples: [ex([1, 2], [3]), ex([1, '2'], [3])] }, 'task.examples[1].inputs[1]: expected a finite number, got "2"'],
    ['too few inputs for the network', { examples: [ex([1, 2], [3]), ex([1], [3])] }, 'task.examples[1].inputs: expected 2 numbers (one per network input: n1, n2), got 1'],
    ['too many targets for the network', { examples: [ex([1, 2], [3])], test: [ex([1, 2], [3, 4])] }, 'task.test[0].targets: expected 1 numbers (one per network output: n7), got 2'],
    ['testFraction 1', { examples: [ex([1, 2], [3]), ex([1, 2], [3])], testFraction: 1 }, 'task.testFraction: expected a number in [0, 1), got 1'],
    ['testFraction 0', { examples: [ex([1, 2], [3]), ex([1, 2], [3])], testFraction: 0 }, 'task.testFraction: expected a number in (0, 1), got 0'],
    ['testFraction with a test set', { examples: [ex([1, 2], [3])], test: [ex([1, 2], [3])], testFraction: 0.5 }, 'task.testFraction: expected not given with a separate test set, got 0.5'],
    ['a null test set', { examples: [ex([1, 2], [3])], test: null }, 'task.test: expected a value (leave the field out for the default), got null'],
  ])('%s', async (name, task, message) => {
    expect(await refused(name.replace(/\W+/g, '-'), task)).toContain(message);
  });

  it('testFraction with a split column in the file', async () => {
    csv('with-split.csv', `${head},split\n1,2,3,train\n1,2,3,test\n`);
    expect(await refused('fraction-split', { file: 'with-split.csv', testFraction: 0.5 })).toBe('task.testFraction: expected not given with a split column in task.file, got 0.5');
  });
});
