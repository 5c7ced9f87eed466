import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import { SpecError } from '../errors';
import { checkOutFile } from '../out-path';
import { readNdjson } from '../ndjson';
import { CHECKPOINT_FILE, loadCheckpoint, saveCheckpoint } from '../hopfield/checkpoint';
import { epErrorSpec, EpCurve } from '../hopfield/ep-plot';
import { EpSpec, readEpSpec } from '../hopfield/ep-spec';
import { EpJob, EpRow, prepareEp } from '../hopfield/ep-train';
import { renderSvg } from '../plots/render-svg';
import { ParsedArgs, checkFlags, numberFlag, stringFlag } from './args';
import { progressLine } from './progress';
import { RunDir, freshDir, openRunDir, resumeFolder, storedSpec, tracked } from './run-dir';
import { readJsonFile } from './spec-file';

/** Applies the command-line overrides to a spec (each re-checked by the spec reader). */
function withOverrides(spec: EpSpec, args: ParsedArgs): EpSpec {
  const o: Record<string, unknown> = { ...spec };
  const seed = numberFlag(args, 'seed');
  const epochs = numberFlag(args, 'epochs');
  const train = numberFlag(args, 'train');
  const test = numberFlag(args, 'test');
  if (seed !== undefined) o.seed = seed;
  if (epochs !== undefined) o.epochs = epochs;
  if (train !== undefined || test !== undefined) o.data = { train: train ?? spec.data.train, test: test ?? spec.data.test };
  return readEpSpec(o);
}

/**
 * `phaseless ep spec.json [--out DIR] [--seed N] [--epochs N] [--train N] [--test N]`
 * `phaseless ep --resume DIR [--epochs N]`
 *
 * Equilibrium propagation on MNIST (classic EP, temporal contrastive, linear-g control) on the
 * lockstep engine. Writes spec.json, split.json, metrics.ndjson (one line per epoch, epoch 0 =
 * untrained), result.json, learning-curve.svg and a checkpoint after every epoch; --resume
 * continues a run from its checkpoint (to --epochs in total), equal to an uninterrupted run.
 * Everything is checked before any work starts.
 */
export async function epCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['out', 'seed', 'epochs', 'train', 'test', 'resume'], 'ep');
  let spec: EpSpec;
  let dir: Pick<RunDir, 'json' | 'text' | 'appendLine'>;
  let outPath: string;
  let job: EpJob;
  let rows: EpRow[] = [];
  if (args.flags.has('resume')) {
    // --epochs may extend a run, so a finished folder can be resumed too when it is given.
    const resumeDir = resumeFolder(args, 'ep', { allowed: ['epochs'], allowDone: args.flags.has('epochs') });
    spec = withOverrides(readEpSpec(storedSpec(resumeDir)), args);
    // Killed before its first checkpoint, a run starts again from its seed (the untrained
    // evaluation also moves the persistent states, so it cannot be kept without them).
    const state = existsSync(join(resumeDir, CHECKPOINT_FILE)) ? loadCheckpoint(resumeDir, spec) : undefined;
    rows = state ? readMetrics(resumeDir).filter((r) => r.epoch <= state.epoch) : [];
    job = prepareEp(spec, state);
    outPath = resumeDir;
    dir = openRunDir(resumeDir);
    dir.json('spec.json', spec);
    // Lines written after the checkpoint (an interrupted epoch) are dropped.
    dir.text('metrics.ndjson', rows.map((r) => JSON.stringify(r) + '\n').join(''));
    process.stderr.write(`phaseless ep: resuming ${spec.name} at epoch ${state?.epoch ?? 0} of ${spec.epochs}\n`);
  } else {
    if (args.positional.length !== 1) throw new SpecError('ep', 'one spec file (e.g. experiments/ep-mnist-classic.json)', args.positional);
    spec = withOverrides(readEpSpec(readJsonFile(args.positional[0])), args);
    outPath = stringFlag(args, 'out') ?? freshDir(spec.name);
    RunDir.check(outPath);
    job = prepareEp(spec);
    dir = RunDir.create(outPath);
    dir.json('spec.json', spec);
    dir.json('split.json', job.split);
  }
  await tracked(outPath, 'ep', () => train(spec, job, dir, outPath, rows));
}

