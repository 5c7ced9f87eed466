import { existsSync } from 'fs';
import { resolve } from 'path';
import { SpecError } from '../errors';

/**
 * Plugins: a spec's `plugins` lists JavaScript modules that register the user's own kinds
 * (rules, kernels, protocols). A plugin exports one function and is called with the phaseless
 * API that loads it, `module.exports = (phaseless) => { phaseless.registerRule({...}) }`, so
 * it registers into the very registries that read the spec, whichever copy of phaseless the
 * plugin's own folder would resolve (and it needs no zod of its own: `phaseless.z`).
 * Each file is loaded once per process (the worker threads of `seeds` load it themselves).
 */
const loaded = new Set<string>();

/**
 * Loads each plugin module once (paths resolved from the working directory) and calls it with the
 * phaseless API; a SpecError names a missing or bad plugin.
 */
export function loadPlugins(paths: readonly string[] | undefined, field = 'plugins'): void {
  (paths ?? []).forEach((p, i) => {
    const file = resolve(p);
    if (loaded.has(file)) return;
    if (!existsSync(file)) throw new SpecError(`${field}[${i}]`, 'the path of a plugin module (.js) that exists', p);
    let mod: unknown;
    try {
      mod = require(file); // eslint-disable-line @typescript-eslint/no-require-imports
    } catch (e) {
      throw new SpecError(`${field}[${i}]`, `a plugin module that loads (${(e as Error).message.split('\n')[0]})`, p);
    }
    const register = typeof mod === 'function' ? mod : (mod as { default?: unknown } | null)?.default;
    if (typeof register !== 'function') {
      throw new SpecError(`${field}[${i}]`, 'a module exporting a function (phaseless) => void that registers its kinds', p);
    }
    try {
      // The public API, required lazily: the barrel imports this module.
      register(require('../index')); // eslint-disable-line @typescript-eslint/no-require-imports
    } catch (e) {
      throw new SpecError(`${field}[${i}]`, `a plugin that registers its kinds (${(e as Error).message})`, p);
    }
    loaded.add(file);
  });
}
