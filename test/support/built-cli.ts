import { execFileSync } from 'child_process';
import { copyFileSync, symlinkSync } from 'fs';
import { join, resolve } from 'path';

/**
 * The CLI compiled as `npm run build` compiles it, into a package folder of its own
 * (<dir>/dist, <dir>/package.json, <dir>/node_modules -> the project's): for tests that start
 * `phaseless` as a user does, in processes that jest does not run (SLURM's array tasks). Each
 * file is transpiled without type checking (seconds, not the build's half minute); the type
 * check is the build's and the typecheck's job.
 */
export function buildCli(dir: string): string {
  const root = resolve(__dirname, '../..');
  // In a node of its own: the compiler runs several times faster outside jest's module sandbox.
  execFileSync(process.execPath, ['-e', `(${transpileAll.toString()})(require(${JSON.stringify(require.resolve('typescript'))}), ${JSON.stringify(root)}, ${JSON.stringify(dir)})`], { stdio: 'pipe' });
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return join(dir, 'dist', 'cli', 'main.js');
}

/** Transpiles <root>/src/**.ts to <dir>/dist/**.js with the build's options (self-contained: it runs from its source text). */
function transpileAll(ts: typeof import('typescript'), root: string, dir: string): void {
  const { readFileSync, readdirSync, mkdirSync, writeFileSync } = require('fs') as typeof import('fs');
  const { dirname, join, relative } = require('path') as typeof import('path');
  const config = (name: string) => ts.convertCompilerOptionsFromJson(ts.readConfigFile(join(root, name), ts.sys.readFile).config.compilerOptions ?? {}, root).options;
  const compilerOptions = { ...config('tsconfig.json'), ...config('tsconfig.build.json'), sourceMap: false, declaration: false };
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.ts') ? [join(d, e.name)] : []));
  for (const file of walk(join(root, 'src'))) {
    const out = join(dir, 'dist', relative(join(root, 'src'), file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file }).outputText);
  }
}
