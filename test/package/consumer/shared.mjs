// An ESM user and a CommonJS user in one process share one engine: the same SpecError class,
// the same rule registry; the default import is the whole module, as Node gives it for
// CommonJS. Prints one JSON line.
import { createRequire } from 'module';
import phaseless, * as esm from 'phaseless';

const cjs = createRequire(import.meta.url)('phaseless');
const names = Object.keys(cjs).filter((n) => n !== 'default');
console.log(JSON.stringify({
  sameClass: esm.SpecError === cjs.SpecError,
  sameRegistry: esm.registerRule === cjs.registerRule,
  defaultIsModule: phaseless === cjs,
  missingInEsm: names.filter((n) => !(n in esm)),
  extraInEsm: Object.keys(esm).filter((n) => n !== 'default' && !(n in cjs)),
}));
