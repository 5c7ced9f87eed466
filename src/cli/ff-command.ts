import { join } from 'path';
import { SpecError } from '../errors';
import { FfResult, FfRow, FfVariantResult, PreparedFf, prepareFf } from '../ff/ff-experiment';
import { ffCurvesSpec } from '../ff/ff-plot';
import { FfSpec, readFfSpec } from '../ff/ff-spec';
import { readNdjson } from '../ndjson';
import { isRecord } from '../validate';
import { renderSvg } from '../plots/render-svg';
import { ffForm } from '../spec/ff-form';
import { inOneFieldNames, toOneSpec } from '../spec/one-spec';
import { CliArgs, defineCommand } from './command-def';
import { Opts, flag, integer, list, outFlag, text } from './flags';
import { progressLine } from './progress';
import { Replay, RunDir, freshDir, openRunDir, resumeFolder, storedSpec, tracked } from './run-dir';
import { expectForm, noticeOlderLayout, readSpecFile } from './spec-file';

/**
 * The spec file (one format or the older FF layout) with --seed, --steps and --eval-every applied
 * (checked again after the overrides); errors name the fields as the file writes them.
 */
export function resolveFfSpec(args: CliArgs<{ seed?: number; steps?: number; evalEvery?: number }>): FfSpec {
  const read = readSpecFile(args.positional[0]);
  // A file of the older layout that names no experiment is read as an FF spec, whose reader asks for it.
  if (read.one || (isRecord(read.legacy) && read.legacy.experiment !== undefined)) expectForm(read, 'ff', [ffForm]);
  const { seed, steps, evalEvery } = args.opts;
  const spec = inOneFieldNames(read, () =>
    readFfSpec({
      ...(read.legacy as Record<string, unknown>),
      ...(seed === undefined ? {} : { seed }),
      ...(steps === undefined ? {} : { steps }),
      ...(evalEvery === undefined ? {} : { evalEvery }),
    }),
  );
  noticeOlderLayout(read);
  return spec;
}

const ffFlags = {
  out: outFlag('runs/<spec name>-N'),
  seed: flag('--seed <N>', "the seed (default: the spec's)", integer(0)),
  steps: flag('--steps <N>', "training steps per variant (default: the spec's)", integer(1)),
  evalEvery: flag('--eval-every <N>', "steps between evaluations (default: the spec's)", integer(1)),
  only: flag('--only <IDS>', 'comma-separated variant ids to run (default: all)', list(text)),
  resume: flag('--resume <DIR>', 'finish the interrupted run in DIR (no spec file and no other flag)', text),
};

export const ffCli = defineCommand({
  name: 'ff',
  summary: 'Forward-Forward on MNIST: standard FF against IS-D (b = 0.5, b*) at equal steps',
  about:
    'The Forward-Forward experiment of [FLEX]: a 784-500-500 network with layer-local goodness losses and Adam, batch 1; ' +
    'every variant of the spec (standard FF with a positive and a negative sample per step, IS-D with one of them per step ' +
    'weighted 1/b or 1/(1-b)) for the same number of steps. Writes spec.json, status.json, metrics.ndjson, ' +
    "variants.ndjson (each variant's result as it finishes), result.json and one SVG of test error against steps. " +
    '--resume DIR finishes an interrupted run: finished variants are kept, the one cut short is replayed from its start.',
  args: { '[spec.json]': 'an FF spec (substrate "feedforward", or the older "experiment": "ff" layout), e.g. experiments/ff-mnist.json (required unless --resume)' },
  flags: ffFlags,
  examples: [
    ['phaseless ff experiments/ff-mnist.json --out runs/ff', 'every variant of the shipped spec'],
    ['phaseless ff experiments/ff-mnist.json --only isd-bstar --steps 2000', 'one variant, a short run'],
    ['phaseless ff --resume runs/ff', 'finish that run after an interruption'],
  ],
  run: ffCommand,
});
type FfArgs = CliArgs<Opts<typeof ffFlags>>;

const VARIANTS_FILE = 'variants.ndjson';

/**
 * `phaseless ff <spec.json>`: every variant of the spec for the same number of steps.
 * `phaseless ff --resume DIR` finishes an interrupted run.
 */
