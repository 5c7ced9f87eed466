import { mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { SpecError } from '../errors';
import { EpSpec, epSeconds, readEpSpec } from '../experiments/ep/ep-spec';
import { rbmSeconds, readRbmSpec } from '../experiments/rbm/rbm-spec';
import { STUDY_AXES, StudyAxis, TimedSpec, paperStudyAxes, studyPointOf, studyPointSpecs } from '../analysis/study-points';
import { summarizeStudy } from '../analysis/study-summary';
import { rbmStudy } from '../analysis/rbm-robustness';
import { epStudy } from '../analysis/ep-robustness';
import { inOneFieldNames, specLayout, toOneSpec } from '../spec/one-spec';
import { SpecForm } from '../spec/spec-form';
import { runPool } from '../parallel/worker-pool';
import { CliArgs } from './command-def';
import { epCommand } from './ep-command';
import { rbmCommand } from './rbm-command';
import { PartCommand, RunDir, freshDir, givenFlags, resumeFolder, runPart, storedSpec, tracked } from './run-dir';
import { SpecFile, noticeOlderLayout } from './spec-file';
import { formatDuration } from './progress';

/** What a study folder stores to run the same points on --resume. */
const PLAN_FILE = 'study.json';

/** The flags of `phaseless robustness` an EP or RBM study takes (the others are the resistor study's). */
const STUDY_FLAGS = ['--axes', '--seeds', '--full', '--out', '--resume', '--workers'];

interface PointStudyArgs {
  axes: string[];
  seeds?: number[];
  full?: boolean;
  workers?: number;
  out?: string;
  resume?: string;
}

/** The stored plan: the points in the order they run, each with its seed. */
interface StoredPlan {
  command: 'ep' | 'rbm';
  title: string;
  firstLook: boolean;
  axes: StudyAxis[];
  seeds: number[];
  points: { name: string; seed: number }[];
}

/**
 * `phaseless robustness` of an EP or RBM spec: the paper experiments' robustness study
 * (docs/ep-robustness, docs/rbm-robustness). Each point (the base spec, or one axis of timing
 * irregularity or faults at one level, for one seed; levels fixed by paperStudyAxes) is a spec
 * in `points/` and a run folder of its own in `runs/`, what `phaseless ep` or `rbm` writes with
 * its checkpoints; points run one after another, or N at a time with --workers N. A resume
 * finishes the point that was cut short from its checkpoint and runs those not begun. At the
 * end the run folders are gathered into the curves (summarizeStudy): results.ndjson,
 * curves.ndjson, table.md and one SVG per axis.
 */
export async function pointStudyCommand(args: CliArgs<PointStudyArgs>, form: SpecForm, read?: SpecFile): Promise<void> {
  if (form.command !== 'ep' && form.command !== 'rbm') {
    throw new SpecError('substrate.kind', `"resistor", "hopfield" or "rbm" for phaseless robustness (a ${form.substrate} spec has no robustness study)`, form.substrate);
  }
  const command = form.command;
  const what = command === 'ep' ? 'an EP' : 'an RBM';
  for (const f of givenFlags(args)) {
    if (!STUDY_FLAGS.includes(f)) throw new SpecError(f, `not given with ${what} spec (its study takes ${STUDY_FLAGS.join(', ')}: the levels are fixed, docs/${command}-robustness)`);
  }
  // Point after point unless --workers is given: one run's progress lines stay in order.
  const workers = givenFlags(args).includes('--workers') ? Math.max(1, args.opts.workers ?? 1) : 1;
  if (args.opts.resume !== undefined) {
    // The worker count changes where a point runs, never its result.
    const outPath = resumeFolder(args, 'robustness', { allowed: ['--workers'] });
    const plan = storedSpec(outPath, PLAN_FILE) as StoredPlan;
    process.stderr.write(`phaseless robustness: resuming ${outPath} (${plan.points.length} points of ${plan.title})\n`);
    return tracked(outPath, 'robustness', () => runStudy(plan, outPath, workers));
  }
  if (read === undefined) throw new SpecError('robustness', 'a spec file');
  const axes = givenFlags(args).includes('--axes') ? [...new Set(args.opts.axes)] : [...STUDY_AXES];
  for (const [i, a] of axes.entries()) {
    if (!(STUDY_AXES as readonly string[]).includes(a)) throw new SpecError(`--axes[${i}]`, `one of ${STUDY_AXES.join(', ')} for ${what} spec (the clock-view axis is the resistor study's)`, a);
  }
  const firstLook = !args.opts.full;
  const seeds = args.opts.seeds ?? (firstLook ? [1] : [1, 2, 3]);
  if (new Set(seeds).size !== seeds.length) throw new SpecError('--seeds', 'distinct seeds', seeds);
  const check = command === 'ep' ? readEpSpec : readRbmSpec;
  const spec = inOneFieldNames(read, () => check(read.legacy));
  const base = toOneSpec(spec, read) as unknown as TimedSpec & { engine?: string };
  if (base.engine !== 'event') {
    throw new SpecError('engine', `"event" for a robustness study (its timing and fault fields are the event engine's; with synchronous timing it runs the array engine's sweeps, the same rows)`, base.engine ?? 'array');
  }
  // EP delays are in relaxation steps of timing.step (filled in on the event engine); the RBM's in Gibbs steps.
  const step = command === 'ep' ? (spec as EpSpec).timing!.step : 1;
  const all = paperStudyAxes(command, step);
  const chosen = Object.fromEntries(axes.map((a) => [a, all[a as StudyAxis]]));
  // Every point's spec is checked before the folder is made.
  const points = studyPointSpecs(base, chosen, { firstLook, seeds });
  const seconds = points.map((p) => {
    const layout = specLayout(p.spec);
    return command === 'ep' ? epSeconds(inOneFieldNames(layout, () => readEpSpec(layout.legacy))) : rbmSeconds(inOneFieldNames(layout, () => readRbmSpec(layout.legacy)));
  });
  noticeOlderLayout(read);
  const outPath = args.opts.out ?? freshDir(`${spec.name}-robustness`);
  RunDir.check(outPath);
  const dir = RunDir.create(outPath);
  mkdirSync(join(outPath, 'points'));
  mkdirSync(join(outPath, 'runs'));
  dir.json('spec.json', base);
  for (const p of points) dir.json(join('points', `${p.name}.json`), p.spec);
  const plan: StoredPlan = { command, title: spec.name, firstLook, axes: axes as StudyAxis[], seeds, points: runOrder(points.map((p) => ({ name: p.name, seed: studyPointOf(p.name)!.seed }))) };
  dir.json(PLAN_FILE, plan);
  const n = plan.points.length;
  const total = seconds.reduce((a, b) => a + b, 0);
  process.stderr.write(
    `phaseless robustness: ${n} points of ${plan.title} (${firstLook ? 'first look: levels 2 and 4 of 5' : 'every level'} of ${axes.join(', ')}; seed${seeds.length > 1 ? 's' : ''} ${seeds.join(', ')}), ` +
      `${Math.min(workers, n)} at a time, estimated ${formatDuration(Math.max(total / Math.min(workers, n), Math.max(...seconds)))} (${formatDuration(total)} of run time); ` +
      `each point a run folder in ${join(outPath, 'runs')} with its own progress and checkpoints\n`,
  );
  await tracked(outPath, 'robustness', () => runStudy(plan, outPath, workers));
}

/**
 * The order points run in: points without asynchronous timing first (base, stuck, dead: the
 * event engine runs them as array sweeps, minutes each), so early curves have their level 0
 * and a cut study has the cheap points; the rest as written.
 */
function runOrder<P extends { name: string }>(points: P[]): P[] {
  const cheap = (p: P) => ['base', 'stuck', 'dead'].includes(studyPointOf(p.name)?.axis ?? '');
  return [...points.filter(cheap), ...points.filter((p) => !cheap(p))];
}

/**
 * One point of the study (runPart: a fresh run from its spec, or a resume of one cut short),
 * exported as the worker-pool job that --workers N runs N at a time.
 */
export async function runStudyPart(command: 'ep' | 'rbm', outPath: string, name: string, seed: number, line: string): Promise<void> {
  await runPart((command === 'ep' ? epCommand : rbmCommand) as PartCommand, join(outPath, 'runs', name), join(outPath, 'points', `${name}.json`), seed, line);
}

async function runStudy(plan: StoredPlan, outPath: string, workers: number): Promise<void> {
  const started = Date.now();
  const { points } = plan;
  const part = ({ name, seed }: { name: string; seed: number }, k: number): Parameters<typeof runStudyPart> => [plan.command, outPath, name, seed, `phaseless robustness: ${name} (${k + 1} of ${points.length})`];
  if (workers > 1 && points.length > 1) await runPool(points.map((p, k) => ({ module: __filename, fn: 'runStudyPart', args: part(p, k), label: p.name })), undefined, workers);
  else for (const [k, p] of points.entries()) await runStudyPart(...part(p, k));
  const runs = join(outPath, 'runs');
  const got = plan.command === 'ep' ? await summarizeStudy(epStudy(plan.title), runs, outPath) : await summarizeStudy(rbmStudy(plan.title), runs, outPath);
  process.stdout.write(readFileSync(join(outPath, 'table.md'), 'utf8'));
  process.stdout.write(`${got.results} results from ${points.length} points, ${((Date.now() - started) / 1000).toFixed(1)} s wall; wrote ${outPath}/{spec.json,${PLAN_FILE},status.json,points/,runs/,results.ndjson,curves.ndjson,table.md,<axis>.svg}\n`);
}
