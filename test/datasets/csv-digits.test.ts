import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { loadDigitSource } from '../../src/datasets/digit-source';
import { readCsvDigits } from '../../src/datasets/csv-digits';
import { Digits, PIXELS } from '../../src/datasets/mnist-digits';
import { readEpSpec } from '../../src/experiments/ep/ep-spec';
import { prepareEp } from '../../src/experiments/ep/ep-train';
import { expectRowsOf, rbmOnDigits } from '../support/rbm-digits';
import { runCli, tempDir } from '../support/cli';
import { specMessage } from '../support/spec-error';

const tmp = tempDir('phaseless-csv-');

/** n digits whose pixels and labels follow from their index, as CSV lines written here. */
function digitLines(n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, k) => [(k + offset) % 10, ...Array.from({ length: PIXELS }, (_, p) => (7 * (k + offset) + 13 * p) % 256)].join(','));
}

/** The same digits as Digits, built from the same formula (independent of the reader). */
function expected(n: number, offset = 0): Digits {
  const images = new Float64Array(n * PIXELS);
  for (let k = 0; k < n; k++) for (let p = 0; p < PIXELS; p++) images[k * PIXELS + p] = ((7 * (k + offset) + 13 * p) % 256) / 255;
  return { images, labels: Uint8Array.from({ length: n }, (_, k) => (k + offset) % 10), count: n };
}

function write(name: string, text: string | Buffer): string {
  const p = join(tmp.path(), name);
  writeFileSync(p, text);
  return p;
}


