/**
 * Starts the sweep worker entry from its TypeScript source (src/analysis/sweep-worker.ts) in a
 * worker thread, transpiling .ts on require with the project's compiler options: the tests run
 * the real worker module and message protocol without a build (the CLI runs the compiled one).
 */
import * as path from 'path';
import { Worker } from 'worker_threads';

const bootstrap = `
const { workerData } = require('worker_threads');
const fs = require('fs');
const Module = require('module');
const ts = require(workerData.typescript);
const read = ts.readConfigFile(workerData.tsconfig, ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(read.config.compilerOptions, workerData.root);
const compilerOptions = { ...options, sourceMap: false, declaration: false, inlineSourceMap: true };
Module._extensions['.ts'] = (m, filename) => {
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  m._compile(out.outputText, filename);
};
require(workerData.entry);
`;

export function tsSweepWorker(): Worker {
  const root = path.resolve(__dirname, '../..');
  return new Worker(bootstrap, {
    eval: true,
    workerData: {
      sweepWorker: true,
      typescript: require.resolve('typescript'),
      tsconfig: path.join(root, 'tsconfig.json'),
      root,
      entry: path.join(root, 'src/analysis/sweep-worker.ts'),
    },
  });
}
