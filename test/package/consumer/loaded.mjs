// node loaded.mjs <esm|cjs> <specifier>: loads the specifier as an ESM or a CommonJS user would
// and prints the time it took and every CommonJS module loaded. The ESM entries of phaseless
// re-export its CommonJS build, so these are all of the engine's modules in both modes.
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const [mode, spec] = process.argv.slice(2);
const t0 = performance.now();
if (mode === 'esm') await import(spec);
else require(spec);
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, modules: Object.keys(require.cache) }));
