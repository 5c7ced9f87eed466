import { join } from 'path';
import { SpecError } from '../errors';
import { inOneFieldNames, toOneSpec } from '../spec/one-spec';
import { resistorForm } from '../spec/resistor-form';
import { hasEpArms } from './ep-arms';
import { epCompareCommand, isEpCompare } from './ep-compare';
import { epCommand } from './ep-command';
import { rbmCommand } from './rbm-command';
import { ffCommand } from './ff-command';
import { LearnRow, LearnState, PreparedLearn, prepareLearn } from '../learning/learn';
import { loadRunCheckpoint, removeRunCheckpoint, saveRunCheckpoint, taskFingerprint } from './run-checkpoint';
import { LearnSpec, readLearnSpec } from '../learning/learn-spec';
import { readNdjson } from '../ndjson';
import { learningCurveSpec } from '../plots/learning-curve';
import { renderSvg } from '../plots/render-svg';
import { CliArgs, defineCommand } from './command-def';
import { Opts, flag, integer, outFlag, text, toggle } from './flags';
import { progressLine } from './progress';
import { Replay, RunDir, freshDir, openRunDir, readStatus, resumeFolder, storedSpec, tracked } from './run-dir';
import { expectForm, noticeOlderLayout, readJsonFile, readSpecFile } from './spec-file';
import { resolveTaskPaths } from '../tasks/task-spec';

/** The flags of the learning commands (run, compare, seeds) that override the spec's fields. */
export const learnFlags = {
  seed: flag('--seed <N>', "the seed (default: the spec's)", integer(0)),
  engine: flag('--engine <NAME>', "reactive, lockstep or event (default: the spec's)", text),
  allowLong: toggle('--allow-long', 'run even when estimated at more than a day'),
};

/** Reads the spec file (or the embedded default) and applies --seed, --engine and --allow-long. */
export function resolveLearnSpec(args: CliArgs<{ seed?: number; engine?: string; allowLong?: boolean }>, command = 'run'): LearnSpec {
  const file = args.positional[0];
  if (file === undefined) return withLearnFlags(readLearnSpec(undefined), args);
  const read = readSpecFile(file);
  expectForm(read, command, [resistorForm]);
  const spec = inOneFieldNames(read, () => {
    const s = readLearnSpec(read.legacy);
    // A data task's files are paths relative to the spec file (plugins already are absolute).
    s.task = resolveTaskPaths(s.task, file);
    return withLearnFlags(s, args);
  });
  noticeOlderLayout(read);
  noticeUnusedNetworkValues(spec);
  return spec;
}

/** --seed, --engine and --allow-long applied to a spec (and checked by its reader). */
function withLearnFlags(spec: LearnSpec, args: CliArgs<{ seed?: number; engine?: string; allowLong?: boolean }>): LearnSpec {
  const { seed, engine, allowLong } = args.opts;
  return readLearnSpec({ ...spec, ...(seed === undefined ? {} : { seed }), ...(engine === undefined ? {} : { engine }), ...(allowLong ? { allowLongRun: true } : {}) });
}

/**
 * An explicit network's source voltages and output targets are what `relax` solves for; a
 * learning run replaces them with the task's examples. Say so rather than ignore them silently.
 */
function noticeUnusedNetworkValues(spec: LearnSpec): void {
  const net = spec.network as { inputs?: { v?: unknown }[]; outputs?: { target?: unknown }[] };
  const given = [...(net.inputs ?? []).filter((i) => i.v !== undefined).map(() => 'inputs[].v'), ...(net.outputs ?? []).filter((o) => o.target !== undefined).map(() => 'outputs[].target')];
  if (given.length === 0) return;
  process.stderr.write(
    `phaseless: notice: network.${[...new Set(given)].join(' and network.')} are not used by a learning run: the task's examples drive the sources and targets\n`,
  );
}

const runFlags = {
  out: outFlag('runs/run-N'),
  ...learnFlags,
  resume: flag('--resume <DIR>', 'finish the interrupted run in DIR (no spec file, --out, --seed or --engine)', text),
};

