import { dirname, join, resolve } from 'path';
import { SpecError } from '../errors';
import { readNdjson } from '../ndjson';
import { renderSvg } from '../plots/render-svg';
import { PreparedRbm, ProtocolResult, RbmResult, RbmRow, prepareRbm } from '../experiments/rbm/rbm-experiment';
import { RbmExperimentSpec, readRbmSpec } from '../experiments/rbm/rbm-spec';
import { basCurvesSpec, bmnistCurvesSpec, isdSpec } from '../experiments/rbm/rbm-plots';
import { IsdCase, defaultIsdStudy, isdStudy } from '../experiments/rbm/isd-study';
import { CliArgs, defineCommand } from './command-def';
import { Opts, flag, integer, list, outFlag, text, toggle } from './flags';
import { progressLine } from './progress';
import { Replay, RunDir, freshDir, openRunDir, resumeFolder, storedSpec, tracked } from './run-dir';
import { SpecFile, expectForm, noticeOlderLayout, readSpecFile } from './spec-file';
import { rbmForm } from '../spec/rbm-form';
import { inOneFieldNames, toOneSpec } from '../spec/one-spec';

/**
 * The spec file with --seed, --gibbs-steps and --eval-every applied (checked again after the
 * overrides), and the file as read (its layout names the fields of later errors).
 */
export function resolveRbmSpec(args: CliArgs<{ seed?: number; gibbsSteps?: number; evalEvery?: number; only?: string[] }>): { spec: RbmExperimentSpec; read: SpecFile } {
  const read = readSpecFile(args.positional[0]);
  expectForm(read, 'rbm', [rbmForm]);
  const { seed, gibbsSteps: steps, evalEvery, only } = args.opts;
  const spec = inOneFieldNames(read, () =>
    readRbmSpec({
      ...(read.legacy as Record<string, unknown>),
      ...(seed === undefined ? {} : { seed }),
      ...(steps === undefined ? {} : { gibbsSteps: steps }),
      ...(evalEvery === undefined ? {} : { evalEvery }),
    }, only),
  );
  noticeOlderLayout(read);
  // Data files are named relative to the spec file; the run folder's spec keeps them absolute.
  const d = spec.dataset;
  if (d.kind !== 'bmnist') return { spec, read };
  const at = (p: string | undefined) => p && resolve(dirname(read.file), p);
  const files = { images: at(d.images), labels: at(d.labels), file: at(d.file) };
  const given = Object.fromEntries(Object.entries(files).filter(([, p]) => p !== undefined));
  return { spec: { ...spec, dataset: { ...d, ...given } }, read };
}

/** Rows of every protocol at the same Gibbs-step checkpoints (1/4, 1/2 and all of the budget). */
export function equalStepTable(spec: RbmExperimentSpec, rows: RbmRow[]): RbmRow[] {
  const at = [0.25, 0.5, 1].map((f) => Math.round((f * spec.gibbsSteps) / spec.evalEvery) * spec.evalEvery);
  return [...new Set(at)].flatMap((g) => rows.filter((r) => r.gibbsSteps === g));
}

function formatRow(r: RbmRow, w: number): string {
  const metric =
    r.nll !== undefined ? `NLL ${r.nll.toFixed(3).padStart(7)}  TV ${r.tv!.toFixed(3)}` : `train error ${r.trainError!.toFixed(3)}`;
  return `${r.protocol.padEnd(w)}  ${String(r.gibbsSteps).padStart(10)}  ${String(r.phases).padStart(7)}  ${metric}`;
}

const rbmFlags = {
  out: outFlag('runs/<spec name>-N'),
  seed: flag('--seed <N>', "the seed (default: the spec's)", integer(0)),
  gibbsSteps: flag('--gibbs-steps <N>', "Gibbs-step budget per protocol (default: the spec's)", integer(1)),
  evalEvery: flag('--eval-every <N>', "Gibbs steps between evaluations (default: the spec's)", integer(1)),
  only: flag('--only <IDS>', 'comma-separated protocol ids to run (default: all)', list(text)),
  resume: flag('--resume <DIR>', 'finish the interrupted run in DIR (no spec file and no other flag)', text),
};