describe('CSV digits (label, then 784 pixels 0-255 per line)', () => {
  let plain = '';
  let withHeader = '';
  let gz = '';
  let test = '';
  beforeAll(() => {
    plain = write('train.csv', digitLines(30).join('\n') + '\n');
    withHeader = write('kaggle.csv', ['label,' + Array.from({ length: PIXELS }, (_, p) => `pixel${p}`).join(','), ...digitLines(30), ''].join('\r\n'));
    gz = write('train.csv.gz', gzipSync(digitLines(30).join('\n')));
    test = write('test.csv', digitLines(12, 100).join('\n'));
  });

  it('reads plain, headed (CRLF) and gzipped files to the same digits', () => {
    expect(readCsvDigits(plain, 'task.file')).toEqual(expected(30));
    expect(readCsvDigits(withHeader, 'task.file')).toEqual(expected(30));
    expect(readCsvDigits(gz, 'task.file')).toEqual(expected(30));
  });

  it('a separate test set: its digits follow the training digits', () => {
    const { digits, testFrom } = loadDigitSource({ kind: 'csv', file: plain, testFile: test }, 'data');
    expect(testFrom).toBe(30);
    expect(digits.images.subarray(30 * PIXELS)).toEqual(expected(12, 100).images);
    expect(Array.from(digits.labels.subarray(30))).toEqual(Array.from(expected(12, 100).labels));
  });

  it.each([
    ['a missing file', () => join(tmp.path(), 'nowhere.csv'), /^task\.file: expected a readable CSV file .*ENOENT/],
    ['a short line', () => write('short.csv', digitLines(2).join('\n') + '\n3,1,2\n'), /^task\.file \(.*short\.csv\): expected line 3: 785 comma-separated numbers \(a label 0-9, then 784 pixels 0-255\), got 3/],
    ['a label that is not a digit', () => write('label.csv', '12' + digitLines(1)[0].slice(1)), /expected line 1: a label 0-9 first, got "12"/],
    ['a pixel out of range', () => write('pixel.csv', digitLines(1)[0].replace(/,\d+$/, ',256')), /expected line 1: pixel 783 a number 0-255, got "256"/],
    ['an empty pixel', () => write('empty.csv', digitLines(1)[0].replace(/,\d+$/, ',')), /expected line 1: pixel 783 a number 0-255, got ""/],
    ['a pixel in hexadecimal (Number() would read 31)', () => write('hex.csv', digitLines(1)[0].replace(/,\d+$/, ',0x1f')), /expected line 1: pixel 783 a number 0-255, got "0x1f"/],
    ['a file with no digits', () => write('header-only.csv', 'label,pixel0\n\n'), /expected at least one line of a label and 784 pixels/],
  ])('refuses %s, naming the field, file and line', (_what, path, expectedMessage) => {
    expect(specMessage(() => readCsvDigits(path(), 'task.file'))).toMatch(expectedMessage);
  });

  const tiny = { name: 'csv', substrate: { kind: 'hopfield', layers: [784, 8, 10] }, rule: { kind: 'classic', lr: [0.1, 0.05] }, budget: { epochs: 1, batch: 5 } };

  it('EP learns from CSV digits exactly as from the same digits given directly', () => {
    const spec = readEpSpec({ ...tiny, task: { kind: 'csv', file: withHeader, train: 20, test: 10 } });
    expect(spec.data).toMatchObject({ kind: 'csv', train: 20, test: 10 });
    const fromFile = prepareEp(spec);
    const given = prepareEp(spec, undefined, expected(30));
    expect(fromFile.split).toEqual(given.split);
    const a = fromFile.epoch();
    const b = given.epoch();
    expect({ ...a, testSeconds: 0, trainSeconds: 0 }).toEqual({ ...b, testSeconds: 0, trainSeconds: 0 });
  });

  it('the CLI reads CSV paths relative to the spec file, stores them absolute, and refuses a bad file before any output', async () => {
    const spec = tmp.file('ep-csv.json', { ...tiny, task: { kind: 'csv', file: 'train.csv', testFile: 'test.csv', train: 10, test: 12 } });
    const out = join(tmp.path(), 'run');
    const r = await runCli(['run', spec, '--out', out]);
    expect(r.err).not.toMatch(/phaseless: error/);
    expect(r.code).toBe(0);
    const stored = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    expect(stored.task).toEqual({ kind: 'csv', file: plain, testFile: test, train: 10, test: 12 });
    write('cli-short.csv', digitLines(2).join('\n') + '\n3,1,2\n');
    const bad = await runCli(['run', tmp.file('ep-csv-bad.json', { ...tiny, task: { kind: 'csv', file: 'cli-short.csv', train: 5, test: 1 } }), '--out', join(tmp.path(), 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^phaseless: error: task\.file \(.*cli-short\.csv\): expected line 3: 785 comma-separated numbers/);
    expect(() => readFileSync(join(tmp.path(), 'bad', 'spec.json'))).toThrow();
  });

  it('an RBM on binarised CSV digits: its rows are those of the same digits given directly', () => {
    expectRowsOf({ file: gz }, expected(30));
    expect(specMessage(() => rbmOnDigits({ file: plain, images: 'i', labels: 'l' }))).toMatch(/^task\.file: expected given without images and labels \(one source of digits: IDX files or a CSV file\)/);
  });

  it('the RBM CLI reads a CSV path relative to the spec file, stores it absolute, and refuses a bad file before any output', async () => {
    const rbm = (file: string) => ({
      name: 'r',
      substrate: { kind: 'rbm', hidden: 2 },
      task: { kind: 'bmnist', file, train: 10, test: 5, metric: { examples: 5, finalExamples: 5, steps: 2, burnIn: 1 } },
      budget: { gibbsSteps: 20, evalEvery: 10 },
      compare: [{ id: 'cd', protocol: { kind: 'cd', K: 1 }, rule: { kind: 'classic', lr: 0.01 } }],
    });
    const out = join(tmp.path(), 'rbm-run');
    const r = await runCli(['run', tmp.file('rbm-csv.json', rbm('train.csv')), '--out', out]);
    expect(r.err).not.toMatch(/phaseless: error/);
    expect(r.code).toBe(0);
    const stored = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    expect(JSON.stringify(stored)).toContain(JSON.stringify(plain));
    const bad = await runCli(['run', tmp.file('rbm-csv-bad.json', rbm('nowhere.csv')), '--out', join(tmp.path(), 'rbm-bad')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^phaseless: error: task\.file: expected a readable CSV file \(relative to the spec file; ENOENT\), got ".*nowhere\.csv"/);
    expect(() => readFileSync(join(tmp.path(), 'rbm-bad', 'spec.json'))).toThrow();
  });
});
