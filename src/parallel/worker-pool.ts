import { cpus } from 'os';
import { Worker } from 'worker_threads';

/** One job: call `fn` exported by `module` (absolute path) with structured-cloneable args; it may return a promise. */
export interface PoolJob {
  module: string;
  fn: string;
  args: unknown[];
  /** Starts every line the job writes (`label: ...`), so side-by-side jobs' lines can be told apart. */
  label?: string;
}

// The worker: requires the module and calls the function. When the module is TypeScript (the
// library used from source, as in tests), a require hook transpiles it with the compiler.
// The compiler is found from this module, not from the worker's working folder (which may be
// anywhere: a run started in /tmp found no 'typescript' there).
const workerSource = (typescript: string) => `
const { parentPort } = require('worker_threads');
const fs = require('fs');
const Module = require('module');
let hooked = false;
function hookTs() {
  if (hooked) return;
  hooked = true;
  const ts = require(${JSON.stringify(typescript)});
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  Module._extensions['.ts'] = (m, filename) => {
    m._compile(ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename }).outputText, filename);
  };
}
// A job's output goes to the parent as a message at once. Node's own worker stdio is a stream
// that flushes on the worker's event loop, which a job running a long synchronous loop (a whole
// RBM protocol) does not reach: its progress lines would arrive only when the job ends.
for (const name of ['stdout', 'stderr']) {
  process[name].write = (chunk, encoding, done) => {
    parentPort.postMessage({ stream: name, text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString() });
    const cb = typeof encoding === 'function' ? encoding : done;
    if (typeof cb === 'function') cb();
    return true;
  };
}
const failed = (id, e) => parentPort.postMessage({ id, error: { name: e && e.name, message: e && e.message, field: e && e.field, expected: e && e.expected } });
parentPort.on('message', ({ id, module, fn, args }) => {
  try {
    if (module.endsWith('.ts')) hookTs();
    // A job may return a promise (a whole run, awaited): its value is the answer.
    Promise.resolve(require(module)[fn](...args)).then((result) => parentPort.postMessage({ id, result }), (e) => failed(id, e));
  } catch (e) {
    failed(id, e);
  }
});
`;

/** Where the compiler is, when it is installed (only a TypeScript job module needs it). */
function typescriptPath(): string {
  try {
    return require.resolve('typescript');
  } catch {
    return 'typescript';
  }
}

/**
 * An error from a worker, serialised: its class name, message and, for a SpecError, the field and
 * what was expected.
 */
export interface PoolError {
  name: string;
  message: string;
  field?: string;
  expected?: string;
}

/** What a failed job reports: the job's index and its error (a worker's death included). */
export class PoolJobError extends Error {
  constructor(
    readonly job: number,
    readonly error: PoolError,
    readonly failed: number,
  ) {
    super(failed > 1 ? `${error.message} (job ${job}; ${failed} jobs failed, the others finished)` : error.message);
    this.name = error.name;
    Object.assign(this, { field: error.field, expected: error.expected });
  }
}

/**
 * Runs independent jobs (seeds, sweep points) on worker threads, `size` at a time (default:
 * all cores). Results come back in job order; `onDone` sees each as it finishes.
 *
 * A job that fails, or whose worker dies (a `process.exit`, an out-of-memory abort), fails
 * alone: a dead worker is replaced and the other jobs go on, so a resumable sweep keeps every
 * point but the failed ones. Once all jobs are done the pool rejects with the first failure
 * (a PoolJobError naming its job). A failure of the caller's `onDone` (a full disk) stops
 * everything at once.
 */
export async function runPool<R>(jobs: PoolJob[], onDone?: (index: number, result: R) => void, size = cpus().length): Promise<R[]> {
  const results: R[] = new Array(jobs.length);
  const failures: { job: number; error: PoolError }[] = [];
  let next = 0;
  let stopped = false;
  if (jobs.length === 0) return results;
  const live = new Set<Worker>();
  const spawn = () => {
    const w = new Worker(workerSource(typescriptPath()), { eval: true });
    live.add(w);
    return w;
  };
  // One lane per worker slot: it feeds jobs to its worker, and to a new one if the worker dies.
  const lane = () =>
    new Promise<void>((resolve, reject) => {
      let w = spawn();
      let current = -1;
      // Whether this lane's output stands at the start of a line (where a job's label goes).
      const atLineStart = { stdout: true, stderr: true };
      // A job that ended (or whose worker died) mid-line: end the line, so the next job's first
      // line starts with its own label.
      const endLines = () => {
        for (const s of ['stdout', 'stderr'] as const) {
          if (!atLineStart[s]) process[s].write('\n');
          atLineStart[s] = true;
        }
      };
      const feed = () => {
        if (next >= jobs.length) return resolve();
        current = next++;
        w.postMessage({ id: current, ...jobs[current] });
      };
      const attach = () => {
        w.on('message', (m: { id: number; result?: R; error?: PoolError } | { stream: 'stdout' | 'stderr'; text: string }) => {
          if ('stream' in m) {
            const label = current >= 0 ? jobs[current].label : undefined;
            if (label === undefined) return void process[m.stream].write(m.text);
            // A line goes out whole from a job (progress lines are), but a write may also end mid-line.
            const text = m.text.replace(/\n(?=.)/g, `\n${label}: `);
            process[m.stream].write((atLineStart[m.stream] ? `${label}: ` : '') + text);
            atLineStart[m.stream] = m.text.endsWith('\n');
            return;
          }
          current = -1;
          endLines();
          if (m.error) failures.push({ job: m.id, error: m.error });
          else {
            results[m.id] = m.result as R;
            try {
              onDone?.(m.id, m.result as R);
            } catch (e) {
              return reject(e);
            }
          }
          feed();
        });
        w.on('error', (e) => {
          endLines();
          if (current >= 0) failures.push({ job: current, error: { name: e.name, message: `job ${current}: the worker failed: ${e.message}` } });
          current = -1;
        });
        w.on('exit', (code) => {
          live.delete(w);
          endLines();
          if (stopped || (current < 0 && next >= jobs.length)) return;
          if (current >= 0 && !failures.some((f) => f.job === current)) {
            failures.push({ job: current, error: { name: 'WorkerExit', message: `job ${current}: the worker exited with code ${code} before it answered` } });
          }
          current = -1;
          w = spawn();
          attach();
          feed();
        });
      };
      attach();
      feed();
    });
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(size, jobs.length)) }, lane));
  } finally {
    stopped = true;
    await Promise.all([...live].map((w) => w.terminate()));
  }
  if (failures.length > 0) {
    failures.sort((a, b) => a.job - b.job);
    throw new PoolJobError(failures[0].job, failures[0].error, failures.length);
  }
  return results;
}