export const rbmCli = defineCommand({
  name: 'rbm',
  summary: 'RBM with flexible phases: CD-K, temporally local, IS-D at equal Gibbs steps',
  about:
    'The RBM experiments of [FLEX]: every protocol of the spec at the same Gibbs-step budget. ' +
    'Writes spec.json (with the protocols that run), status.json (running, done or interrupted), metrics.ndjson, ' +
    "protocols.ndjson (each protocol's result as it finishes), result.json (with the table at equal Gibbs steps) and " +
    'one SVG of the curves. --resume DIR finishes an interrupted run: finished protocols are kept, the one cut short ' +
    'is replayed from its start; it ends as the uninterrupted run does.',
  args: { '[spec.json]': 'an RBM spec, e.g. experiments/rbm-bas.json (required unless --resume)' },
  flags: rbmFlags,
  examples: [
    ['phaseless rbm experiments/rbm-bas.json --out runs/bas', 'bars-and-stripes, every protocol'],
    ['phaseless rbm experiments/rbm-bas.json --only rbm-bas-cd200 --gibbs-steps 1600000', 'one protocol, a tenth of the budget'],
    ['phaseless rbm --resume runs/bas', 'finish that run after an interruption'],
  ],
  run: rbmCommand,
});
type RbmArgs = CliArgs<Opts<typeof rbmFlags>>;

/**
 * `phaseless rbm <spec.json>`: every protocol of the spec at the same Gibbs-step budget, with
 * protocols.ndjson (each protocol's result as it finishes) besides the metrics.
 * `phaseless rbm --resume DIR` finishes an interrupted run.
 */
export async function rbmCommand(args: RbmArgs): Promise<void> {
  if (args.opts.resume !== undefined) return resumeRbm(args);
  // The parser allows at most one; none is an error only here, where --resume is not given.
  if (args.positional.length === 0) throw new SpecError('rbm', 'a spec.json argument (an RBM spec, e.g. experiments/rbm-bas.json) or --resume DIR');
  const { spec: full, read } = resolveRbmSpec(args);
  // Loading the data can still refuse a field (an IDX file): named as the spec file writes it.
  const job = inOneFieldNames(read, () => prepareRbm(full, args.opts.only));
  // The folder's spec lists the protocols that run (--only), so a resume runs the same ones.
  const spec: RbmExperimentSpec = { ...full, protocols: job.protocols };
  const outPath = args.opts.out ?? freshDir(spec.name);
  RunDir.check(outPath);
  const dir = RunDir.create(outPath);
  dir.json('spec.json', toOneSpec(spec, read));
  await tracked(outPath, 'rbm', () => runRbm(job, dir, outPath, [], []));
}

/**
 * Protocols that finished are kept as they are (protocols.ndjson); the one that was cut is
 * replayed from its start, every replayed evaluation checked against its stored line, and the
 * rest run as usual: the folder ends as an uninterrupted run leaves it, apart from wall-clock
 * fields. (Replaying costs at most one protocol's time.)
 */
async function resumeRbm(args: RbmArgs): Promise<void> {
  const outPath = resumeFolder(args, 'rbm');
  const spec = readRbmSpec(storedSpec(outPath));
  const job = prepareRbm(spec);
  const finished = readNdjson<ProtocolResult>(join(outPath, PROTOCOLS_FILE));
  const stored = readNdjson<RbmRow>(join(outPath, 'metrics.ndjson'));
  process.stderr.write(`phaseless rbm: resuming ${outPath} after ${finished.length} of ${job.protocols.length} protocols (replaying the one cut short)\n`);
  await tracked(outPath, 'rbm', () => runRbm(job, openRunDir(outPath), outPath, finished, stored));
}

const PROTOCOLS_FILE = 'protocols.ndjson';

