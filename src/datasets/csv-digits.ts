import { checkMemory } from '../budget';
import { SpecError } from '../errors';
import { readDataFile } from './data-file';
import { isDecimal } from '../validate';
import { Digits, PIXELS } from './mnist-digits';

/** Largest CSV file read, compressed or not: MNIST's 60,000 training digits are about 110 MB as CSV. */
export const MAX_CSV_BYTES = 1024 * 2 ** 20;

/**
 * Digits from a CSV file in the layout MNIST is commonly shared in (mnist_train.csv, Kaggle's
 * train.csv): one digit per line, its label 0-9 then its 784 pixels 0-255 (row by row),
 * separated by commas; an optional header line (any line whose first field is not a number),
 * blank lines ignored, optionally gzipped. Pixels are scaled to [0, 1] by 1/255, as the IDX
 * reader does. Every problem is a SpecError naming `field`, the file and the line; the size is
 * checked before anything is allocated.
 */
export function readCsvDigits(path: string, field: string): Digits {
  const at = `${field} (${path})`;
  const bytes = readDataFile(path, field, 'CSV', MAX_CSV_BYTES);
  // Spreadsheets often save UTF-8 with a byte-order mark.
  const lines = bytes.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  // The lines that hold digits, by index (an editor shows line k as k + 1).
  const rows: number[] = [];
  const first = lines.findIndex((l) => l.trim() !== '');
  lines.forEach((l, k) => {
    if (l.trim() === '') return;
    // A header names its columns ("label,pixel0,..."): its first field is not a number.
    if (k === first && !isDecimal(l.split(',', 1)[0].trim())) return;
    rows.push(k);
  });
  if (rows.length === 0) throw new SpecError(at, 'at least one line of a label and 784 pixels');
  checkMemory(field, 8 * rows.length * PIXELS, `${rows.length} digits of ${path} as numbers`);
  const images = new Float64Array(rows.length * PIXELS);
  const labels = new Uint8Array(rows.length);
  rows.forEach((k, r) => {
    const cells = lines[k].split(',');
    const line = `line ${k + 1}`;
    if (cells.length !== PIXELS + 1) throw new SpecError(at, `${line}: ${PIXELS + 1} comma-separated numbers (a label 0-9, then ${PIXELS} pixels 0-255), got ${cells.length}`);
    const label = Number(cells[0]);
    if (!isDecimal(cells[0].trim()) || !Number.isInteger(label) || label < 0 || label > 9) throw new SpecError(at, `${line}: a label 0-9 first, got "${cells[0]}"`);
    labels[r] = label;
    for (let p = 0; p < PIXELS; p++) {
      const c = cells[p + 1];
      const v = Number(c);
      if (!isDecimal(c.trim()) || !(v >= 0 && v <= 255)) throw new SpecError(at, `${line}: pixel ${p} a number 0-255, got "${c}"`);
      images[r * PIXELS + p] = v / 255;
    }
  });
  return { images, labels, count: rows.length };
}
