/**
 * A small pool of long-lived node processes that each run many CLI invocations in-process
 * (the real `main` of src/cli/main.ts, transpiled on load as in test/support/cli-process.ts),
 * for tests that run hundreds of cases: a process per case costs ~0.5 s of start-up, and jest's
 * sandbox slows the engines 4-9x (test/support/node-worker.ts).
 *
 * Each case has a time limit: a process that does not answer in time is killed (SIGKILL) and
 * replaced, and the case is reported as timed out. The limit counts the process's CPU time (all
 * its threads, from /proc), not wall time: on a machine whose cores are shared, a case that
 * waits for a core is not hanging, while a busy loop spends CPU and is caught. A process that
 * spends no CPU (a deadlock) is caught by the wall-time backstop, WALL_FACTOR times the limit.
 * Where /proc is missing, the limit is wall time. A process that dies (process.exit, an
 * uncaught exception, a fatal heap error) fails only its case.
 */
import { ChildProcess, spawn } from 'child_process';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';

/** The wall-time backstop, as a multiple of a case's CPU-time limit. */
const WALL_FACTOR = 10;
/** How often a running case's CPU time is read. */
const POLL_MS = 250;
/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux). */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system, all threads) a process has used, or undefined without /proc. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

export interface CliOutcome {
  /** main's return value; undefined when main threw, the process died or timed out. */
  code?: number;
  out: string;
  err: string;
  /** main threw (its stack), or the process died (how). */
  crash?: string;
  timedOut: boolean;
  ms: number;
}

const bootstrap = (main: string, budget: string, longRunSeconds?: number) => `
const fs = require('fs');
const Module = require('module');
const ts = require(${JSON.stringify(require.resolve('typescript'))});
const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true };
Module._extensions['.ts'] = (m, f) => m._compile(ts.transpileModule(fs.readFileSync(f, 'utf8'), { compilerOptions, fileName: f }).outputText, f);
const { main } = require(${JSON.stringify(main)});
${longRunSeconds === undefined ? '' : `require(${JSON.stringify(budget)}).setLongRunLimit(${longRunSeconds});`}
const realOut = process.stdout.write.bind(process.stdout);
const realErr = process.stderr.write.bind(process.stderr);
let current;
// Anything thrown outside main's promise (a stray timer, a worker event) fails the current case.
process.on('uncaughtException', (e) => { if (current) current.crash = 'uncaught: ' + (e && e.stack || e); finish(); process.exit(70); });
process.on('unhandledRejection', (e) => { if (current) current.crash = 'unhandled rejection: ' + (e && e.stack || e); finish(); process.exit(70); });
function finish() {
  if (!current) return;
  process.stdout.write = realOut;
  process.stderr.write = realErr;
  process.send(current);
  current = undefined;
}
process.on('message', async ({ id, argv, cwd }) => {
  current = { id, out: '', err: '' };
  process.chdir(cwd);
  process.stdout.write = (s) => ((current.out += String(s)), true);
  process.stderr.write = (s) => ((current.err += String(s)), true);
  try {
    current.code = await main(argv);
  } catch (e) {
    current.crash = 'main threw: ' + (e && e.stack || e);
  }
  finish();
});
// A test that ends (or is killed) without close() must not leave this process behind.
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
`;

interface Slot {
  proc: ChildProcess;
  ready: Promise<void>;
  busy: boolean;
}

export interface CliPool {
  /** Runs one command line; past timeoutMs of the process's CPU time (see above) it is killed. */
  run(argv: string[], cwd: string, timeoutMs: number): Promise<CliOutcome>;
  close(): void;
}

/**
 * `longRunSeconds` lowers the estimate past which runs are refused (src/budget.ts), so that a
 * case's time limit can tell a hang (or a wrong estimate) from a run that is merely long.
 */
export function cliPool(size: number, opts: { longRunSeconds?: number } = {}): CliPool {
  const root = resolve(__dirname, '../..');
  const main = join(root, 'src', 'cli', 'main.ts');
  const budget = join(root, 'src', 'budget.ts');
  const slots: Slot[] = [];
  const waiting: (() => void)[] = [];
  let nextId = 0;
  const start = (): Slot => {
    const proc = spawn(process.execPath, ['-e', bootstrap(main, budget, opts.longRunSeconds)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    proc.stderr?.resume();
    const ready = new Promise<void>((res) => proc.once('message', () => res()));
    return { proc, ready, busy: false };
  };
  for (let i = 0; i < size; i++) slots.push(start());

  const acquire = async (): Promise<number> => {
    for (;;) {
      const i = slots.findIndex((s) => !s.busy);
      if (i >= 0) {
        slots[i].busy = true;
        return i;
      }
      await new Promise<void>((res) => waiting.push(res));
    }
  };
  const release = (i: number) => {
    slots[i].busy = false;
    waiting.shift()?.();
  };

  const run = async (argv: string[], cwd: string, timeoutMs: number): Promise<CliOutcome> => {
    const i = await acquire();
    const slot = slots[i];
    await slot.ready;
    const id = nextId++;
    const t0 = Date.now();
    const outcome = await new Promise<CliOutcome>((res) => {
      let stderrTail = '';
      const onErr = (b: Buffer) => (stderrTail = (stderrTail + b.toString()).slice(-4000));
      const done = (o: Omit<CliOutcome, 'ms'>) => {
        clearInterval(timer);
        slot.proc.off('message', onMessage);
        slot.proc.off('exit', onExit);
        slot.proc.stderr?.off('data', onErr);
        res({ ...o, ms: Date.now() - t0 });
      };
      const onMessage = (m: { id: number; code?: number; out: string; err: string; crash?: string }) => {
        if (m.id === id) done({ code: m.crash ? undefined : m.code, out: m.out, err: m.err, crash: m.crash, timedOut: false });
      };
      const onExit = (code: number | null, signal: string | null) =>
        done({ out: '', err: '', crash: `the process died (exit ${code}, signal ${signal}): ${stderrTail}`, timedOut: false });
      const pid = slot.proc.pid ?? -1;
      const cpu0 = cpuSeconds(pid);
      const timer = setInterval(() => {
        const cpu = cpuSeconds(pid);
        const spent = cpu0 === undefined || cpu === undefined ? Date.now() - t0 : 1000 * (cpu - cpu0);
        if (spent <= timeoutMs && Date.now() - t0 <= WALL_FACTOR * timeoutMs) return;
        slot.proc.off('exit', onExit);
        slot.proc.kill('SIGKILL');
        done({ out: '', err: '', timedOut: true });
      }, POLL_MS);
      slot.proc.on('message', onMessage);
      slot.proc.on('exit', onExit);
      slot.proc.stderr?.on('data', onErr);
      slot.proc.send({ id, argv, cwd });
    });
    // A killed or dead process is replaced; a crash report may come just before the exit.
    if (outcome.timedOut || slot.proc.exitCode !== null || slot.proc.signalCode !== null || outcome.crash?.startsWith('uncaught') || outcome.crash?.startsWith('unhandled')) {
      if (slot.proc.exitCode === null) slot.proc.kill('SIGKILL');
      slots[i] = start();
    }
    release(i);
    return outcome;
  };
  return {
    run,
    close: () => {
      for (const s of slots) s.proc.kill('SIGKILL');
    },
  };
}
