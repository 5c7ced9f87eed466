import type { z } from 'zod';
import { zod } from './lazy-zod';
import { SpecError } from '../errors';

/**
 * Reads `value` with a parameter schema and returns the typed result with defaults filled in.
 * The first problem becomes a SpecError naming the field by its path under `field` and saying
 * what was expected (design rule 5), in the words every hand-written reader used before.
 */
export function readParams<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return r.data;
  throw toSpecError(r.error.issues[0], field, schema);
}

function toSpecError(issue: z.core.$ZodIssue, field: string, schema: z.ZodType): SpecError {
  const at = (path: readonly PropertyKey[]) =>
    path.reduce<string>((f, p) => (typeof p === 'number' ? `${f}[${p}]` : `${f}.${String(p)}`), field);
  const got = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(schema, issue.path);
      return new SpecError(at([...issue.path, issue.keys[0]]), `a known key (${known.join(', ')})`, issue.keys[0]);
    }
    case 'invalid_type':
      return new SpecError(at(issue.path), issue.expected === 'number' ? 'a finite number' : `a value of type ${issue.expected}`, got);
    case 'too_small':
    case 'too_big': {
      const op = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const isInt = issue.origin === 'int' || (schemaAt(schema, issue.path) as { isInt?: boolean } | undefined)?.isInt === true;
      const what = isInt ? 'an integer' : issue.origin === 'number' ? 'a finite number' : `a ${issue.origin} of size`;
      return new SpecError(at(issue.path), `${what} ${op} ${String(bound)}`, got);
    }
    case 'invalid_value':
      return new SpecError(at(issue.path), `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, got);
    default:
      // Refinements carry their own sentence in `message` ("a value > wMin").
      return new SpecError(at(issue.path), issue.message, got);
  }
}

/** The keys an object schema knows at a path (for the unknown-key message). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  return Object.keys(objectShape(schemaAt(schema, path)) ?? {});
}

/** The schema that checks the value at a path (through objects, optionals and defaults). */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): unknown {
  const unwrap = (x: unknown): unknown => (x instanceof zod().ZodOptional || x instanceof zod().ZodDefault ? unwrap((x as z.ZodOptional<z.ZodType>).unwrap()) : x);
  let s: unknown = unwrap(schema);
  for (const p of path) {
    const shape = objectShape(s);
    s = unwrap(shape ? shape[String(p)] : s instanceof zod().ZodArray ? s.element : undefined);
  }
  return s;
}

function objectShape(s: unknown): Record<string, z.ZodType> | undefined {
  let t = s;
  while (t instanceof zod().ZodPipe) t = (t as z.ZodPipe).in;
  return t instanceof zod().ZodObject ? (t.shape as Record<string, z.ZodType>) : undefined;
}
