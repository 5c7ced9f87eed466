import { readFileSync, statSync } from 'fs';
import { gunzipSync } from 'zlib';
import { SpecError } from '../errors';

/**
 * The bytes of a data file of your own (IDX, CSV), gunzipped if it is gzipped: its size is
 * checked against `maxBytes` before it is read and again as it unpacks, so a wrong path to a
 * huge file is refused before anything is allocated. Errors are SpecErrors naming `field` (and
 * the file); `format` says what was expected ("IDX", "CSV").
 */
export function readDataFile(path: string, field: string, format: string, maxBytes: number): Buffer {
  const at = `${field} (${path})`;
  const mb = maxBytes / 2 ** 20;
  let bytes: Buffer;
  try {
    if (statSync(path).size > maxBytes) throw new SpecError(at, `a ${format} file of at most ${mb} MB`);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError(field, `a readable ${format} file (relative to the spec file; ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, path);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (e) {
      throw new SpecError(at, `a gzip file that unpacks to at most ${mb} MB (${(e as Error).message})`);
    }
  }
  return bytes;
}
