/**
 * A seeded mutator of JSON specs for the fuzz test (test/fuzz): 1-3 edits at random places of
 * the tree, of the kinds a hand-edited or generated spec gets wrong. The same value and rng
 * draws give the same mutations, so a failing case replays from its seed and index.
 */
import { Rng } from '../../src/scheduler/random';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** One edit, in words: what the fuzz test reports and classifies. */
export interface Mutation {
  kind: MutationKind;
  /** Where, as a spec reader would name it: `task.train`, `layers[1]`, `(root)`. */
  path: string;
  /** The value written there (absent for `delete`). */
  value?: unknown;
}

export type MutationKind = 'delete' | 'null' | 'wrongType' | 'extreme' | 'empty' | 'unknownField' | 'extraElement' | 'longString' | 'pathName';

// -0 does not survive JSON; 2**53 + 2 and 1e21 are integers no counter can reach.
const EXTREMES = [0, -1, 1e-300, 1e300, 1e12, -1e12, 2 ** 53 + 2, 1e21, -1e-300];
const PATH_NAMES = ['../x', '../../escaped', '.hidden', '/tmp/abs', 'a/b', '..', '', ' '];

export function showPath(p: Path): string {
  if (p.length === 0) return '(root)';
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** Every node of the tree with its path, the root first. */
function nodes(v: Json, path: Path = [], out: { path: Path; value: Json }[] = []): { path: Path; value: Json }[] {
  out.push({ path, value: v });
  if (Array.isArray(v)) v.forEach((x, i) => nodes(x, [...path, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) nodes(x, [...path, k], out);
  return out;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

function wrongTypeOf(rng: Rng, v: Json): Json {
  const all: Json[] = ['7', 'text', true, false, [1, 2], { x: 1 }, 3.5];
  const other = all.filter((x) => typeof x !== typeof v || Array.isArray(x) !== Array.isArray(v));
  return pick(rng, other);
}

function extremeOf(rng: Rng, v: Json): Json {
  // A non-integer near an integer the spec holds: where counts are expected.
  if (typeof v === 'number' && Number.isInteger(v) && rng.bernoulli(0.25)) return v + 0.5;
  return pick(rng, EXTREMES);
}

/** Applies one mutation at a random node; returns the new tree (the input is not changed). */
function mutateOnce(rng: Rng, root: Json): { value: Json; mutation: Mutation } {
  const all = nodes(root);
  const { path, value } = pick(rng, all);
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  const kinds: MutationKind[] = ['null', 'wrongType', 'extreme', 'empty'];
  if (path.length > 0) kinds.push('delete');
  if (isObject) kinds.push('unknownField', 'unknownField');
  if (Array.isArray(value)) kinds.push('extraElement', 'extraElement');
  if (typeof value === 'number') kinds.push('extreme', 'extreme');
  if (typeof value === 'string') kinds.push('longString', 'pathName', 'pathName');
  const kind = pick(rng, kinds);
  let next: Json | undefined;
  let at = path;
  switch (kind) {
    case 'delete':
      next = undefined;
      break;
    case 'null':
      next = null;
      break;
    case 'wrongType':
      next = wrongTypeOf(rng, value);
      break;
    case 'extreme':
      next = extremeOf(rng, value);
      break;
    case 'empty':
      next = rng.bernoulli(0.5) ? [] : {};
      break;
    case 'unknownField':
      at = [...path, `fuzzExtra${rng.int(1000)}`];
      next = pick(rng, [1, 'x', true, null, {}]);
      break;
    case 'extraElement': {
      const arr = value as Json[];
      at = [...path, arr.length];
      next = arr.length > 0 ? structuredClone(arr[rng.int(arr.length)]) : 1;
      break;
    }
    case 'longString':
      next = 'x'.repeat(10_000 + rng.int(90_000));
      break;
    case 'pathName':
      next = pick(rng, PATH_NAMES);
      break;
  }
  return { value: setAt(root, at, next), mutation: { kind, path: showPath(at), ...(next === undefined ? {} : { value: brief(next) }) } };
}

function brief(v: Json): unknown {
  return typeof v === 'string' && v.length > 40 ? `<string of ${v.length} chars>` : v;
}

/** A copy of root with the node at path replaced (undefined deletes it from its object or array). */
function setAt(root: Json, path: Path, v: Json | undefined): Json {
  if (path.length === 0) return v === undefined ? null : v;
  const [k, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = root.slice();
    const i = k as number;
    if (rest.length === 0 && v === undefined) copy.splice(i, 1);
    else copy[i] = setAt(copy[i] ?? null, rest, v);
    return copy;
  }
  const copy = { ...(root as Record<string, Json>) };
  if (rest.length === 0 && v === undefined) delete copy[k as string];
  else copy[k as string] = setAt(copy[k as string] ?? null, rest, v);
  return copy;
}

/** 1-3 mutations of a JSON value, each at a random node of the tree as it is by then. */
export function mutateSpec(rng: Rng, spec: unknown): { spec: unknown; mutations: Mutation[] } {
  let value = structuredClone(spec) as Json;
  const mutations: Mutation[] = [];
  const n = 1 + rng.int(3);
  for (let i = 0; i < n; i++) {
    const r = mutateOnce(rng, value);
    value = r.value;
    mutations.push(r.mutation);
  }
  return { spec: value, mutations };
}
