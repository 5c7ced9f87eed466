import { spawnSync } from 'child_process';
import { accessSync, constants } from 'fs';
import { delimiter, join } from 'path';
import { SpecError } from '../errors';

/**
 * Talks to SLURM through its own commands (sbatch, squeue, sacct, scontrol), as a user at a
 * login node does: no daemon protocol of ours, and whatever SLURM_CONF or module setup the
 * user's shell has applies.
 */

/** The absolute path of a command on PATH, or undefined. */
export function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, command);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Refuses, before anything is written, when sbatch is not there to submit with. */
export function checkSbatch(): void {
  if (!onPath('sbatch')) {
    throw new SpecError('--slurm', "sbatch on PATH (SLURM's submit command: run this on the cluster's login node, or load its module); --dry-run prints the script without it");
  }
}

/**
 * Submits a batch script with `sbatch --parsable` and returns the job id. A rejection (an unknown
 * partition, a time above the partition's limit) is a user error quoting sbatch's own message.
 */
export function submit(script: string, field = '--slurm'): string {
  const sbatch = onPath('sbatch');
  if (!sbatch) checkSbatch();
  // The program found on PATH, with this process's environment (SLURM_CONF and the like) passed on.
  const r = spawnSync(sbatch!, ['--parsable', script], { encoding: 'utf8', timeout: 120_000, env: process.env });
  if (r.error) throw new SpecError(field, `sbatch to run (${r.error.message}); the script is in ${script}`);
  const said = (r.stderr || r.stdout || '').trim().split('\n').filter(Boolean).join('; ');
  if (r.status !== 0) throw new SpecError(field, `sbatch to accept the job (it exited ${r.status ?? r.signal}: ${said || 'no message'}); fix the flags and run again, the script is in ${script}`);
  // --parsable prints "jobid" or "jobid;cluster".
  const id = r.stdout.trim().split(';')[0];
  if (!/^\d+$/.test(id)) throw new SpecError(field, `a job id from sbatch --parsable`, r.stdout.trim());
  return id;
}

/** The state of each task of a job array, by task index, from whichever SLURM command answers. */
export interface TaskStates {
  source: 'sacct' | 'scontrol' | 'squeue';
  /** Task index -> state (PENDING, RUNNING, COMPLETED, FAILED, ...), with the exit code when known. */
  tasks: Map<number, string>;
}

function run(cmd: string, args: string[]): string | undefined {
  const path = onPath(cmd);
  if (!path) return undefined;
  const r = spawnSync(path, args, { encoding: 'utf8', timeout: 30_000, env: process.env });
  return r.status === 0 ? r.stdout : undefined;
}

/** `0-3` or `1,4-5` or `5`: the task indices a pending array record stands for. */
function taskRange(text: string): number[] {
  return text
    .replace(/[[\]]/g, '')
    .split('%')[0]
    .split(',')
    .flatMap((part) => {
      const [a, b] = part.split('-').map(Number);
      return Number.isInteger(a) ? Array.from({ length: (Number.isInteger(b) ? b : a) - a + 1 }, (_, k) => a + k) : [];
    });
}

/**
 * The tasks' states: sacct when accounting is on (it remembers finished jobs), else scontrol (the
 * controller keeps a finished job for MinJobAge, 5 minutes by default), else squeue (queued and
 * running tasks only). Undefined when none of them knows the job.
 */
export function taskStates(jobId: string): TaskStates | undefined {
  const sacct = run('sacct', ['-n', '-P', '-X', '-j', jobId, '--format=JobID,State,ExitCode']);
  if (sacct && sacct.trim()) {
    const tasks = new Map<number, string>();
    for (const line of sacct.trim().split('\n')) {
      const [id, state, exit] = line.split('|');
      const m = /_(\[?[\d,%-]+\]?)$/.exec(id);
      if (m) for (const t of taskRange(m[1])) tasks.set(t, exit && exit !== '0:0' ? `${state} (exit ${exit})` : state);
    }
    return { source: 'sacct', tasks };
  }
  const scontrol = run('scontrol', ['show', 'job', '-o', jobId]);
  if (scontrol && scontrol.trim()) {
    const tasks = new Map<number, string>();
    for (const line of scontrol.trim().split('\n')) {
      const field = (name: string) => new RegExp(`(?:^| )${name}=(\\S+)`).exec(line)?.[1];
      const state = field('JobState') ?? 'UNKNOWN';
      const exit = field('ExitCode');
      for (const t of taskRange(field('ArrayTaskId') ?? '')) tasks.set(t, exit && exit !== '0:0' ? `${state} (exit ${exit})` : state);
    }
    return { source: 'scontrol', tasks };
  }
  const squeue = run('squeue', ['-h', '-j', jobId, '-o', '%K|%T']);
  if (squeue !== undefined) {
    const tasks = new Map<number, string>();
    for (const line of squeue.trim().split('\n').filter(Boolean)) {
      const [range, state] = line.split('|');
      for (const t of taskRange(range)) tasks.set(t, state);
    }
    return { source: 'squeue', tasks };
  }
  return undefined;
}

/** Tasks of the job still queued or running (squeue), or undefined when squeue cannot say. */
export function liveTasks(jobId: string): number | undefined {
  // %K: the task ids of the line ("0-7" for a pending array still in one record).
  const out = run('squeue', ['-h', '-j', jobId, '-o', '%K']);
  if (out === undefined) return undefined;
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .reduce((n, line) => n + Math.max(1, taskRange(line).length), 0);
}
