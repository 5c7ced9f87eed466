import { existsSync, readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { IDX_FIELDS } from '../datasets/digit-source';
import { SpecError } from '../errors';
import { readEpSpec } from '../experiments/ep/ep-spec';
import { EpCurve, epErrorSpec } from '../experiments/ep/ep-plot';
import { EpRow } from '../experiments/ep/ep-train';
import { readNdjson } from '../ndjson';
import { renderSvg } from '../plots/render-svg';
import { hopfieldForm } from '../spec/hopfield-form';
import { inOneFieldNames, toOneSpec } from '../spec/one-spec';
import { Json } from '../spec/spec-form';
import { isRecord } from '../validate';
import { CliArgs } from './command-def';
import { epCommand, EpResult } from './ep-command';
import { EpArm, epArms, readCompareFile, ruleOf } from './ep-arms';
import { RunDir, freshDir, givenFlags, openRunDir, resumeFolder, runPart, storedSpec, tracked } from './run-dir';
import { meanAndStd } from './seed-study';
import { noticeOlderLayout } from './spec-file';

/** The flags `phaseless compare` takes with an EP spec (the others are resistor runs'). */
const EP_COMPARE_FLAGS = ['--seeds', '--out', '--resume'];
const ARMS_FILE = 'arms.json';

interface CompareArgs {
  seeds?: number[];
  out?: string;
  resume?: string;
}

/** The numbers of one arm and seed, from the run's result.json. */
type ArmSeedRow = { seed: number; finalTestError: number; bestTestError: number; finalTrainError: number; secondsPerEpoch: number };

/** IDX or CSV files named relative to the spec file, made absolute so that the arms' folders find them. */
function absoluteTask(one: Json, file: string): Json {
  if (!isRecord(one.task) || (one.task.kind !== 'idx' && one.task.kind !== 'csv')) return one;
  const task: Json = { ...one.task };
  for (const f of IDX_FIELDS) if (typeof task[f] === 'string') task[f] = resolve(dirname(file), task[f] as string);
  return { ...one, task };
}

/**
 * `phaseless compare` of an EP spec: every arm for every seed, each a run folder of its own
 * (`<id>-seed-<k>`, what `phaseless ep` writes for the arm's spec arm-<id>.json, with its
 * checkpoints), one after another. A resume finishes the run cut short from its checkpoint and
 * runs those not begun. The folder
 * gets arms.json (each arm's spec), compare.json (per arm and seed the final errors and epoch
 * time, and their mean and standard deviation over the seeds), compare.svg (each arm's
 * learning curve, mean over the seeds) and the table on stdout.
 */
export async function epCompareCommand(args: CliArgs<CompareArgs>): Promise<void> {
  for (const f of givenFlags(args)) {
    if (!EP_COMPARE_FLAGS.includes(f)) throw new SpecError(f, 'not given with an EP spec (compare of EP specs takes --seeds, --out and --resume)');
  }
  if (args.opts.resume !== undefined) {
    const outPath = resumeFolder(args, 'compare');
    const { arms, seeds } = storedSpec(outPath, ARMS_FILE) as { arms: EpArm[]; seeds: number[] };
    process.stderr.write(`phaseless compare: resuming ${outPath} (${arms.length} arms x ${seeds.length} seeds of EP runs)\n`);
    return tracked(outPath, 'compare', () => runArms(arms, seeds, outPath));
  }
  const file = args.positional[0];
  const { compare, read } = readCompareFile(file);
  const base = inOneFieldNames(read, () => readEpSpec(read.legacy));
  const one = absoluteTask(toOneSpec(base), file);
  const arms = epArms(compare === undefined ? one : { ...one, compare });
  const seeds = args.opts.seeds ?? [base.seed];
  if (new Set(seeds).size !== seeds.length) throw new SpecError('--seeds', 'distinct seeds', seeds);
  noticeOlderLayout(read);
  const outPath = args.opts.out ?? freshDir(`${String(one.name)}-compare`);
  RunDir.check(outPath);
  const dir = RunDir.create(outPath);
  dir.json('spec.json', compare === undefined ? one : { ...one, compare });
  dir.json(ARMS_FILE, { arms, seeds });
  for (const arm of arms) dir.json(armFile(arm.id), arm.spec);
  await tracked(outPath, 'compare', () => runArms(arms, seeds, outPath));
}

const armFile = (id: string) => `arm-${id}.json`;

/** Whether `phaseless compare` was given an EP spec (or the folder of an EP comparison to resume). */
export function isEpCompare(args: CliArgs<{ resume?: string }>): boolean {
  if (args.opts.resume !== undefined) return existsSync(join(args.opts.resume, ARMS_FILE));
  const file = args.positional[0];
  return file !== undefined && readCompareFile(file).read.form === hopfieldForm;
}

async function runArms(arms: EpArm[], seeds: number[], outPath: string): Promise<void> {
  const started = Date.now();
  const total = arms.length * seeds.length;
  let k = 0;
  for (const arm of arms) {
    for (const seed of seeds) {
      k++;
      const line = `phaseless compare: ${arm.id}, seed ${seed} (${k} of ${total})`;
      await runPart(epCommand, join(outPath, `${arm.id}-seed-${seed}`), join(outPath, armFile(arm.id)), seed, line);
    }
  }
  await summarise(arms, seeds, outPath, started);
}

async function summarise(arms: EpArm[], seeds: number[], outPath: string, started: number): Promise<void> {
  const table = arms.map((arm) => {
    const rows: ArmSeedRow[] = seeds.map((seed) => {
      const r = JSON.parse(readFileSync(join(outPath, `${arm.id}-seed-${seed}`, 'result.json'), 'utf8')) as EpResult;
      return { seed, finalTestError: r.finalTestError, bestTestError: r.bestTestError, finalTrainError: r.finalTrainError, secondsPerEpoch: r.meanTrainSecondsPerEpoch };
    });
    return { id: arm.id, rule: ruleOf(arm.spec).kind, rows, summary: meanAndStd(rows) };
  });
  const dir = openRunDir(outPath);
  dir.json('compare.json', { seeds, arms: table });
  const curves: EpCurve[] = arms.map((arm) => ({ name: arm.id, rows: meanCurve(seeds.map((s) => readNdjson<EpRow>(join(outPath, `${arm.id}-seed-${s}`, 'metrics.ndjson')))) }));
  dir.text('compare.svg', await renderSvg(epErrorSpec(curves, `EP on MNIST: mean error per epoch over seeds ${seeds.join(', ')}`)));
  const w = Math.max(...arms.map((a) => a.id.length), 3);
  const pct = (m: { mean: number; std: number }) => `${(100 * m.mean).toFixed(2)} +- ${(100 * m.std).toFixed(2)}%`.padStart(17);
  process.stdout.write(
    `${'arm'.padEnd(w)}  ${'final test error'.padStart(17)}  ${'best test error'.padStart(17)}  ${'final train error'.padStart(17)}  ${'s/epoch'.padStart(8)}\n` +
      table
        .map(
          (a) =>
            `${a.id.padEnd(w)}  ${pct(a.summary.finalTestError)}  ${pct(a.summary.bestTestError)}  ${pct(a.summary.finalTrainError)}  ` +
            `${a.summary.secondsPerEpoch.mean.toFixed(1).padStart(8)}`,
        )
        .join('\n') +
      `\n${seeds.length} seed(s), ${((Date.now() - started) / 1000).toFixed(1)} s wall; wrote ${outPath}/{spec.json,${ARMS_FILE},arm-*.json,status.json,<arm>-seed-<k>/,compare.json,compare.svg}\n`,
  );
}

/** Per epoch, the mean train and test error over the seeds' runs (all run to the same epochs). */
function meanCurve(runs: EpRow[][]): EpCurve['rows'] {
  return runs[0].map((r, e) => ({
    epoch: r.epoch,
    trainError: runs.reduce((s, rows) => s + rows[e].trainError, 0) / runs.length,
    testError: runs.reduce((s, rows) => s + rows[e].testError, 0) / runs.length,
  }));
}
