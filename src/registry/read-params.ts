import type { z } from 'zod';
import { zod } from './lazy-zod';
import { SpecError } from '../errors';

/**
 * The message zod gives an issue whose schema says nothing of its own: the error then says what
 * was expected in words made from the schema (its type, range, choices or keys).
 */
const NO_MESSAGE = '\u0000';

type Issue = z.core.$ZodIssue;

/**
 * Reads `value` with a parameter schema and returns the typed result with defaults filled in.
 * The first problem becomes a SpecError naming the field by its path under `field` and saying
 * what was expected (design rule 5), in the words every hand-written reader used before. With
 * `field` '' the value is a whole spec: its fields are named bare (`seed`), the spec itself
 * and its unknown keys as `spec` and `spec.key`.
 *
 * A key the schema does not know is reported before the other problems (a misspelt key
 * otherwise shows up as a missing field). A schema may say what it expects in its own words
 * with `expecting(...)`; refinements carry their sentence as their message.
 */
export function readParams<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const r = schema.safeParse(value, { reportInput: true, error: () => NO_MESSAGE });
  if (r.success) return r.data;
  throw toSpecError(firstIssue(r.error.issues), field, schema, value);
}

/**
 * A schema's own wording of what it expects, for every problem it raises but an unknown key
 * (`z.string(expecting('the path of an IDX file'))`).
 */
export function expecting(text: string): { error: (issue: { code: string }) => string | undefined } {
  return { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : text) };
}

const firstIssue = (issues: readonly Issue[]): Issue => issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];

function toSpecError(issue: Issue, field: string, schema: z.ZodType, root: unknown): SpecError {
  const path = issue.path;
  const at = (p: readonly PropertyKey[]) =>
    p.reduce<string>((f, k) => (typeof k === 'number' ? `${f}[${k}]` : f === '' ? String(k) : `${f}.${String(k)}`), field) || 'spec';
  const got = (issue as { input?: unknown }).input;
  const here = () => schemaAt(schema, path, root);
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(schemaAt(schema, path, root));
    const key = issue.keys[0];
    return new SpecError(field === '' && path.length === 0 ? `spec.${key}` : at([...path, key]), `a known key (${known.join(', ')})`, key);
  }
  if (issue.code === 'invalid_union' && issue.discriminator === undefined && issue.errors.length > 0) {
    // Of a union's forms, the one the value comes closest to (fewest problems) is the one meant.
    const counts = issue.errors.map((e) => e.length);
    const fewest = Math.min(...counts);
    if (counts.filter((c) => c === fewest).length === 1) {
      const k = counts.indexOf(fewest);
      return toSpecError(firstIssue(issue.errors[k]), at(path), optionSchema(schemaAt(schema, path, root, false), k), (issue as { input?: unknown }).input);
    }
  }
  if (issue.message !== NO_MESSAGE) return new SpecError(at(path), issue.message, got);
  switch (issue.code) {
    case 'invalid_type': {
      const bare = unwrap(schemaAt(schema, path, root, false));
      return new SpecError(at(path), bare instanceof zod().ZodDiscriminatedUnion ? unionText(bare) : describe(here(), issue), got);
    }
    case 'too_small':
    case 'too_big':
      return new SpecError(at(path), describe(here(), issue), got);
    case 'invalid_value':
      return new SpecError(at(path), choices(issue.values), got);
    case 'invalid_union':
      if (issue.discriminator !== undefined) {
        const options = ((issue as { options?: unknown[] }).options ?? []).filter((o) => o !== undefined && o !== null);
        const value = got as Record<string, unknown> | undefined;
        return new SpecError(at(path), choices(options), value?.[issue.discriminator]);
      }
      return new SpecError(at(path), 'one of the forms the field takes', got);
    case 'invalid_format':
      return new SpecError(at(path), issue.format === 'regex' ? `a string matching ${(issue as { pattern?: string }).pattern}` : `a string of format ${issue.format}`, got);
    default:
      return new SpecError(at(path), zod().config().localeError?.(issue as never)?.toString() ?? 'a valid value', got);
  }
}

