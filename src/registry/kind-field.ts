import { zod } from './lazy-zod';
import { KindEntry, Registry, kindFields } from './registry';

/** An optional field holding a spec of a kind registered in `registry` (see kindFields). */
export function kindField(registry: Registry<KindEntry & { params: unknown }>, doc: string) {
  const field = zod().unknown().optional().describe(doc);
  kindFields.set(field, registry);
  return field;
}
