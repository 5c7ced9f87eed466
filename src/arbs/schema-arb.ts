import fc from 'fast-check';
import { uniformArb } from './uniform';

/** A node of the JSON Schema that kindsSchema writes of a registered kind's parameters (the part it uses). */
export interface SchemaNode {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
}

/**
 * Values of a JSON Schema (as kindsSchema writes a registered kind's parameters): numbers and
 * integers inside their bounds, constants, enums, alternatives, objects whose optional fields
 * are sometimes left out (so defaults are exercised), arrays. A number without a bound on a
 * side is drawn within `span` of the other bound (or of 0): the caller's scale, since a schema
 * knows nothing of the model's timescales. A field the schema leaves open (z.unknown()) is left
 * out: such a kind needs an arbitrary of its own. Refinements are invisible here; the caller
 * filters the draws through the kind's reader.
 */
export function schemaArb(s: SchemaNode, span: number): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fc.oneof(...alts.map((a) => schemaArb(a, span)));
  switch (s.type) {
    case 'number':
    case 'integer':
      return numberArb(s, span);
    case 'boolean':
      return fc.boolean();
    case 'string':
      return fc.string({ maxLength: 8 });
    case 'array':
      return fc.array(s.items ? schemaArb(s.items, span) : fc.constant(null), { minLength: s.minItems ?? 0, maxLength: s.maxItems ?? 4 });
    case 'object': {
      const required = new Set(s.required ?? []);
      // Open fields ({}: any value) are left out rather than filled with junk the kind refuses.
      const props = Object.entries(s.properties ?? {}).filter(([k, p]) => required.has(k) || Object.keys(p).some((key) => key !== 'description' && key !== 'default'));
      const model = Object.fromEntries(props.map(([k, p]) => [k, schemaArb(p, span)]));
      return fc.record(model, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) });
    }
    default:
      return fc.constant(undefined);
  }
}

function numberArb(s: SchemaNode, span: number): fc.Arbitrary<number> {
  const below = s.minimum ?? s.exclusiveMinimum;
  const above = s.maximum ?? s.exclusiveMaximum;
  let lo = below ?? (above !== undefined ? above - span : -span);
  let hi = above ?? lo + span;
  if (s.type === 'integer') {
    lo = Math.ceil(s.exclusiveMinimum !== undefined ? lo + 1 : lo);
    hi = Math.floor(s.exclusiveMaximum !== undefined ? hi - 1 : hi);
    // An integer without bounds (counts, levels) stays small: the span is a time, not a count.
    return fc.integer({ min: lo, max: Math.max(lo, Math.min(hi, lo + 20)) });
  }
  // Exclusive bounds: stay a grid step inside.
  const eps = (hi - lo) * 1e-6;
  if (s.exclusiveMinimum !== undefined) lo += eps;
  if (s.exclusiveMaximum !== undefined) hi -= eps;
  return uniformArb(lo, hi);
}