const choices = (values: readonly unknown[]): string => (values.length === 1 ? JSON.stringify(values[0]) : `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);

/** What a schema expects, in words (the schema found at the issue's path, or the issue alone). */
function describe(s: unknown, issue?: Issue): string {
  if (s instanceof zod().ZodNumber) return numberText(s, issue);
  if (s instanceof zod().ZodArray) return arrayText(s);
  if ((issue?.code === 'too_small' || issue?.code === 'too_big') && issue.origin !== 'number') {
    const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    const what = issue.origin === 'string' ? 'a string' : `a ${issue.origin}`;
    const unit = issue.origin === 'string' ? 'characters' : 'items';
    return issue.code === 'too_small' ? `${what} of at least ${issue.inclusive ? n : n + 1} ${unit}` : `${what} of at most ${issue.inclusive ? n : n - 1} ${unit}`;
  }
  if (s instanceof zod().ZodEnum) return choices(s.options);
  if (s instanceof zod().ZodLiteral) return choices([...s.values]);
  if (s instanceof zod().ZodBoolean) return 'true or false';
  if (s instanceof zod().ZodString) return 'a string';
  const keys = objectShape(s);
  if (keys) return `an object {${Object.keys(keys).join(', ')}}`;
  const expected = (issue as { expected?: string } | undefined)?.expected;
  return expected === 'number' ? 'a finite number' : expected ? `a value of type ${expected}` : 'a value';
}

/** A discriminated union: "an object {kind: "a" | "b", ...}". */
function unionText(s: z.ZodDiscriminatedUnion): string {
  const disc = (s._zod.def as { discriminator: string }).discriminator;
  const values = s.options.flatMap((o) => {
    const d = unwrap(objectShape(o)?.[disc]);
    return d instanceof zod().ZodLiteral ? [...d.values] : [];
  });
  return `an object {${disc}: ${values.map((v) => JSON.stringify(v)).join(' | ')}, ...}`;
}

/** An array schema's size and elements: "an array of at least 2 items, each an integer >= 1". */
function arrayText(s: z.ZodArray): string {
  let size = '';
  for (const c of (s._zod.def.checks ?? []) as unknown as { _zod: { def: { check: string; minimum?: number; maximum?: number; length?: number } } }[]) {
    const d = c._zod.def;
    if (d.check === 'length_equals') size = ` of exactly ${d.length} items`;
    if (d.check === 'min_length') size = ` of at least ${d.minimum} items`;
    if (d.check === 'max_length') size = `${size ? `${size} and` : ' of'} at most ${d.maximum} items`;
  }
  const element = unwrap(s.element);
  const each = element instanceof zod().ZodNumber || element instanceof zod().ZodEnum || element instanceof zod().ZodLiteral || element instanceof zod().ZodBoolean ? `, each ${describe(element)}` : '';
  return `an array${size}${each}`;
}

/**
 * A number schema's type and range: "an integer >= 1", "a finite number in (0, 1]"; an integer
 * past the safe range is told that range.
 */
function numberText(s: z.ZodNumber, issue?: Issue): string {
  let lo: { value: number; inclusive: boolean } | undefined;
  let hi: { value: number; inclusive: boolean } | undefined;
  for (const c of (s._zod.def.checks ?? []) as unknown as { _zod: { def: { check: string; value: number; inclusive: boolean } } }[]) {
    const d = c._zod.def;
    if (d.check === 'greater_than' && (lo === undefined || d.value >= lo.value)) lo = d;
    if (d.check === 'less_than' && (hi === undefined || d.value <= hi.value)) hi = d;
  }
  if (issue?.code === 'too_big' && issue.origin === 'int' && hi === undefined) hi = { value: Number(issue.maximum), inclusive: true };
  if (issue?.code === 'too_small' && issue.origin === 'int' && lo === undefined) lo = { value: Number(issue.minimum), inclusive: true };
  const what = s.isInt ? 'an integer' : 'a finite number';
  if (lo && hi) return `${what} in ${lo.inclusive ? '[' : '('}${lo.value}, ${hi.value}${hi.inclusive ? ']' : ')'}`;
  if (lo) return `${what} ${lo.inclusive ? '>=' : '>'} ${lo.value}`;
  if (hi) return `${what} ${hi.inclusive ? '<=' : '<'} ${hi.value}`;
  return what;
}

/** The keys an object schema knows (for the unknown-key message). */
function keysAt(s: unknown): string[] {
  return Object.keys(objectShape(s) ?? {});
}

const unwrap = (x: unknown): unknown =>
  x instanceof zod().ZodOptional || x instanceof zod().ZodDefault || x instanceof zod().ZodPrefault || x instanceof zod().ZodNullable
    ? unwrap((x as z.ZodOptional<z.ZodType>).unwrap())
    : x instanceof zod().ZodPipe
      ? unwrap(x.in instanceof zod().ZodTransform ? x.out : x.in)
      : x;

/** Option k of a union schema. */
function optionSchema(s: unknown, k: number): z.ZodType {
  return (unwrap(s) as z.ZodUnion).options[k] as z.ZodType;
}

/**
 * The schema that checks the value at a path (through objects, arrays, optionals, defaults and
 * unions; a union's form is the one the value at that place names by its discriminator, or the
 * first that has the next key); `pickLast` false leaves a union at the path itself as it is.
 */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[], root: unknown, pickLast = true): unknown {
  let s: unknown = unwrap(schema);
  let v: unknown = root;
  for (let i = 0; ; i++) {
    if (i === path.length && !pickLast) return s;
    s = pickOption(s, v, path[i]);
    if (i === path.length) return s;
    const p = path[i];
    const shape = objectShape(s);
    s = unwrap(shape ? shape[String(p)] : s instanceof zod().ZodArray ? s.element : undefined);
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p as string] : undefined;
  }
}

function pickOption(s: unknown, v: unknown, next: PropertyKey | undefined): unknown {
  while (s instanceof zod().ZodUnion) {
    const options = s.options.map(unwrap);
    const disc = s instanceof zod().ZodDiscriminatedUnion ? (s._zod.def as { discriminator: string }).discriminator : undefined;
    const value = v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    const named = disc === undefined ? undefined : options.find((o) => (objectShape(o)?.[disc] as z.ZodType | undefined)?.safeParse(value[disc]).success);
    const withKey = next === undefined ? undefined : options.find((o) => objectShape(o)?.[String(next)] !== undefined);
    s = named ?? withKey ?? options[0];
  }
  return s;
}

function objectShape(s: unknown): Record<string, z.ZodType> | undefined {
  const t = unwrap(s);
  return t instanceof zod().ZodObject ? (t.shape as Record<string, z.ZodType>) : undefined;
}
