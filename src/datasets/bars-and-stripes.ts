import { integer } from '../validate';
import { BinaryDataset } from './binary-dataset';

/**
 * Bars and stripes on an n x n grid (pixel r * n + c): every subset of rows switched on
 * (stripes) and every subset of columns switched on (bars), 2 * 2^n patterns. The empty and
 * the full grid appear in both families, so they are kept twice, as in the paper (32 patterns,
 * 30 distinct, for n = 4).
 */
export function barsAndStripes(n = 4): BinaryDataset {
  integer('bas.size', n, 1);
  const rows: Uint8Array[] = [];
  for (const byRow of [true, false]) {
    for (let mask = 0; mask < 2 ** n; mask++) {
      const x = new Uint8Array(n * n);
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) x[r * n + c] = (mask >> (byRow ? r : c)) & 1;
      rows.push(x);
    }
  }
  return { name: `bas${n}x${n}`, width: n * n, rows, labelUnits: 0 };
}

/** True if x is a bars-and-stripes pattern on the n x n grid (all rows equal, or all columns). */
export function isBarsOrStripes(x: ArrayLike<number>, n: number): boolean {
  let stripes = true;
  let bars = true;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (x[r * n + c] !== x[r * n]) stripes = false;
      if (x[r * n + c] !== x[c]) bars = false;
    }
  }
  return stripes || bars;
}
