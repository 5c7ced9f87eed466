import { ChildProcess, spawn } from 'child_process';
import { join, resolve } from 'path';

/**
 * Runs the CLI from the TypeScript sources in a separate node process (transpiled on load, as
 * in test/support/node-worker.ts), so a test can kill it like a user's Ctrl-C or the OOM killer.
 */
export function spawnCli(argv: string[]): ChildProcess {
  const main = join(resolve(__dirname, '../..'), 'src', 'cli', 'main.ts');
  const code = `
const fs = require('fs');
const Module = require('module');
const ts = require(${JSON.stringify(require.resolve('typescript'))});
const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true };
Module._extensions['.ts'] = (m, f) => m._compile(ts.transpileModule(fs.readFileSync(f, 'utf8'), { compilerOptions, fileName: f }).outputText, f);
require(${JSON.stringify(main)}).main(${JSON.stringify(argv)}).then((c) => (process.exitCode = c));
`;
  return spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
}

/** Resolves with the exit code (or the signal's name) once the process ends. */
export function exited(p: ChildProcess): Promise<number | string> {
  return new Promise((res) => p.once('exit', (code, signal) => res(code ?? signal ?? -1)));
}