export async function ffCommand(args: FfArgs): Promise<void> {
  if (args.opts.resume !== undefined) return resumeFf(args);
  if (args.positional.length === 0) throw new SpecError('ff', 'a spec.json argument (an FF spec, e.g. experiments/ff-mnist.json) or --resume DIR');
  const full = resolveFfSpec(args);
  const outPath = args.opts.out ?? freshDir(full.name);
  RunDir.check(outPath);
  const job = prepareFf(full, args.opts.only);
  // The folder's spec lists the variants that run (--only), so a resume runs the same ones; it
  // is stored in the one format (a folder of an earlier version, in the older layout, still resumes).
  const spec: FfSpec = { ...full, variants: job.variants };
  const dir = RunDir.create(outPath);
  dir.json('spec.json', toOneSpec(spec));
  await tracked(outPath, 'ff', () => runFf(job, dir, outPath, [], []));
}

/** Finished variants are kept; the one cut short is replayed from its start, its rows checked against the stored ones. */
async function resumeFf(args: FfArgs): Promise<void> {
  const outPath = resumeFolder(args, 'ff');
  const spec = readFfSpec(storedSpec(outPath));
  const job = prepareFf(spec);
  const finished = readNdjson<FfVariantResult>(join(outPath, VARIANTS_FILE));
  const stored = readNdjson<FfRow>(join(outPath, 'metrics.ndjson'));
  process.stderr.write(`phaseless ff: resuming ${outPath} after ${finished.length} of ${job.variants.length} variants (replaying the one cut short)\n`);
  await tracked(outPath, 'ff', () => runFf(job, openRunDir(outPath), outPath, finished, stored));
}

async function runFf(job: PreparedFf, dir: Pick<RunDir, 'json' | 'text' | 'appendLine'>, outPath: string, finished: FfVariantResult[], stored: FfRow[]): Promise<void> {
  const { spec } = job;
  process.stderr.write(
    `phaseless ff ${spec.name}: 784-${spec.layers.join('-')}, ${job.train.labels.length} train / ${job.test.labels.length} test digits, ` +
      `${spec.steps} steps per variant, seed ${spec.seed}\n`,
  );
  const done = new Map(finished.map((v) => [v.id, v]));
  const rows: FfRow[] = stored.filter((r) => done.has(r.variant));
  const replay = new Replay(
    stored.filter((r) => !done.has(r.variant)),
    ['wallMs'],
  );
  const evals = spec.steps / spec.evalEvery;
  const res: FfResult = job.run(
    (row) => {
      rows.push(row);
      if (replay.seen(row, `${row.variant} at step ${row.step}`)) return;
      dir.appendLine('metrics.ndjson', row);
      const b = row.b === undefined ? '' : ` b ${row.b.toFixed(3)}`;
      progressLine(`${row.variant} eval`, row.step / spec.evalEvery, evals, Date.now() - row.wallMs, `test error ${row.testError.toFixed(4)}${b} b* ${row.bStar.toFixed(3)}`);
    },
    (v) => {
      dir.appendLine(VARIANTS_FILE, v);
      process.stderr.write(`${v.id}: done in ${v.wallSeconds.toFixed(1)} s\n`);
    },
    done,
  );
  dir.json('result.json', res);
  dir.text(`${spec.name}.svg`, await renderSvg(ffCurvesSpec(rows, `${spec.name} (seed ${spec.seed}, ${spec.steps} steps per variant, ${spec.data.test} test digits)`)));
  const w = Math.max(8, ...res.variants.map((v) => v.id.length));
  process.stdout.write(
    `${'variant'.padEnd(w)}  ${'steps'.padStart(7)}  ${'samples'.padStart(7)}  test error  wall\n` +
      res.variants
        .map((v) => `${v.id.padEnd(w)}  ${String(v.final.step).padStart(7)}  ${String(v.final.samples).padStart(7)}  ${v.final.testError.toFixed(4).padStart(10)}  ${v.wallSeconds.toFixed(1)} s`)
        .join('\n') +
      `\nwrote ${outPath}/{spec.json,status.json,metrics.ndjson,${VARIANTS_FILE},result.json,${spec.name}.svg}\n`,
  );
}