async function runRbm(job: PreparedRbm, dir: Pick<RunDir, 'json' | 'text' | 'appendLine'>, outPath: string, finished: ProtocolResult[], stored: RbmRow[]): Promise<void> {
  const { spec } = job;
  process.stderr.write(
    `phaseless rbm ${spec.name}: ${job.train.name} (${job.train.rows.length} rows, ${job.train.width} visible), ${spec.hidden} hidden, ` +
      `${spec.gibbsSteps} Gibbs steps per protocol, seed ${spec.seed}${engineNote(spec)}\n`,
  );
  const done = new Map(finished.map((p) => [p.id, p]));
  // Rows of finished protocols stay; those of the protocol that was cut are met again in the replay.
  const rows: RbmRow[] = stored.filter((r) => done.has(r.protocol));
  const replay = new Replay(
    stored.filter((r) => !done.has(r.protocol)),
    ['wallMs'],
  );
  const evals = spec.gibbsSteps / spec.evalEvery;
  const res: RbmResult = job.run(
    (row) => {
      rows.push(row);
      if (replay.seen(row, `${row.protocol} at ${row.gibbsSteps} Gibbs steps`)) return;
      dir.appendLine('metrics.ndjson', row);
      const m = row.nll !== undefined ? `NLL ${row.nll.toFixed(3)} TV ${row.tv!.toFixed(3)}` : `train error ${row.trainError!.toFixed(3)}`;
      progressLine(`${row.protocol} eval`, row.gibbsSteps / spec.evalEvery, evals, Date.now() - row.wallMs, m);
    },
    (p) => {
      dir.appendLine(PROTOCOLS_FILE, p);
      process.stderr.write(`${p.id}: done in ${p.wallSeconds.toFixed(1)} s\n`);
    },
    done,
  );
  const table = equalStepTable(spec, rows);
  dir.json('result.json', { ...res, table });
  const title = `${spec.name} (seed ${spec.seed}, ${spec.gibbsSteps} Gibbs steps per protocol)`;
  const plot = spec.dataset.kind === 'bas' ? basCurvesSpec(rows, title, res.nllFloor) : bmnistCurvesSpec(rows, title);
  dir.text(`${spec.name}.svg`, await renderSvg(plot));
  const w = Math.max(8, ...rows.map((r) => r.protocol.length));
  const finals = res.protocols
    .map((p) => {
      const errs = p.finalTrainError !== undefined ? `  final train error ${p.finalTrainError.toFixed(3)}` + (p.finalTestError !== undefined ? `  test error ${p.finalTestError.toFixed(3)}` : '') : '';
      return `${p.id.padEnd(w)}  ${p.wallSeconds.toFixed(1).padStart(7)} s wall${errs}`;
    })
    .join('\n');
  process.stdout.write(
    `at equal Gibbs steps:\n${'protocol'.padEnd(w)}  ${'Gibbs'.padStart(10)}  ${'phases'.padStart(7)}  metric\n` +
      table.map((r) => formatRow(r, w)).join('\n') +
      (res.nllFloor !== undefined ? `\n(NLL floor: entropy of the data, ${res.nllFloor.toFixed(3)} nats)` : '') +
      `\n${finals}\nwrote ${outPath}/{spec.json,status.json,metrics.ndjson,${PROTOCOLS_FILE},result.json,${spec.name}.svg}\n`,
  );
}

