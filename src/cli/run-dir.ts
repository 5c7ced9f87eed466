import { writeFileAtomic } from '../out-path';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { SpecError } from '../errors';
import { isOneSpec, specLayout } from '../spec/one-spec';
import { checkOutDir, makeOutDir } from '../out-path';
import { CliArgs } from './command-def';
import { readJsonFile } from './spec-file';

/**
 * An output folder. It is created only after the spec has been checked, so bad input leaves
 * nothing behind; metrics are appended as they come, so a long run loses nothing.
 */
export class RunDir {
  private constructor(readonly path: string) {}

  /** Checks the folder can be used (absent or empty, in a writable place), without creating it yet. */
  static check(path: string): void {
    checkOutDir(path);
  }

  static create(path: string): RunDir {
    makeOutDir(path);
    return new RunDir(path);
  }

  json(name: string, value: unknown): void {
    writeFileSync(join(this.path, name), JSON.stringify(value, null, 2) + '\n');
  }

  text(name: string, value: string): void {
    writeFileSync(join(this.path, name), value);
  }

  appendLine(name: string, value: unknown): void {
    appendFileSync(join(this.path, name), JSON.stringify(value) + '\n');
  }
}

/** A run folder that exists already (a resumed run writes on into it). */
export function openRunDir(path: string): Pick<RunDir, 'json' | 'text' | 'appendLine'> {
  return {
    json: (name, value) => writeFileSync(join(path, name), JSON.stringify(value, null, 2) + '\n'),
    text: (name, value) => writeFileSync(join(path, name), value),
    appendLine: (name, value) => appendFileSync(join(path, name), JSON.stringify(value) + '\n'),
  };
}

/** A default output folder name that does not exist yet: runs/<name>-<n>. */
export function freshDir(name: string): string {
  for (let n = 1; ; n++) {
    const p = join('runs', `${name}-${n}`);
    if (!existsSync(p)) return p;
  }
}

/**
 * What a folder says of its run (status.json): which command wrote it, and whether it is
 * running, done, or was interrupted. A run that stops on an error (a divergence, a failed
 * point) marks itself "interrupted" with the reason. A killed process cannot write anything
 * (kill -9, and Ctrl-C too: the simulations are synchronous loops, so a signal handler would
 * only run after the whole run), so "running" with a process that is gone means interrupted as
 * well. Either way `--resume DIR` finishes it.
 */
export type RunState = 'running' | 'done' | 'interrupted';
export interface RunStatus {
  command: string;
  status: RunState;
  pid: number;
  /** Why an interrupted run stopped (the error's message). */
  reason?: string;
}
export const STATUS_FILE = 'status.json';

function writeStatus(dir: string, status: RunStatus): void {
  // Written whole under a temporary name and renamed, so a kill never leaves half a status file.
  const file = join(dir, STATUS_FILE);
  writeFileAtomic(file, JSON.stringify(status) + '\n');
}

/** Runs `work` with the folder marked "running" by this process, then "done"; an error marks it "interrupted". */
export async function tracked<T>(dir: string, command: string, work: () => Promise<T> | T): Promise<T> {
  const pid = process.pid;
  writeStatus(dir, { command, status: 'running', pid });
  try {
    const value = await work();
    writeStatus(dir, { command, status: 'done', pid });
    return value;
  } catch (e) {
    writeStatus(dir, { command, status: 'interrupted', pid, reason: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}

/** Reads a folder's status; folders of earlier versions (only `run` wrote one) name no command. */
export function readStatus(dir: string): RunStatus | undefined {
  const file = join(dir, STATUS_FILE);
  if (!existsSync(file)) return undefined;
  const bad = () => new SpecError('--resume', `a run folder with a readable ${STATUS_FILE}`, file);
  let raw: Partial<RunStatus>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw bad();
  }
  if (raw === null || typeof raw !== 'object' || !['running', 'done', 'interrupted'].includes(raw.status as string)) throw bad();
  return { command: typeof raw.command === 'string' ? raw.command : 'run', status: raw.status!, pid: Number.isSafeInteger(raw.pid) ? raw.pid! : 0, ...(raw.reason ? { reason: String(raw.reason) } : {}) };
}

export interface ResumeOptions {
  /** Flags that may come with --resume, by long name (they cannot change the run's results). */
  allowed?: readonly string[];
  /** A finished folder may be resumed too (ep: to more epochs). */
  allowDone?: boolean;
}

/**
 * The flags given on a command line, by long name: `args.given` from the parser, or, for a
 * command called by another (no `given`), every flag with a value.
 */
export function givenFlags(args: CliArgs<object>): string[] {
  if (args.given) return [...args.given];
  return Object.entries(args.opts)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()));
}