/** Trains to spec.epochs from wherever the job is, a line and a checkpoint per epoch, then the result. */
async function train(spec: EpSpec, job: EpJob, dir: Pick<RunDir, 'json' | 'text' | 'appendLine'>, outPath: string, rows: EpRow[]): Promise<void> {
  const r = spec.rule;
  process.stderr.write(
    `phaseless ep: ${spec.name}: rule ${r.kind}${r.kind === 'tcl' ? ` (g ${r.g})` : ''}, layers ${spec.layers.join('-')}, ` +
      `${spec.data.train} train / ${spec.data.test} test digits, batch ${spec.batch}, ${spec.epochs} epochs, seed ${spec.seed}\n`,
  );
  const started = Date.now();
  if (rows.length === 0) {
    const first = job.initial();
    rows.push(first);
    dir.appendLine('metrics.ndjson', first);
    progressLine('epoch', 0, spec.epochs, started, `test error ${(100 * first.testError).toFixed(2)}% (untrained)`);
  }
  const firstEpoch = job.state().epoch;
  while (job.state().epoch < spec.epochs) {
    const e = job.state().epoch + 1;
    const t0 = Date.now();
    const row = job.epoch((done, total) => {
      if (done % 100 === 0 && done < total) progressLine(`  epoch ${e} batch`, done, total, t0, '');
    });
    rows.push(row);
    dir.appendLine('metrics.ndjson', row);
    saveCheckpoint(outPath, job.state());
    progressLine(
      'epoch',
      e - firstEpoch,
      spec.epochs - firstEpoch,
      started,
      `train error ${(100 * row.trainError).toFixed(2)}%, test error ${(100 * row.testError).toFixed(2)}%, ${row.trainSeconds.toFixed(1)} s training`,
    );
  }
  const result = summarise(spec, rows);
  dir.json('result.json', result);
  dir.text('learning-curve.svg', await renderSvg(epErrorSpec([{ name: spec.name, rows }], `${spec.name} (seed ${spec.seed})`)));
  process.stdout.write(
    `${spec.name}: test error ${(100 * result.finalTestError).toFixed(2)}% after ${result.epochs} epochs ` +
      `(best ${(100 * result.bestTestError).toFixed(2)}%), ${result.meanTrainSecondsPerEpoch.toFixed(1)} s per training epoch\n` +
      `wrote ${outPath}/{spec.json,status.json,split.json,metrics.ndjson,result.json,learning-curve.svg,checkpoint.bin}\n`,
  );
}

export interface EpResult {
  name: string;
  rule: string;
  epochs: number;
  initialTestError: number;
  finalTrainError: number;
  finalTestError: number;
  bestTestError: number;
  meanTrainSecondsPerEpoch: number;
}

function summarise(spec: EpSpec, rows: EpRow[]): EpResult {
  const trained = rows.filter((r) => r.epoch > 0);
  const last = rows[rows.length - 1];
  return {
    name: spec.name,
    rule: spec.rule.kind === 'classic' ? 'classic' : `tcl/${spec.rule.g}`,
    epochs: last.epoch,
    initialTestError: rows[0].testError,
    finalTrainError: last.trainError,
    finalTestError: last.testError,
    bestTestError: Math.min(...rows.map((r) => r.testError)),
    meanTrainSecondsPerEpoch: trained.length ? trained.reduce((s, r) => s + r.trainSeconds, 0) / trained.length : 0,
  };
}

function readMetrics(dir: string): EpRow[] {
  return readNdjson<EpRow>(join(dir, 'metrics.ndjson'));
}

/**
 * `phaseless ep-plot DIR... [--out FILE.svg]`: one SVG of log10 error per epoch (test solid,
 * train dashed) for the runs in the given folders, e.g. the three rules.
 */
export async function epPlotCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['out', 'title'], 'ep-plot');
  if (args.positional.length === 0) throw new SpecError('ep-plot', "one or more run folders written by 'phaseless ep'");
  checkOutFile(stringFlag(args, 'out') ?? 'ep-mnist.svg');
  const curves: EpCurve[] = args.positional.map((d) => {
    const specPath = join(d, 'spec.json');
    if (!existsSync(specPath)) throw new SpecError(d, `a run folder written by 'phaseless ep' (${specPath} is missing)`);
    const spec = readEpSpec(readJsonFile(specPath));
    const rows = readMetrics(d);
    if (rows.length === 0) throw new SpecError(d, 'a run folder with metrics.ndjson');
    return { name: spec.name, rows };
  });
  const out = stringFlag(args, 'out') ?? 'ep-mnist.svg';
  const title = stringFlag(args, 'title') ?? 'EP on MNIST: classification error per epoch';
  const svg = await renderSvg(epErrorSpec(curves, title));
  writeFileSync(out, svg);
  const w = Math.max(...curves.map((c) => c.name.length));
  process.stdout.write(
    curves
      .map((c) => {
        const last = c.rows[c.rows.length - 1];
        return `${c.name.padEnd(w)}  epoch ${String(last.epoch).padStart(3)}  train ${(100 * last.trainError).toFixed(2).padStart(6)}%  test ${(100 * last.testError).toFixed(2).padStart(6)}%`;
      })
      .join('\n') + `\nwrote ${out}\n`,
  );
}
