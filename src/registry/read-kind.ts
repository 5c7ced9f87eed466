import { z } from 'zod';
import { readParams } from './read-params';
import { KindEntry, Registry } from './registry';

/** A registered kind and its spec's parameters, checked and with defaults filled in. */
export function readKind<E extends KindEntry & { params: z.ZodType }>(registry: Registry<E>, spec: unknown, field: string): { entry: E; params: z.output<E['params']> } {
  const entry = registry.of(spec, field);
  const { kind: _kind, ...rest } = spec as Record<string, unknown>;
  return { entry, params: readParams(entry.params, rest, field) as z.output<E['params']> };
}