export const runCli = defineCommand({
  name: 'run',
  summary: 'the main job: a learning run (an EP, RBM or FF spec runs as `phaseless ep`, `rbm` or `ff`)',
  about:
    'A learning run: by default temporal contrastive learning with an asymmetric sawtooth on a ' +
    'resistor-network regression task. Everything is checked before the output folder is made; it gets ' +
    'spec.json, status.json (running, done or interrupted), metrics.ndjson, result.json and learning-curve.svg. An EP spec ' +
    '(experiments/ep-mnist-*.json) runs as `phaseless ep`, an RBM spec (experiments/rbm-*.json) as `phaseless rbm` and an FF spec (experiments/ff-mnist.json) as `phaseless ff`, ' +
    'with --out and --seed. --resume DIR finishes an interrupted run of any of them, ending as the uninterrupted run does ' +
    '(a learning run from the checkpoint.json it writes after each evaluation; a folder without one is replayed).',
  args: { '[spec.json]': 'a learning spec (default: the built-in one; `phaseless schema` describes it)' },
  flags: runFlags,
  examples: [
    ['phaseless run', 'the default task and rule, into runs/run-N'],
    ['phaseless run spec.json --seed 3 --engine lockstep --out runs/s3', 'a spec of your own, seed 3, on the lockstep engine'],
    ['phaseless run --resume runs/s3', 'finish that run after an interruption'],
  ],
  run: runCommand,
});
type RunArgs = CliArgs<Opts<typeof runFlags>>;

/**
 * `phaseless run`: one learning run; everything is checked before the output folder is created.
 * `phaseless run --resume DIR` finishes a run that was interrupted (its status.json still says
 * "running" and its process is gone).
 */
export async function runCommand(args: RunArgs): Promise<void> {
  const o = args.opts;
  // Experiments of other substrates name it (substrate.kind, or "experiment" in the older layouts).
  const raw = args.positional.length === 1 ? readJsonFile(args.positional[0]) : undefined;
  // An EP spec with arms (`compare`) is a comparison: it runs as `phaseless compare`.
  if (raw !== undefined && hasEpArms(args.positional[0])) {
    for (const [f, v] of [['--engine', o.engine], ['--allow-long', o.allowLong]] as const) {
      if (v !== undefined) throw new SpecError(f, "not given with an EP spec with arms (it runs as 'phaseless compare', see its --help)");
    }
    return epCompareCommand({ positional: args.positional, opts: { out: o.out, seeds: o.seed === undefined ? undefined : [o.seed] } });
  }
  const other = raw === undefined ? undefined : readSpecFile(args.positional[0]).form.command;
  if (other === 'ep' || other === 'rbm' || other === 'ff') {
    for (const [f, v] of [['--engine', o.engine], ['--allow-long', o.allowLong], ['--resume', o.resume]] as const) {
      if (v !== undefined) throw new SpecError(f, `not given with ${{ ep: 'an EP', rbm: 'an RBM', ff: 'an FF' }[other]} spec (it runs as 'phaseless ${other}', see its --help)`);
    }
    const given = { positional: args.positional, opts: { out: o.out, seed: o.seed } };
    return other === 'ep' ? epCommand(given) : other === 'rbm' ? rbmCommand(given) : ffCommand(given);
  }
  if (o.resume !== undefined) {
    // A folder that `run` started as an EP or RBM experiment is resumed by that command.
    const by = readStatus(o.resume)?.command;
    if (by === 'compare' && isEpCompare(args)) return epCompareCommand({ positional: args.positional, opts: { resume: o.resume }, given: args.given });
    if (by === 'ep' || by === 'rbm' || by === 'ff') {
      const only = { positional: args.positional, opts: { resume: o.resume }, given: args.given };
      return by === 'ep' ? epCommand(only) : by === 'rbm' ? rbmCommand(only) : ffCommand(only);
    }
    return resumeRun(args);
  }
  const spec = resolveLearnSpec(args);
  const job = prepareLearn(spec);
  const outPath = o.out ?? freshDir('run');
  RunDir.check(outPath);
  const dir = RunDir.create(outPath);
  const specJson = toOneSpec(spec);
  dir.json('spec.json', specJson);
  await tracked(outPath, 'run', () => finish(job, dir, outPath, { stored: [], specJson: JSON.parse(JSON.stringify(specJson)) }));
}

/**
 * Resuming continues from the folder's checkpoint (checkpoint.json, written after every
 * evaluation): the engine is built from the stored spec, set to the checkpoint's snapshot, and
 * runs the remaining epochs only. A folder without one (written by an earlier version, or cut
 * before its first checkpoint) is replayed from its spec instead (same spec and seed give the
 * same run, design rule 4), which costs the time already spent. Either way only what the
 * interrupted process had not written is written, so the finished folder is the one an
 * uninterrupted run writes, bit for bit apart from wall-clock fields; every stored evaluation
 * is checked against the checkpoint's or the replayed one, so a folder this code does not
 * reproduce is refused. A checkpoint of another spec is refused, naming the file and field.
 */
