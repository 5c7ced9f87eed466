import { SpecError } from '../errors';
import { writeNewFile } from '../out-path';
import { prepareLearn } from '../learning/learn';
import { taskCsv } from '../tasks/task-file';
import { CliArgs, defineCommand } from './command-def';
import { Opts, flag, integer, required, text } from './flags';
import { resolveLearnSpec } from './run-command';

const exportFlags = {
  out: required(flag('--out <FILE.csv>', 'the CSV file to write, required (it must not exist yet)', text)),
  seed: flag('--seed <N>', "the seed (default: the spec's)", integer(0)),
};

export const exportTaskCli = defineCommand({
  name: 'export-task',
  summary: "writes a learning spec's task (by default the seeded teacher's examples) as CSV, to edit or replace with your own data",
  about:
    "Writes the train and test examples a learning run of the spec would use to a CSV file in the format `task: {file}` " +
    'reads: a header in:<node>,...,out:<node>,...,split (the network\'s inputs and outputs, in its order) and one row per ' +
    'example, split train or test. Numbers are written so that they read back as the same doubles: `phaseless run` of ' +
    'the same spec with task {file: "<that file>"} (and the same seed) is the same run. The whole spec is checked first; an existing file is not overwritten.',
  args: { '[spec.json]': 'a learning spec (default: the built-in one)' },
  flags: exportFlags,
  examples: [
    ['phaseless export-task --out task.csv', 'the default task (seed 1) as CSV'],
    ['phaseless export-task spec.json --seed 3 --out task.csv', "the task a run of spec.json with seed 3 would learn"],
  ],
  run: exportTaskCommand,
});

/** `phaseless export-task [spec.json] --out FILE.csv`: the spec's task as a task file. */
export function exportTaskCommand(args: CliArgs<Opts<typeof exportFlags>>): void {
  const out = args.opts.out;
  if (out === undefined) throw new SpecError('--out', 'the CSV file to write (export-task --out task.csv)');
  // The task is the one prepareLearn builds, so it is the run's task by construction (same
  // network, same seeded streams), and a spec a run would refuse is refused here too.
  const job = prepareLearn(resolveLearnSpec({ positional: args.positional, opts: { seed: args.opts.seed } }, 'export-task'));
  writeNewFile(out, taskCsv(job.net, job.task), 'export-task');
  process.stdout.write(`wrote ${out}: ${job.task.train.length} train and ${job.task.test.length} test examples, columns ${taskCsv(job.net, { train: [], test: [] }).trim()}\n`);
}
