import { SpecError } from '../errors';

/**
 * The batch script of a SLURM job array: task i of N runs shard i/N of a sweep folder on a
 * shared file system. Every path in it is absolute, so the task finds the folder and the
 * program whatever folder SLURM starts it in.
 */
export interface BatchOptions {
  /** The command line every task runs, before its shard: [node, main.js, 'sweep', ...]. */
  command: string[];
  /** The sweep folder (absolute): the tasks' logs go to its slurm/ folder. */
  dir: string;
  arraySize: number;
  jobName: string;
  cpusPerTask: number;
  partition?: string;
  account?: string;
  time?: string;
  /** Shell lines run before the command in each task (module loads, a virtual environment). */
  preamble?: string;
}

/** A word for the shell: quoted unless it is plainly safe. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `--time`: SLURM's [D-]HH:MM:SS (also MM:SS and H:MM:SS), checked here so sbatch never sees a bad one. */
export function timeLimit(flag: string, text: string): string {
  const m = /^(?:(\d+)-)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m || Number(m[3]) > 59 || Number(m[4]) > 59) throw new SpecError(flag, 'a time limit HH:MM:SS or D-HH:MM:SS (e.g. 02:00:00)', text);
  return text.trim();
}

/** A partition or account name: one word, as SLURM names them. */
export function slurmName(flag: string, text: string): string {
  if (!/^[A-Za-z0-9_.,-]+$/.test(text)) throw new SpecError(flag, 'a SLURM name (letters, digits, _ . , -)', text);
  return text;
}

export function batchScript(o: BatchOptions): string {
  const directives = [
    `--job-name=${o.jobName}`,
    `--array=0-${o.arraySize - 1}`,
    // %A is the array's job id, %a the task: one log pair per task, next to the results.
    `--output=${o.dir}/slurm/task-%A_%a.out`,
    `--error=${o.dir}/slurm/task-%A_%a.err`,
    `--cpus-per-task=${o.cpusPerTask}`,
    ...(o.partition ? [`--partition=${o.partition}`] : []),
    ...(o.account ? [`--account=${o.account}`] : []),
    ...(o.time ? [`--time=${o.time}`] : []),
  ];
  return [
    '#!/bin/bash',
    ...directives.map((d) => `#SBATCH ${d}`),
    '# Written by phaseless: task i of the array computes shard i of the sweep (the points whose index is i mod N).',
    'set -eu',
    ...(o.preamble ? ['# --preamble', o.preamble.trimEnd()] : []),
    `exec ${o.command.map(shellWord).join(' ')} --shard "$SLURM_ARRAY_TASK_ID/${o.arraySize}" --workers "\${SLURM_CPUS_PER_TASK:-${o.cpusPerTask}}"`,
    '',
  ].join('\n');
}
