import { checkMemory } from '../budget';
import { SpecError } from '../errors';
import { readDataFile } from './data-file';
import { Digits, PIXELS } from './mnist-digits';

/** An IDX array of unsigned bytes (the format MNIST is distributed in): its dimensions and data. */
export interface IdxArray {
  dims: number[];
  /** Row-major, dims' product long (a view of the file's bytes). */
  data: Uint8Array;
}

/**
 * Largest IDX file read, compressed or not: the 60,000 MNIST training images are 47 MB, so
 * 512 MB is any MNIST-like set with room, and a wrong path to a huge file is refused before
 * it is read.
 */
export const MAX_IDX_BYTES = 512 * 2 ** 20;

const UNSIGNED_BYTE = 0x08;

/**
 * Reads an IDX file (optionally gzipped, as MNIST's files are distributed): magic 0 0 type
 * ndims, ndims big-endian sizes, then the data. Only unsigned bytes (type 0x08) are read; sizes
 * are checked against the file before anything is allocated, and every problem is a SpecError
 * naming `field` and the file.
 */
export function readIdx(path: string, field: string): IdxArray {
  const at = `${field} (${path})`;
  const bytes = readDataFile(path, field, 'IDX', MAX_IDX_BYTES);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) throw new SpecError(at, 'an IDX file (magic number 0x0000 then type and dimensions)');
  if (bytes[2] !== UNSIGNED_BYTE) throw new SpecError(at, `IDX data of unsigned bytes (type 0x08), got type 0x${bytes[2].toString(16).padStart(2, '0')}`);
  const ndims = bytes[3];
  const header = 4 + 4 * ndims;
  if (ndims === 0 || bytes.length < header) throw new SpecError(at, `an IDX header of ${ndims} dimension sizes (the file has ${bytes.length} bytes)`);
  const dims = Array.from({ length: ndims }, (_, k) => bytes.readUInt32BE(4 + 4 * k));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - header !== size) {
    throw new SpecError(at, `${size} data bytes after the header for dimensions ${dims.join(' x ')}, got ${bytes.length - header} (a truncated or wrong file)`);
  }
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + header, size) };
}

/** Where a set of digits comes from: IDX files of 28 x 28 images and their labels 0-9. */
export interface IdxDigitFiles {
  images: string;
  labels: string;
}

/**
 * Digits from a pair of IDX files (MNIST's train-images-idx3-ubyte and train-labels-idx1-ubyte,
 * or any set in that format): pixels scaled to [0, 1] by 1/255, labels checked to be digits and
 * as many as the images. `fields` name the spec fields the paths came from, for errors.
 */
export function readIdxDigits(files: IdxDigitFiles, fields: IdxDigitFiles): Digits {
  const images = readIdx(files.images, fields.images);
  const labels = readIdx(files.labels, fields.labels);
  if (images.dims.length !== 3 || images.dims[1] * images.dims[2] !== PIXELS) {
    throw new SpecError(`${fields.images} (${files.images})`, `images of 28 x 28 pixels (dimensions n x 28 x 28), got ${images.dims.join(' x ')}`);
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new SpecError(`${fields.labels} (${files.labels})`, `one label per image (${images.dims[0]}), got dimensions ${labels.dims.join(' x ')}`);
  }
  const bad = labels.data.findIndex((l) => l > 9);
  if (bad >= 0) throw new SpecError(`${fields.labels} (${files.labels})`, `digits 0-9, got ${labels.data[bad]} at label ${bad}`);
  const count = images.dims[0];
  checkMemory(fields.images, 8 * count * PIXELS, `${count} digits of ${files.images} as numbers`);
  const pixels = new Float64Array(count * PIXELS);
  for (let k = 0; k < pixels.length; k++) pixels[k] = images.data[k] / 255;
  return { images: pixels, labels: Uint8Array.from(labels.data), count };
}

/** The digits of two sets one after the other (a training file's, then a test file's). */
export function concatDigits(a: Digits, b: Digits): Digits {
  const images = new Float64Array((a.count + b.count) * PIXELS);
  images.set(a.images);
  images.set(b.images, a.count * PIXELS);
  const labels = new Uint8Array(a.count + b.count);
  labels.set(a.labels);
  labels.set(b.labels, a.count);
  return { images, labels, count: a.count + b.count };
}
