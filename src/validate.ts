import { lazySchema } from './registry/lazy-zod';
import { SpecError } from './errors';
import { expecting, readParams } from './registry/read-params';

/** Small guards that throw SpecError naming the field: used by every spec reader. */
export function finite(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SpecError(field, 'a finite number', v);
  return v;
}

export function positive(field: string, v: unknown): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new SpecError(field, 'a finite number > 0', v);
  return v;
}

export function nonNegative(field: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new SpecError(field, 'a finite number >= 0', v);
  return v;
}

export function inRange(field: string, v: unknown, lo: number, hi: number, hiOpen = false): number {
  const ok = typeof v === 'number' && v >= lo && (hiOpen ? v < hi : v <= hi);
  if (!ok) throw new SpecError(field, `a number in [${lo}, ${hi}${hiOpen ? ')' : ']'}`, v);
  return v as number;
}

export function integer(field: string, v: unknown, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new SpecError(field, `an integer >= ${min}`, v);
  return v;
}

export function optional<T>(v: unknown, dflt: T, read: (v: unknown) => T): T {
  return v === undefined ? dflt : read(v);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Rejects a null anywhere in a spec, naming its path: null is not "the default" (a field left
 * out is), and readers that fill defaults with `??` took it silently for one (found by the spec
 * fuzz test in the RBM, network, rule and sweep readers). `prefix` is how the reader names the
 * spec's top level ('' for plain field names, 'sweep' for sweep.random.seed).
 */
export function rejectNulls(v: unknown, prefix = ''): void {
  if (v === null) throw new SpecError(prefix || 'spec', 'a value (leave the field out for the default)', null);
  const at = (k: string | number) => (typeof k === 'number' ? `${prefix}[${k}]` : prefix ? `${prefix}.${k}` : k);
  if (Array.isArray(v)) v.forEach((x, i) => rejectNulls(x, at(i)));
  else if (isRecord(v)) for (const [k, x] of Object.entries(v)) rejectNulls(x, at(k));
}

/** Rejects keys a reader does not know (a typo would otherwise silently fall back to a default). */
export function knownKeys(field: string, v: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of Object.keys(v)) {
    if (!keys.includes(key)) throw new SpecError(`${field}.${key}`, `a known key (${keys.join(', ')})`, key);
  }
}

/** Longest name a spec may give a folder or file: file systems stop at 255 bytes, and suffixes (-1, .svg) are added. */
export const MAX_NAME_LENGTH = 100;

/**
 * A name that becomes a folder name under runs/ (or a file name in the run folder): letters,
 * digits, - _ . and not starting with a dot, so it can neither climb out of the folder ("..")
 * nor hide, and short enough for any file system with the suffixes added.
 */
export const folderNameSchema = lazySchema((z) =>
  z
    .string(expecting(`a name of at most ${MAX_NAME_LENGTH} letters, digits, - _ . (not starting with .) that can name a folder`))
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/)
    .max(MAX_NAME_LENGTH),
);

/** A folder name (see folderNameSchema), or a SpecError naming the field. */
export function folderName(field: string, v: unknown): string {
  return readParams(folderNameSchema, v, field);
}

/** A count with a ceiling: refused before anything sized by it is allocated or run. */
export function atMost(field: string, v: number, max: number, why: string): number {
  if (v > max) throw new SpecError(field, `at most ${max} (${why})`, v);
  return v;
}

// A decimal number, as JSON and every spreadsheet write it: Number() alone would take '' as 0,
// '0x1f' as 31 and 'Infinity' as a value.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** True if s (already trimmed) is a decimal number as written in a CSV cell or JSON. */
export function isDecimal(s: string): boolean {
  return DECIMAL.test(s);
}
