import { cpus } from 'os';
import { Worker } from 'worker_threads';

/** One job: call `fn` exported by `module` (absolute path) with structured-cloneable args. */
export interface PoolJob {
  module: string;
  fn: string;
  args: unknown[];
}

// The worker: requires the module and calls the function. When the module is TypeScript (the
// library used from source, as in tests), a require hook transpiles it with the compiler.
const workerSource = `
const { parentPort } = require('worker_threads');
const fs = require('fs');
const Module = require('module');
let hooked = false;
function hookTs() {
  if (hooked) return;
  hooked = true;
  const ts = require('typescript');
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  Module._extensions['.ts'] = (m, filename) => {
    m._compile(ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename }).outputText, filename);
  };
}
parentPort.on('message', ({ id, module, fn, args }) => {
  try {
    if (module.endsWith('.ts')) hookTs();
    parentPort.postMessage({ id, result: require(module)[fn](...args) });
  } catch (e) {
    parentPort.postMessage({ id, error: { name: e && e.name, message: e && e.message, field: e && e.field, expected: e && e.expected } });
  }
});
`;

export interface PoolError {
  name: string;
  message: string;
  field?: string;
  expected?: string;
}

/**
 * Runs independent jobs (seeds, sweep points) on worker threads, `size` at a time (default:
 * all cores). Results come back in job order; `onDone` sees each as it finishes.
 */
export async function runPool<R>(jobs: PoolJob[], onDone?: (index: number, result: R) => void, size = cpus().length): Promise<R[]> {
  const results: R[] = new Array(jobs.length);
  let next = 0;
  if (jobs.length === 0) return results;
  const workers = Array.from({ length: Math.max(1, Math.min(size, jobs.length)) }, () => new Worker(workerSource, { eval: true }));
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              if (next >= jobs.length) return resolve();
              const id = next++;
              w.once('message', (m: { id: number; result?: R; error?: PoolError }) => {
                if (m.error) return reject(Object.assign(new Error(m.error.message), m.error));
                results[m.id] = m.result as R;
                try {
                  onDone?.(m.id, m.result as R);
                } catch (e) {
                  return reject(e);
                }
                feed();
              });
              w.postMessage({ id, ...jobs[id] });
            };
            w.once('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