/** The event engine and what makes it asynchronous, for the run's first line (nothing for the array engine). */
function engineNote(spec: RbmExperimentSpec): string {
  if (spec.engine !== 'event') return '';
  const parts = [
    spec.timing && `timing ${JSON.stringify(spec.timing)}`,
    spec.endpointView && `endpointView ${JSON.stringify(spec.endpointView)}`,
    spec.faults && `faults ${JSON.stringify(spec.faults)}`,
  ].filter((x) => x);
  return `, event engine${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function formatIsd(cases: IsdCase[]): string {
  return cases
    .map((c) => {
      const head =
        `${c.name}: ${c.nv} visible, ${c.nh} hidden; A = E+|s|^2 = ${c.A.toFixed(4)}, B' = E-|s|^2 = ${c.B.toFixed(4)}, ` +
        `|g|^2 = ${c.gradNorm2.toFixed(4)}; b* = sqrt(A)/(sqrt(A)+sqrt(B')) = ${c.bStar.toFixed(4)}`;
      const rows = c.rows.map(
        (r) =>
          `  ${r.b.toFixed(3).padStart(6)}  ${r.theory.toFixed(4).padStart(10)}  ${r.measured.toFixed(4).padStart(10)}  ` +
          `${(100 * r.relError).toFixed(2).padStart(7)}%  ${r.variance.toFixed(4).padStart(10)}  ${r.maxZ.toFixed(2).padStart(6)}`,
      );
      const chain = c.chain
        ? `\n  IS-D on the Gibbs chain under the clock (b = 0.5, K = ${c.chain.K}, ${c.chain.phases} phases): ` +
          `|mean - g| / |g| = ${c.chain.relError.toFixed(3)}, max |z| = ${c.chain.maxZ.toFixed(2)}`
        : '';
      return (
        `${head}\n  ${'b'.padStart(6)}  ${'A/b+B/(1-b)'.padStart(10)}  ${'measured'.padStart(10)}  ${'rel'.padStart(8)}  ${'variance'.padStart(10)}  ${'max|z|'.padStart(6)}\n` +
        rows.join('\n') +
        `\n  second moment at b* / at b = 0.5: ${c.ratioAtBStar.toFixed(4)}${chain}`
      );
    })
    .join('\n\n');
}

const isdDefaults = defaultIsdStudy;
const samplesWhy = 'the estimator error falls as 1/sqrt(samples): 1e8 samples already resolve 1e-4';

const isdFlags = {
  seed: flag('--seed <N>', 'the seed', integer(0), isdDefaults.seed),
  samples: flag('--samples <N>', 'phase samples per value of b', integer(100, { max: 1e8, why: samplesWhy }), isdDefaults.samples),
  chainPhases: flag('--chain-phases <N>', 'phases of the Gibbs-chain check, 0 for none', integer(0), isdDefaults.chainPhases),
  out: flag('--out <DIR>', 'also write result.json and isd.svg into DIR, new or empty', text),
  json: toggle('--json', 'print the result as one JSON line instead of the table'),
};

export const isdCli = defineCommand({
  name: 'isd',
  summary: 'the IS estimator study on tiny RBMs with exact E+ and E-',
  about:
    'The importance-sampling estimator g_hat = (z/b) s+ - ((1-z)/(1-b)) s- on tiny RBMs whose E+ and E- are exact by ' +
    'enumeration: its second moment against b, the optimum b*, and IS-D on a Gibbs chain under the clock. ' +
    'Prints the table; with --out also writes result.json and isd.svg.',
  flags: isdFlags,
  examples: [
    ['phaseless isd', 'the study with 100000 samples per b'],
    ['phaseless isd --samples 2000 --chain-phases 0 --json', 'a quick look, as JSON'],
  ],
  run: isdCommand,
});

/** `phaseless isd`: the IS estimator study on tiny RBMs with exact E+ and E- by enumeration. */
export async function isdCommand(args: CliArgs<Opts<typeof isdFlags>>): Promise<void> {
  const { json, out, ...picked } = args.opts;
  const o = { ...defaultIsdStudy, ...picked };
  if (out !== undefined) RunDir.check(out);
  const started = Date.now();
  const cases = isdStudy(o);
  const wall = (Date.now() - started) / 1000;
  if (out !== undefined) {
    const dir = RunDir.create(out);
    dir.json('result.json', { options: o, wallSeconds: wall, cases });
    dir.text('isd.svg', await renderSvg(isdSpec(cases, `IS estimator: second moment against b (${o.samples} samples per b)`)));
  }
  if (json) {
    process.stdout.write(JSON.stringify({ options: o, wallSeconds: wall, cases }) + '\n');
    return;
  }
  process.stdout.write(
    `IS estimator g_hat = (z/b) s+ - ((1-z)/(1-b)) s-, s = -h v^T, exact phase samples, ${o.samples} per b (seed ${o.seed})\n\n` +
      formatIsd(cases) +
      `\n\n${wall.toFixed(1)} s wall${out !== undefined ? `; wrote ${out}/{result.json,isd.svg}` : ''}\n`,
  );
}
