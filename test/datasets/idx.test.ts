import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { loadDigitSource } from '../../src/datasets/digit-source';
import { readIdx, readIdxDigits } from '../../src/datasets/idx';
import { Digits, PIXELS, splitDigits } from '../../src/datasets/mnist-digits';
import { readEpSpec } from '../../src/experiments/ep/ep-spec';
import { prepareEp } from '../../src/experiments/ep/ep-train';
import { expectRowsOf } from '../support/rbm-digits';
import { runCli, tempDir } from '../support/cli';
import { specMessage } from '../support/spec-error';

const tmp = tempDir('phaseless-idx-');

/** An IDX file written byte by byte, as the format's description says (independent of the reader). */
function idx(dims: number[], data: number[], type = 0x08): Buffer {
  const head = [0, 0, type, dims.length, ...dims.flatMap((d) => [(d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255])];
  return Buffer.from([...head, ...data]);
}

/** n digits whose pixels and labels follow from their index (so each says where it came from). */
function digitBytes(n: number, offset = 0): { images: number[]; labels: number[] } {
  const images: number[] = [];
  for (let k = 0; k < n; k++) for (let p = 0; p < PIXELS; p++) images.push((7 * (k + offset) + 13 * p) % 256);
  return { images, labels: Array.from({ length: n }, (_, k) => (k + offset) % 10) };
}

function write(name: string, bytes: Buffer): string {
  const p = join(tmp.path(), name);
  writeFileSync(p, bytes);
  return p;
}

/** The same digits as Digits, built here from the bytes. */
function expected(n: number, offset = 0): Digits {
  const { images, labels } = digitBytes(n, offset);
  return { images: Float64Array.from(images, (b) => b / 255), labels: Uint8Array.from(labels), count: n };
}


describe('IDX files (MNIST as distributed)', () => {
  const d = digitBytes(30);
  const t = digitBytes(12, 100);
  let images = '';
  let labels = '';
  let imagesGz = '';
  let testImages = '';
  let testLabels = '';
  // Written once the temporary folder exists (tempDir makes it in a beforeAll).
  beforeAll(() => {
    images = write('images-idx3-ubyte', idx([30, 28, 28], d.images));
    labels = write('labels-idx1-ubyte', idx([30], d.labels));
    imagesGz = write('images-idx3-ubyte.gz', gzipSync(idx([30, 28, 28], d.images)));
    testImages = write('t-images', idx([12, 28, 28], t.images));
    testLabels = write('t-labels', idx([12], t.labels));
  });

  it('reads dimensions and bytes, gzipped or not', () => {
    const a = readIdx(images, 'x');
    expect(a.dims).toEqual([30, 28, 28]);
    expect(Array.from(a.data)).toEqual(d.images);
    expect(Array.from(readIdx(imagesGz, 'x').data)).toEqual(d.images);
    expect(readIdxDigits({ images: imagesGz, labels }, { images: 'i', labels: 'l' })).toEqual(expected(30));
  });

  it.each([
    ['a missing file', () => readIdx(join(tmp.path(), 'nowhere'), 'data.images'), /^data\.images: expected a readable IDX file .*ENOENT/],
    ['a file that is not IDX', () => readIdx(write('text', Buffer.from('hello world')), 'data.images'), /^data\.images \(.*text\): expected an IDX file/],
    ['IDX of floats', () => readIdx(write('floats', idx([1], [0, 0, 0, 0], 0x0d)), 'data.images'), /expected IDX data of unsigned bytes \(type 0x08\), got type 0x0d/],
    ['a truncated file', () => readIdx(write('short', idx([30, 28, 28], d.images.slice(0, 1000))), 'data.images'), /expected 23520 data bytes after the header for dimensions 30 x 28 x 28, got 1000/],
    ['images that are not 28 x 28', () => readIdxDigits({ images: write('small', idx([2, 4, 4], new Array(32).fill(1))), labels }, { images: 'data.images', labels: 'data.labels' }), /expected images of 28 x 28 pixels/],
    ['fewer labels than images', () => readIdxDigits({ images, labels: testLabels }, { images: 'data.images', labels: 'data.labels' }), /^data\.labels \(.*\): expected one label per image \(30\), got dimensions 12/],
    ['a label that is not a digit', () => readIdxDigits({ images, labels: write('bad-labels', idx([30], [...d.labels.slice(0, 29), 10])) }, { images: 'i', labels: 'data.labels' }), /expected digits 0-9, got 10 at label 29/],
  ])('refuses %s, naming the field and file', (_what, f, message) => {
    expect(specMessage(f)).toMatch(message);
  });

  it('a separate test set: training digits from the first files, test digits from the second', () => {
    const { digits, testFrom } = loadDigitSource({ kind: 'idx', images, labels, testImages, testLabels }, 'data');
    expect(testFrom).toBe(30);
    expect(digits.count).toBe(42);
    const split = splitDigits(digits.count, 20, 12, 1, testFrom);
    expect(split.train.every((k) => k < 30)).toBe(true);
    expect(new Set(split.train).size).toBe(20);
    expect([...split.test].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, k) => 30 + k));
    expect(specMessage(() => splitDigits(digits.count, 31, 1, 1, testFrom))).toMatch(/^data\.train: expected at most 30/);
    expect(specMessage(() => splitDigits(digits.count, 1, 13, 1, testFrom))).toMatch(/^data\.test: expected at most 12/);
  });

  const tiny = { name: 'idx', substrate: { kind: 'hopfield', layers: [784, 8, 10] }, rule: { kind: 'classic', lr: [0.1, 0.05] }, budget: { epochs: 1, batch: 5 } };

  it('EP learns from IDX digits exactly as from the same digits given directly', () => {
    const spec = readEpSpec({ ...tiny, task: { kind: 'idx', images: imagesGz, labels, train: 20, test: 10 } });
    expect(spec.data).toMatchObject({ kind: 'idx', train: 20, test: 10 });
    const fromFiles = prepareEp(spec);
    const given = prepareEp(spec, undefined, expected(30));
    expect(fromFiles.split).toEqual(given.split);
    expect({ ...fromFiles.initial(), testSeconds: 0, trainSeconds: 0 }).toEqual({ ...given.initial(), testSeconds: 0, trainSeconds: 0 });
    const a = fromFiles.epoch();
    const b = given.epoch();
    expect({ ...a, testSeconds: 0, trainSeconds: 0 }).toEqual({ ...b, testSeconds: 0, trainSeconds: 0 });
  });

  it('binarised MNIST for an RBM from IDX digits', () => {
    expectRowsOf({ images, labels }, expected(30));
  });

  it('the CLI reads IDX paths relative to the spec file and stores them absolute', async () => {
    const spec = tmp.file('ep-idx.json', { ...tiny, task: { kind: 'idx', images: 'images-idx3-ubyte', labels: 'labels-idx1-ubyte', testImages: 't-images', testLabels: 't-labels', train: 10, test: 12 } });
    const out = join(tmp.path(), 'run');
    const r = await runCli(['run', spec, '--out', out]);
    expect(r.err).not.toMatch(/phaseless: error/);
    expect(r.code).toBe(0);
    const stored = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    expect(stored.task).toEqual({ kind: 'idx', images, labels, testImages, testLabels, train: 10, test: 12 });
    const bad = await runCli(['run', tmp.file('ep-idx-bad.json', { ...tiny, task: { kind: 'idx', images: 'images-idx3-ubyte', labels: 'nowhere', train: 10, test: 5 } }), '--out', join(tmp.path(), 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^phaseless: error: task\.labels: expected a readable IDX file/);
    // The same for an RBM on binarised digits.
    const rbm = { name: 'r', substrate: { kind: 'rbm', hidden: 2 }, task: { kind: 'bmnist', images: 'images-idx3-ubyte', labels: 'nowhere', train: 10, test: 5, metric: { examples: 5 } }, budget: { gibbsSteps: 20, evalEvery: 10 }, compare: [{ id: 'cd', protocol: { kind: 'cd', K: 1 }, rule: { kind: 'classic', lr: 0.01 } }] };
    const badRbm = await runCli(['run', tmp.file('rbm-idx-bad.json', rbm), '--out', join(tmp.path(), 'bad-rbm')]);
    expect(badRbm.code).toBe(2);
    expect(badRbm.err).toMatch(/^phaseless: error: task\.labels: expected a readable IDX file/);
  });
});
