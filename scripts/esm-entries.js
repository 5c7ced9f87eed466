#!/usr/bin/env node
/**
 * Writes the ESM entry points named in package.json `exports` (dist/esm/*.mjs and their
 * .d.mts) after tsc has built the CommonJS package into dist/.
 *
 * - Engine entries (".", "./plots", "./datasets") are thin wrappers over the CommonJS build:
 *   `import cjs from '../index.js'; export const { ... } = cjs;` with every name listed, so an
 *   ESM and a CommonJS user share one copy of the engine (one SpecError class, one registry).
 * - "./arbitraries" is transpiled to real ESM: it must import the consumer's ESM fast-check
 *   (types and runtime), or fast-check's ESM and CommonJS declarations meet in the consumer's
 *   code ("Types have separate declarations of a private property"). Its relative imports
 *   point at the CommonJS build.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const esmDir = path.join(dist, 'esm');
/** Entries transpiled from their source instead of wrapped (see above). */
const NATIVE = new Set(['./arbitraries']);

/** The relative specifier, as an ESM file in dist/esm must write it, of what `spec` in `fromDir` names. */
function esmSpecifier(fromDir, spec) {
  const abs = path.resolve(fromDir, spec);
  const rel = (p) => path.relative(esmDir, p).split(path.sep).join('/');
  for (const [file, out] of [
    [abs + '.d.ts', abs + '.js'],
    [path.join(abs, 'index.d.ts'), path.join(abs, 'index.js')],
  ]) {
    if (fs.existsSync(file)) return rel(out);
  }
  throw new Error(`esm-entries: cannot resolve ${spec} from ${fromDir} in dist`);
}

/** Rewrites the relative module specifiers (from '...', import('...')) of code that lived in `fromDir`. */
function rewrite(code, fromDir) {
  return code.replace(/(\bfrom\s*|\bimport\s*\(\s*)(['"])(\.\.?\/[^'"]*|\.\.?)\2/g, (_, pre, q, spec) => `${pre}${q}${esmSpecifier(fromDir, spec)}${q}`);
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
fs.rmSync(esmDir, { recursive: true, force: true });
fs.mkdirSync(esmDir, { recursive: true });
for (const [key, target] of Object.entries(pkg.exports)) {
  if (typeof target === 'string') continue; // ./package.json
  const cjs = path.join(root, target.require.default);
  const mjs = path.join(root, target.import.default);
  const dmts = path.join(root, target.import.types);
  if (path.dirname(mjs) !== esmDir) throw new Error(`esm-entries: ${key}: the ESM entry must be in dist/esm`);
  const cjsSpec = esmSpecifier(path.dirname(cjs), './' + path.basename(cjs, '.js'));
  if (NATIVE.has(key)) {
    const src = path.join(root, 'src', path.relative(dist, cjs).replace(/\.js$/, '.ts'));
    const out = ts.transpileModule(fs.readFileSync(src, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: src,
    }).outputText;
    fs.writeFileSync(mjs, rewrite(out, path.dirname(cjs)));
    fs.writeFileSync(dmts, rewrite(fs.readFileSync(cjs.replace(/\.js$/, '.d.ts'), 'utf8'), path.dirname(cjs)));
  } else {
    // Every name the CommonJS module exports (require runs it once; the engine has no side effects).
    const names = Object.keys(require(cjs)).filter((n) => n !== '__esModule');
    const bad = names.filter((n) => !/^[A-Za-z_$][\w$]*$/.test(n) || n === 'default');
    if (bad.length) throw new Error(`esm-entries: ${key}: cannot re-export ${bad.join(', ')}`);
    // The default export is the whole module, as Node's own import of a CommonJS module gives it.
    fs.writeFileSync(mjs, `// ${key}: the CommonJS build, re-exported by name (scripts/esm-entries.js).\nimport cjs from '${cjsSpec}';\nexport default cjs;\nexport const {\n  ${names.join(',\n  ')},\n} = cjs;\n`);
    fs.writeFileSync(dmts, `import * as cjs from '${cjsSpec}';\nexport default cjs;\nexport * from '${cjsSpec}';\n`);
  }
}
