import { ChildProcess, spawn } from 'child_process';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

/**
 * Runs the CLI from the TypeScript sources in a separate node process (transpiled on load, as
 * in test/support/node-worker.ts), so a test can kill it like a user's Ctrl-C or the OOM killer.
 * Transpiling the ~110 source files costs seconds per process, so the output is kept on disk by
 * a hash of the file's path and text (never stale: an edited file has a new key).
 */
export function spawnCli(argv: string[], stdio: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  const main = join(resolve(__dirname, '../..'), 'src', 'cli', 'main.ts');
  const code = `${tsRequireHook()}
require(${JSON.stringify(main)}).main(${JSON.stringify(argv)}).then((c) => (process.exitCode = c));
`;
  return spawn(process.execPath, ['-e', code], { stdio });
}

/** Resolves with the exit code (or the signal's name) once the process ends. */
export function exited(p: ChildProcess): Promise<number | string> {
  return new Promise((res) => p.once('exit', (code, signal) => res(code ?? signal ?? -1)));
}

/**
 * Code for `node -e` that makes require() load the TypeScript sources, transpiled on load and
 * kept on disk by a hash of the file's path and text (never stale: an edited file has a new key).
 */
export function tsRequireHook(): string {
  const cache = join(tmpdir(), 'phaseless-cli-ts-cache');
  return `
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const Module = require('module');
const cache = ${JSON.stringify(cache)};
fs.mkdirSync(cache, { recursive: true });
let ts;
function transpile(src, f) {
  ts ??= require(${JSON.stringify(require.resolve('typescript'))});
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true };
  return ts.transpileModule(src, { compilerOptions, fileName: f }).outputText;
}
Module._extensions['.ts'] = (m, f) => {
  const src = fs.readFileSync(f, 'utf8');
  const key = path.join(cache, crypto.createHash('sha256').update(f + '\\0' + src).digest('hex') + '.js');
  let out;
  try {
    out = fs.readFileSync(key, 'utf8');
  } catch {
    out = transpile(src, f);
    // Written whole and renamed: processes started together never read half a file.
    fs.writeFileSync(key + '.' + process.pid, out);
    fs.renameSync(key + '.' + process.pid, key);
  }
  m._compile(out, f);
};
`;
}
