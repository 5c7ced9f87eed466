export { BinaryDataset, seededPermutation, seededSplit, subset, patternIndex, empiricalDistribution } from './binary-dataset';
export { barsAndStripes, isBarsOrStripes } from './bars-and-stripes';
export { binarizedMnist, readMnistDigits, MNIST_PIXELS, MNIST_CLASSES } from './mnist';
export { Digits, DigitSplit, PIXELS, gather, loadDigits, splitDigits } from './mnist-digits';