/**
 * The folder of `command --resume DIR`, checked: no spec file or flag that would change the
 * run (the folder holds the spec), a folder this command wrote, not finished, and no live
 * process working on it. The same rules for every command.
 */
export function resumeFolder(args: CliArgs<{ resume?: string }>, command: string, opts: ResumeOptions = {}): string {
  const dir = args.opts.resume;
  if (typeof dir !== 'string') throw new SpecError('--resume', 'a run folder');
  if (args.positional.length > 0) throw new SpecError(command, 'no spec file with --resume (the run folder holds it)', args.positional);
  for (const f of givenFlags(args)) {
    if (f !== '--resume' && !(opts.allowed ?? []).includes(f)) throw new SpecError(f, 'not given with --resume (the run folder holds the spec)');
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SpecError('--resume', `a folder written by 'phaseless ${command}' (${dir} is not a folder)`, dir);
  const status = readStatus(dir);
  if (!status) throw new SpecError('--resume', `a folder written by 'phaseless ${command}' (${join(dir, STATUS_FILE)} is missing)`, dir);
  if (status.command !== command) throw new SpecError('--resume', `a folder written by 'phaseless ${command}' (${dir} was written by 'phaseless ${status.command}')`, dir);
  if (status.status === 'done' && !opts.allowDone) throw new SpecError('--resume', `an unfinished run (${dir} is done)`, dir);
  if (status.status === 'running' && status.pid > 0 && status.pid !== process.pid && alive(status.pid)) {
    throw new SpecError('--resume', `a run no process is working on (process ${status.pid} is)`, dir);
  }
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The spec a run folder holds (spec.json), as raw JSON for the command's own reader: in that
 * reader's layout (folders store the one spec format; older folders the older layouts).
 */
export function storedSpec(dir: string, name = 'spec.json'): unknown {
  const file = join(dir, name);
  if (!existsSync(file)) throw new SpecError('--resume', `a run folder with its ${name} (${file} is missing)`);
  const raw = readJsonFile(file);
  return isOneSpec(raw) ? specLayout(raw).legacy : raw;
}

/**
 * The metric lines an interrupted run wrote, met again as a resumed run replays it: each
 * replayed row is checked equal to its stored line (apart from wall-clock fields), so a folder
 * this code does not reproduce is refused instead of being finished wrongly.
 */
export class Replay<T extends object> {
  private k = 0;
  constructor(
    private readonly stored: readonly T[],
    private readonly wallFields: readonly string[],
  ) {}

  /** True if `row` was written before (and is checked equal to it), false if it is new. */
  seen(row: T, label: string): boolean {
    if (this.k >= this.stored.length) return false;
    const old = this.stored[this.k++] as Record<string, unknown>;
    const now = JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
    for (const f of new Set([...Object.keys(old), ...Object.keys(now)])) {
      if (this.wallFields.includes(f)) continue;
      if (JSON.stringify(old[f]) !== JSON.stringify(now[f])) {
        throw new SpecError('--resume', `a run folder this code reproduces (${label}: stored ${f} ${JSON.stringify(old[f])}, replayed ${JSON.stringify(now[f])})`);
      }
    }
    return true;
  }
}

/** `phaseless ep` or `phaseless rbm` as a study calls it: a spec file, --out and --seed, or --resume. */
export type PartCommand = (args: CliArgs<{ out?: string; seed?: number; resume?: string }>) => Promise<void>;

/**
 * One part of a study (a seed, an arm and seed) in its own run folder `sub`: skipped when done,
 * continued from its folder when begun (its checkpoint keeps it equal to an uninterrupted run),
 * else started from `specFile` with `seed`. `line` names it on stderr.
 */
export async function runPart(command: PartCommand, sub: string, specFile: string, seed: number, line: string): Promise<void> {
  const status = existsSync(sub) ? readStatus(sub) : undefined;
  process.stderr.write(`${line}${status?.status === 'done' ? ': done before' : ''}\n`);
  if (status?.status === 'done') return;
  if (status !== undefined) await command({ positional: [], opts: { resume: sub } });
  else await command({ positional: [specFile], opts: { out: sub, seed } });
}
