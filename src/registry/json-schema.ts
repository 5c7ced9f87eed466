import type { z } from 'zod';
import { zod } from './lazy-zod';
import { KindEntry, Registry, kindFields } from './registry';

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a spec field that names a registered kind: one alternative per kind, each
 * `{kind: const, ...its parameters}` with their ranges, defaults and doc lines, so an editor
 * can validate and complete a spec. Built from the registry as it is now, user kinds included.
 */
export function kindsSchema(registry: Registry<KindEntry & { params: unknown }>): JsonSchema {
  return {
    oneOf: registry.entries().map((entry) => {
      const params = inputJsonSchema(entry.params as z.ZodType);
      const properties = { kind: { const: entry.kind }, ...((params.properties as JsonSchema | undefined) ?? {}) };
      const required = ['kind', ...((params.required as string[] | undefined) ?? [])];
      return { ...params, type: 'object', description: entry.doc, properties, required };
    }),
  };
}

/**
 * The JSON Schema of what a zod schema accepts (its input, defaults optional), without the
 * $schema line; a field holding a registered kind (the TCL rule's kernel) lists the registry's
 * kinds, each with its parameters.
 */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  const out = zod().toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const nested = kindFields.get(ctx.zodSchema as object);
      if (nested) Object.assign(ctx.jsonSchema, kindsSchema(nested));
    },
  }) as JsonSchema;
  delete out.$schema;
  return out;
}
