import { dirname, resolve } from 'path';
import { SpecError } from '../errors';
import { isEpSpec } from '../hopfield/ep-spec';
import { epCommand } from './ep-command';
import { LearnRow, prepareLearn } from '../learning/learn';
import { LearnSpec, readLearnSpec } from '../learning/learn-spec';
import { learningCurveSpec } from '../plots/learning-curve';
import { renderSvg } from '../plots/render-svg';
import { ParsedArgs, checkFlags, numberFlag, stringFlag } from './args';
import { progressLine } from './progress';
import { RunDir, freshDir } from './run-dir';
import { readJsonFile } from './spec-file';

/** Reads the spec file (or the embedded default) and applies --seed. */
export function resolveLearnSpec(args: ParsedArgs): LearnSpec {
  if (args.positional.length > 1) throw new SpecError('spec', 'at most one spec file', args.positional);
  const file = args.positional[0];
  const raw = file ? readJsonFile(file) : undefined;
  const spec = readLearnSpec(raw);
  // A spec's plugins are paths relative to the spec file.
  if (file && spec.plugins) spec.plugins = spec.plugins.map((p) => resolve(dirname(file), p));
  const seed = numberFlag(args, 'seed');
  const engine = stringFlag(args, 'engine');
  return readLearnSpec({ ...spec, ...(seed === undefined ? {} : { seed }), ...(engine === undefined ? {} : { engine }) });
}

/**
 * `phaseless run [spec.json] [--out DIR] [--seed N]`: one learning run. Everything is checked
 * before the output folder is created.
 */
export async function runCommand(args: ParsedArgs): Promise<void> {
  // Experiments of other substrates name themselves in the spec ("experiment": "ep-mnist").
  if (args.positional.length === 1 && isEpSpec(readJsonFile(args.positional[0]))) return epCommand(args);
  checkFlags(args, ['out', 'seed', 'engine'], 'run');
  const spec = resolveLearnSpec(args);
  const job = prepareLearn(spec);
  const outPath = stringFlag(args, 'out') ?? freshDir('run');
  RunDir.check(outPath);
  const dir = RunDir.create(outPath);
  dir.json('spec.json', spec);
  const r = job.rule;
  process.stderr.write(
    `phaseless run: rule ${r.kind}, protocol ${spec.protocol.kind}, ${job.network.nodes.length} nodes, ` +
      `${job.network.edges.length} edges, ${spec.task.train} train / ${spec.task.test} test examples, seed ${spec.seed}; ` +
      `network relaxation ${job.relaxation.time.toPrecision(3)} per e-fold\n`,
  );
  const started = Date.now();
  const res = job.run((row: LearnRow) => {
    dir.appendLine('metrics.ndjson', row);
    progressLine('epoch', row.epoch, spec.epochs, started, `test error ${row.testError.toExponential(3)}`);
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
  process.stdout.write(
    `initial test error ${res.initialTestError.toExponential(4)}\n` +
      `final test error   ${res.finalTestError.toExponential(4)}\n` +
      `error ratio        ${res.errorRatio.toFixed(4)}\n` +
      `${res.events} events, ${res.simulatedTime.toFixed(1)} simulated time units, ${res.wallSeconds.toFixed(1)} s wall\n` +
      `wrote ${outPath}/{spec.json,metrics.ndjson,result.json,learning-curve.svg}\n`,
  );
}
