/* eslint-disable @typescript-eslint/no-require-imports */
import type { z as Z } from 'zod';

/**
 * zod, required on first use: its 95 modules cost about a third of the time of importing
 * phaseless, and only reading a spec needs them. Modules that build schemas import zod's types
 * only and build their schemas with lazySchema.
 */
export function zod(): typeof Z {
  return require('zod').z;
}

/**
 * A zod schema built on its first use (a parse, a property read, `instanceof`): what `make`
 * returns, seen through a proxy, so a registry can hold its kinds' schemas from load time
 * without loading zod. Methods are called on the schema itself (`this` is the real schema), so
 * `.optional()` and the like wrap the real one.
 */
export function lazySchema<T extends object>(make: (z: typeof Z) => T): T {
  let real: T | undefined;
  return lazyProxy(() => (real ??= make(zod())), true);
}

/** What a lazy schema's proxy answers for REAL: the schema itself, built. */
const REAL = Symbol('the real schema');

/**
 * The real schema behind a lazy one (anything else as it is). zod keys its JSON Schema work by
 * object identity and its schemas' methods see the real object, so a lazy schema placed inside
 * another schema, or given to z.toJSONSchema, must be the real one.
 */
export function real<T>(s: T): T {
  return typeof s === 'object' && s !== null ? ((s as Record<symbol, unknown>)[REAL] as T | undefined) ?? s : s;
}

/**
 * The zod namespace, required on its first use (`z.number()`): what the public API exports as
 * `z`. Its functions and classes are zod's own (unbound: a plugin may extend a class).
 */
export const lazyZ: typeof Z = lazyProxy(zod, false);

function lazyProxy<T extends object>(get: () => T, bind: boolean): T {
  return new Proxy({} as T, {
    get: (_, k) => {
      const r = get();
      if (k === REAL) return r;
      const v = Reflect.get(r, k, r);
      return bind && typeof v === 'function' ? v.bind(r) : v;
    },
    has: (_, k) => Reflect.has(get(), k),
    getPrototypeOf: () => Reflect.getPrototypeOf(get()),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_, k) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), k);
      // A proxy may not report a property the (empty) target lacks as non-configurable.
      if (d) d.configurable = true;
      return d;
    },
  });
}
