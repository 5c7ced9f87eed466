import fc from 'fast-check';
import { type KindEntry, type Registry, kindsSchema } from '../registry';
import { type SchemaNode, schemaArb } from './schema-arb';
import type { ModelTimescales } from './timescales';

/** Draws a kind's parameters (without `kind`) on a model's timescales. */
export type ParamsArb = (t: ModelTimescales) => fc.Arbitrary<Record<string, unknown>>;

/**
 * Specs `{kind, ...params}` of every kind registered in `registry` when this is called, one
 * kind as likely as another: a kind with an entry in `own` draws from it (the shipped kinds'
 * draws, scaled to the model), any other from its parameter schema with numbers within `span`
 * (so a user's kind is covered without an arbitrary of its own, as long as its schema says most
 * of what it accepts). Draws are kept only if `accepts` takes them: a schema does not show
 * refinements, and a user may have replaced a shipped kind.
 */
export function kindSpecArb(
  registry: Registry<KindEntry & { params: unknown }>,
  own: Record<string, ParamsArb>,
  t: ModelTimescales,
  span: number,
  accepts: (spec: Record<string, unknown>) => boolean,
): fc.Arbitrary<Record<string, unknown> & { kind: string }> {
  const schemas = kindsSchema(registry).oneOf as SchemaNode[];
  const arbs = registry.kinds().map((kind, i) => {
    const params = own[kind] ? own[kind](t) : (schemaArb(schemas[i], span) as fc.Arbitrary<Record<string, unknown>>);
    return params.map((p) => ({ ...p, kind })).filter(accepts);
  });
  if (arbs.length === 0) throw new Error(`no ${registry.family} kind is registered`);
  return fc.oneof(...arbs);
}

/** Whether `read` takes a spec without throwing. */
export const acceptedBy =
  (read: (spec: unknown) => unknown) =>
  (spec: unknown): boolean => {
    try {
      read(spec);
      return true;
    } catch {
      return false;
    }
  };