async function resumeRun(args: RunArgs): Promise<void> {
  const dirPath = resumeFolder(args, 'run', { allowed: ['--allow-long'] });
  const spec = readLearnSpec(storedSpec(dirPath));
  const job = prepareLearn(spec);
  const specJson = readJsonFile(join(dirPath, 'spec.json'));
  const from = loadRunCheckpoint(dirPath, specJson, taskFingerprint(job.task));
  const stored = readNdjson<LearnRow>(join(dirPath, 'metrics.ndjson'));
  const last = stored.length ? stored[stored.length - 1].epoch : 'none';
  const how = from ? `from its checkpoint at epoch ${from.epoch}, no replay` : 'no checkpoint: replaying it';
  process.stderr.write(`phaseless run: resuming ${dirPath} after epoch ${last} of ${spec.epochs} (${how})\n`);
  await tracked(dirPath, 'run', () => finish(job, openRunDir(dirPath), dirPath, { stored, from, specJson, resuming: true }));
}

/** Where finish starts: the folder's stored rows, its checkpoint's state, its spec.json (parsed). */
interface ResumePoint {
  stored: LearnRow[];
  from?: LearnState;
  /** Saved with each checkpoint: a checkpoint names the spec it was written for. */
  specJson: unknown;
  resuming?: boolean;
}

/**
 * Runs the job (from a checkpoint's state, if given), writing every evaluation past the stored
 * ones and a checkpoint after each evaluation, then the result; the checkpoint goes once done.
 */
async function finish(job: PreparedLearn, dir: Pick<RunDir, 'json' | 'text' | 'appendLine'>, outPath: string, at: ResumePoint): Promise<void> {
  const { stored, from, specJson } = at;
  const { spec } = job;
  const r = job.rule;
  process.stderr.write(
    `phaseless run: rule ${r.kind}, protocol ${spec.protocol.kind}, ${job.network.nodes.length} nodes, ` +
      `${job.network.edges.length} edges, ${job.task.train.length} train / ${job.task.test.length} test examples, seed ${spec.seed}; ` +
      `network relaxation ${job.relaxation.time.toPrecision(3)} per e-fold\n`,
  );
  const started = Date.now();
  const replay = new Replay(stored, ['wallMs']);
  const write = (row: LearnRow) => {
    if (replay.seen(row, `epoch ${row.epoch}`)) return;
    dir.appendLine('metrics.ndjson', row);
    progressLine('epoch', row.epoch, spec.epochs, started, `test error ${row.testError.toExponential(3)}`);
  };
  // The checkpoint's rows are checked against the stored lines; any the file lacks (a line
  // torn by the kill) are written from it.
  for (const row of from?.rows ?? []) write(row);
  let ran = 0;
  const data = taskFingerprint(job.task);
  const res = job.run(write, {
    from,
    onState: (state) => saveRunCheckpoint(outPath, specJson, data, state),
    onEnd: (r) => (ran = r.events),
  });
  const { rows, ...summary } = res;
  dir.json('result.json', summary);
  const svg = await renderSvg(
    learningCurveSpec(
      rows.map((row) => ({ series: `${r.kind} / ${spec.protocol.kind}`, ...row })),
      `phaseless run (seed ${spec.seed})`,
    ),
  );
  dir.text('learning-curve.svg', svg);
  removeRunCheckpoint(outPath);
  if (at.resuming) {
    const since = from ? `from epoch ${from.epoch}` : 'by replaying it';
    process.stderr.write(`phaseless run: resumed ${since}: this process simulated ${ran} of the run's ${res.events} events in ${res.wallSeconds.toFixed(1)} s\n`);
  }
  process.stdout.write(
    `initial test error ${res.initialTestError.toExponential(4)}\n` +
      `final test error   ${res.finalTestError.toExponential(4)}\n` +
      `error ratio        ${res.errorRatio.toFixed(4)}\n` +
      `${res.events} events, ${res.simulatedTime.toFixed(1)} simulated time units, ${res.wallSeconds.toFixed(1)} s wall\n` +
      `wrote ${outPath}/{spec.json,status.json,metrics.ndjson,result.json,learning-curve.svg}\n`,
  );
}
