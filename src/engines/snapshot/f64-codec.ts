import { SpecError } from '../../errors';

/**
 * Numbers as base64 of their IEEE-754 bytes: JSON keeps finite doubles exactly, but writes NaN
 * and infinities as null and -0 as 0, while rule states hold NaN markers and endpoint views
 * -Infinity. The bytes keep every value, bit for bit. (Platform byte order: little-endian on
 * every machine Node runs on.)
 */
export function packF64(values: ArrayLike<number>): string {
  const a = Float64Array.from(values);
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

/** The numbers packF64 packed; a SpecError names `field` if they are not `length` doubles (if given). */
export function unpackF64(packed: unknown, length: number | undefined, field: string): Float64Array {
  if (typeof packed !== 'string') throw new SpecError(field, `${length ?? 'some'} numbers, packed as base64`, packed);
  const buf = Buffer.from(packed, 'base64');
  if (buf.length % 8 !== 0 || (length !== undefined && buf.length !== 8 * length)) throw new SpecError(field, `${length ?? 'whole'} numbers`, buf.length / 8);
  const out = new Float64Array(buf.length / 8);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
