// node loaded.mjs <esm|cjs> <specifier>: loads the specifier as an ESM or a CommonJS user would
// and prints the time it took (wall and CPU: the CPU time varies less on a busy machine) and
// every CommonJS module loaded. The ESM entries of phaseless
// re-export its CommonJS build, so these are all of the engine's modules in both modes.
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const [mode, spec] = process.argv.slice(2);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
if (mode === 'esm') await import(spec);
else require(spec);
const ms = performance.now() - t0;
const { user, system } = process.cpuUsage(cpu0);
console.log(JSON.stringify({ ms, cpuMs: (user + system) / 1000, modules: Object.keys(require.cache) }));
