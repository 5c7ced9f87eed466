import { isRecord } from '../validate';

/**
 * A field that sits at one path in a legacy spec layout and at another in the one spec format,
 * as dotted paths; `*` stands for every element of an array (the same index on both sides).
 * Moves are applied in list order from legacy to one format, and in reverse order back.
 */
export type FieldMove = readonly [legacy: string, one: string];

type Json = Record<string, unknown>;

const tokens = (path: string): string[] => (path === '' ? [] : path.split('.'));

/** Splits a SpecError field name (`protocols[2].lr`, `rule.kernel.B`) into path tokens. */
export function fieldTokens(field: string): string[] {
  return field.replace(/\[(\d+)\]/g, '.$1').split('.').filter((t) => t !== '');
}

/** Writes path tokens back as a field name, indices in brackets. */
export function fieldName(parts: string[]): string {
  return parts.reduce((s, t) => (/^\d+$/.test(t) ? `${s}[${t}]` : s ? `${s}.${t}` : t), '');
}

/**
 * Every concrete path the pattern matches in `v`, with the array indices `*` stood for. Only
 * paths whose value is present are returned.
 */
function matches(v: unknown, pattern: string[], at: string[] = [], stars: string[] = []): { path: string[]; stars: string[] }[] {
  if (pattern.length === 0) return [{ path: at, stars }];
  const [head, ...rest] = pattern;
  if (head === '*') {
    if (!Array.isArray(v)) return [];
    return v.flatMap((x, i) => matches(x, rest, [...at, String(i)], [...stars, String(i)]));
  }
  if (!isRecord(v) || !(head in v)) return [];
  return matches(v[head], rest, [...at, head], stars);
}

function fill(pattern: string[], stars: string[]): string[] {
  let k = 0;
  return pattern.map((t) => (t === '*' ? stars[k++] : t));
}

function take(root: Json, path: string[]): unknown {
  const parents: Json[] = [root];
  for (const t of path.slice(0, -1)) parents.push(parents[parents.length - 1][t] as Json);
  const last = parents[parents.length - 1];
  const value = last[path[path.length - 1]];
  delete last[path[path.length - 1]];
  // A section that held only moved fields goes with them (one the user left empty stays).
  for (let i = parents.length - 1; i > 0; i--) {
    const p = parents[i];
    if (!Array.isArray(p) && Object.keys(p).length === 0) delete parents[i - 1][path[i - 1]];
    else break;
  }
  return value;
}

/**
 * Whether `path` can be written: every section on the way is an object or absent. A section
 * that holds something else (a malformed spec) is not overwritten: the field then stays where
 * it is, and the reader reports the section.
 */
function writable(root: Json, path: string[]): boolean {
  let at: unknown = root;
  for (const t of path.slice(0, -1)) {
    at = (at as Json)[t];
    if (at === undefined) return true;
    if (!isRecord(at) && !Array.isArray(at)) return false;
  }
  return true;
}

function put(root: Json, path: string[], value: unknown): void {
  let at: Json = root;
  for (const t of path.slice(0, -1)) {
    if (at[t] === undefined) at[t] = {};
    at = at[t] as Json;
  }
  at[path[path.length - 1]] = value;
}

/** Applies one move to a deep copy's fields in place (from -> to). */
function apply(root: Json, from: string, to: string): void {
  for (const m of matches(root, tokens(from))) {
    const target = fill(tokens(to), m.stars);
    if (writable(root, target)) put(root, target, take(root, m.path));
  }
}

/**
 * A deep copy in which no object or array appears twice (structuredClone keeps an object shared
 * between two places shared, and a field moved out of one place would then leave the other too:
 * a spec built in code may list the same variant twice).
 */
function unshared<T>(v: T): T {
  if (Array.isArray(v)) return v.map(unshared) as T;
  if (isRecord(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v))) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unshared(x)])) as T;
  return structuredClone(v);
}

/** A spec in the legacy layout, rewritten into the one format's layout (a new object). */
export function toOneLayout(legacy: Json, moves: readonly FieldMove[]): Json {
  const out = unshared(legacy);
  for (const [from, to] of moves) apply(out, from, to);
  return out;
}

/** A spec in the one format's layout, rewritten into the legacy layout (a new object). */
export function toLegacyLayout(one: Json, moves: readonly FieldMove[]): Json {
  const out = unshared(one);
  for (const [legacy, to] of [...moves].reverse()) apply(out, to, legacy);
  return out;
}

/** The one format's name of a legacy field (for error messages): moves applied as prefix rewrites. */
export function oneFieldName(field: string, moves: readonly FieldMove[]): string {
  let parts = fieldTokens(field);
  for (const [from, to] of moves) {
    const f = tokens(from);
    if (parts.length < f.length) continue;
    const stars: string[] = [];
    if (!f.every((t, i) => (t === '*' ? /^\d+$/.test(parts[i]) && stars.push(parts[i]) > 0 : t === parts[i]))) continue;
    parts = [...fill(tokens(to), stars), ...parts.slice(f.length)];
  }
  return fieldName(parts);
}
