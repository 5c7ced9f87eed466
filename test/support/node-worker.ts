/**
 * Runs a function exported by a TypeScript module in a worker thread under plain node, outside
 * jest's module sandbox.
 *
 * Why: inside jest's vm context every global lookup is ~100x slower than under plain node, and
 * rxjs's CommonJS build does several per Subject.next (`Symbol`, `Infinity`), so the reactive
 * engine runs 4-9x slower under jest. Engine-heavy tests (learning runs, the 100-case
 * convergence property) call their cases through this worker; the code is the same TypeScript
 * source, transpiled with the project's compiler options.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';

const bootstrap = `
const { parentPort, workerData } = require('worker_threads');
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
parentPort.on('message', ({ id, module, fn, args }) => {
  try {
    parentPort.postMessage({ id, result: require(module)[fn](...args) });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.name + ': ' + e.message : String(e) });
  }
});
`;

export interface NodeWorker {
  /** Calls `fn` exported by `module` (an absolute path) with structured-cloneable args. */
  call<R>(module: string, fn: string, ...args: unknown[]): Promise<R>;
  close(): Promise<void>;
}

export function nodeWorker(): NodeWorker {
  const root = path.resolve(__dirname, '../..');
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { typescript: require.resolve('typescript'), tsconfig: path.join(root, 'tsconfig.json'), root },
  });
  const pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const failAll = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(`node worker: ${m.error}`));
    else p?.resolve(m.result);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`node worker exited with code ${code}`)));
  return {
    call: <R>(module: string, fn: string, ...args: unknown[]) =>
      new Promise<R>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
        worker.postMessage({ id, module, fn, args });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
