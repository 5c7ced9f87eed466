import { SpecError } from '../errors';
import { Rng, seededPermutation } from '../scheduler/random';
import { integer } from '../validate';

/** Binary vectors (visible configurations), optionally with class labels. */
export interface BinaryDataset {
  readonly name: string;
  /** Length of each row (the number of visible units). */
  readonly width: number;
  readonly rows: readonly Uint8Array[];
  /** Class of each row, when the dataset has one (bMNIST: the digit). */
  readonly labels?: readonly number[];
  /** How many trailing entries of a row are a one-hot label (0 if none). */
  readonly labelUnits: number;
}

export { seededPermutation };

/** Picks rows by index (keeps labels aligned). */
export function subset(d: BinaryDataset, idx: readonly number[], name = d.name): BinaryDataset {
  return {
    name,
    width: d.width,
    labelUnits: d.labelUnits,
    rows: idx.map((i) => d.rows[i]),
    labels: d.labels ? idx.map((i) => d.labels![i]) : undefined,
  };
}

/** Seeded train / test split: a permutation, then the first nTrain rows train, the next nTest test. */
export function seededSplit(d: BinaryDataset, nTrain: number, nTest: number, rng: Rng): { train: BinaryDataset; test: BinaryDataset } {
  integer('split.train', nTrain, 1);
  integer('split.test', nTest, 0);
  if (nTrain + nTest > d.rows.length) {
    throw new SpecError('split', `train + test <= ${d.rows.length} rows of ${d.name}`, nTrain + nTest);
  }
  const p = seededPermutation(d.rows.length, rng);
  return { train: subset(d, p.slice(0, nTrain), `${d.name}/train`), test: subset(d, p.slice(nTrain, nTrain + nTest), `${d.name}/test`) };
}

/** The integer whose bit i is v[i]: the index of a configuration among all 2^n. */
export function patternIndex(v: ArrayLike<number>): number {
  let k = 0;
  for (let i = v.length - 1; i >= 0; i--) k = k * 2 + (v[i] ? 1 : 0);
  return k;
}

/** Empirical distribution over all 2^width configurations (duplicates count twice). */
export function empiricalDistribution(d: BinaryDataset): Float64Array {
  if (d.width > 24) throw new SpecError(`${d.name}.width`, 'at most 24 units for an explicit distribution', d.width);
  const p = new Float64Array(2 ** d.width);
  for (const r of d.rows) p[patternIndex(r)] += 1 / d.rows.length;
  return p;
}
