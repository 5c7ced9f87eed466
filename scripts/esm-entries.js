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
 *   that import fast-check too (src/arbs/) are transpiled alongside (dist/esm/arbs/); the
 *   others point at the CommonJS build.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const esmDir = path.join(dist, 'esm');
/** Entries transpiled from their source instead of wrapped (see above). */
const NATIVE = new Set(['./arbitraries']);

/** The relative specifier, as an ESM file in `esmFrom` (a folder of dist/esm) must write it, of the CommonJS build of what `spec` in `fromDir` names. */
function esmSpecifier(fromDir, spec, esmFrom = esmDir) {
  const abs = path.resolve(fromDir, spec);
  const rel = (p) => relSpec(esmFrom, p);
  for (const [file, out] of [
    [abs + '.d.ts', abs + '.js'],
    [path.join(abs, 'index.d.ts'), path.join(abs, 'index.js')],
  ]) {
    if (fs.existsSync(file)) return rel(out);
  }
  throw new Error(`esm-entries: cannot resolve ${spec} from ${fromDir} in dist`);
}

/** A relative ESM specifier from folder `from` to file `to`. */
function relSpec(from, to) {
  const r = path.relative(from, to).split(path.sep).join('/');
  return r.startsWith('.') ? r : './' + r;
}

/** The source file (src/...ts) a relative specifier in `fromSrcDir` names, if there is one. */
function sourceOf(fromSrcDir, spec) {
  const abs = path.resolve(fromSrcDir, spec);
  return [abs + '.ts', path.join(abs, 'index.ts')].find((f) => fs.existsSync(f));
}

/** Whether a source file imports fast-check at run time (not only its types). */
const importsFastCheck = (file) => /^import (?!type\b)[^;]*from 'fast-check'/m.test(fs.readFileSync(file, 'utf8'));

/**
 * Writes a source file that imports fast-check as real ESM (`mjs`, with its `.d.mts`), and
 * with it every relative import that imports fast-check too (src/arbs/ for the arbitraries):
 * each must meet the consumer's ESM fast-check. Other relative imports point at the CommonJS
 * build, so the engine stays one copy.
 */
function writeNative(src, mjs, dmts) {
  const srcDir = path.dirname(src);
  const distDir = path.join(dist, path.relative(path.join(root, 'src'), srcDir));
  const esmFrom = path.dirname(mjs);
  const nested = [];
  const target = (spec) => {
    const source = sourceOf(srcDir, spec);
    if (source && importsFastCheck(source)) {
      const rel = path.relative(path.join(root, 'src'), source).replace(/\.ts$/, '');
      const out = path.join(esmDir, rel);
      nested.push([source, out + '.mjs', out + '.d.mts']);
      return { js: relSpec(esmFrom, out + '.mjs'), dts: relSpec(esmFrom, out + '.mjs') };
    }
    const cjs = esmSpecifier(distDir, spec, esmFrom);
    return { js: cjs, dts: cjs };
  };
  const rewriteNative = (code, kind) =>
    code.replace(/(\bfrom\s*|\bimport\s*\(\s*)(['"])(\.\.?\/[^'"]*|\.\.?)\2/g, (_, pre, q, spec) => `${pre}${q}${target(spec)[kind]}${q}`);
  const out = ts.transpileModule(fs.readFileSync(src, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: src,
  }).outputText;
  fs.mkdirSync(esmFrom, { recursive: true });
  fs.writeFileSync(mjs, rewriteNative(out, 'js'));
  const dts = path.join(distDir, path.basename(src).replace(/\.ts$/, '.d.ts'));
  fs.writeFileSync(dmts, rewriteNative(fs.readFileSync(dts, 'utf8'), 'dts'));
  for (const [s, m, d] of nested) if (!fs.existsSync(m)) writeNative(s, m, d);
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
    writeNative(path.join(root, 'src', path.relative(dist, cjs).replace(/\.js$/, '.ts')), mjs, dmts);
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
