import { toOneSpec } from '../spec/one-spec';
import { join } from 'path';
import { CompareRow, prepareCompare } from '../learning/compare';
import { LearnRow } from '../learning/learn';
import { LearnSpec, readLearnSpec } from '../learning/learn-spec';
import { readNdjson } from '../ndjson';
import { learningCurveSpec, ratioBarsSpec } from '../plots/learning-curve';
import { renderSvg } from '../plots/render-svg';
import { CliArgs, defineCommand } from './command-def';
import { Opts, flag, integer, list, outFlag, text } from './flags';
import { epCompareCommand, isEpCompare } from './ep-compare';
import { SpecError } from '../errors';
import { progressLine } from './progress';
import { RunDir, freshDir, openRunDir, resumeFolder, storedSpec, tracked } from './run-dir';
import { learnFlags, resolveLearnSpec } from './run-command';

const ARMS_FILE = 'arms.ndjson';

const compareFlags = {
  out: outFlag('runs/compare-N'),
  ...learnFlags,
  resume: flag('--resume <DIR>', 'finish the interrupted comparison in DIR, running only the arms not finished (no spec file, --out, --seed or --engine)', text),
  seeds: flag('--seeds <LIST>', "EP specs: comma-separated seeds, every arm run for each (default: the spec's seed)", list(integer(0))),
};

export const compareCli = defineCommand({
  name: 'compare',
  summary: 'every rule and protocol on the same task and seed',
  about:
    "Every rule and clamp protocol on the spec's task and seed, one arm after the other. Writes spec.json, " +
    'status.json (running, done or interrupted), metrics.ndjson (one line per arm), arms.ndjson (each finished ' +
    "arm's row), compare.json, compare.svg (error ratios) and learning-curves.svg. --resume DIR finishes an " +
    'interrupted comparison, running only the arms that had not finished; it ends as the uninterrupted run does. ' +
    "An EP spec (substrate hopfield) compares its `compare` arms [{id, rule, protocol?, timing?}] or, without them, " +
    'classic EP, TCL, linear g and continual EP on its digits and budget, for each of --seeds: each arm and seed a ' +
    "folder <id>-seed-<k> as 'phaseless ep' writes it, then compare.json (mean and std over seeds) and compare.svg; " +
    'it takes only --seeds, --out and --resume (docs/ep-mnist.md).',
  args: { '[spec.json]': 'a learning spec whose task, network and seed all arms share (default: the built-in one), or an EP spec' },
  flags: compareFlags,
  examples: [
    ['phaseless compare', 'every arm on the default task'],
    ['phaseless compare spec.json --seed 7 --out runs/cmp7', "every arm on your spec's task, seed 7"],
    ['phaseless compare --resume runs/cmp7', 'finish that comparison after an interruption'],
    ['phaseless compare experiments/ep-mnist-compare.json --seeds 1,2,3 --out runs/ep-cmp', 'the EP rules on a small MNIST budget, three seeds'],
  ],
  run: compareCommand,
});

/**
 * `phaseless compare`: every rule on one task and seed. Each finished arm's curve goes to
 * metrics.ndjson and then its row to arms.ndjson (the mark that the arm is whole);
 * `phaseless compare --resume DIR` runs only the arms not marked.
 */
export async function compareCommand(args: CliArgs<Opts<typeof compareFlags>>): Promise<void> {
  if (isEpCompare(args)) return epCompareCommand(args);
  if (args.opts.seeds !== undefined) throw new SpecError('--seeds', 'an EP spec (a learning spec compares its arms for one --seed)');
  if (args.opts.resume !== undefined) {
    const outPath = resumeFolder(args, 'compare', { allowed: ['--allow-long'] });
    const base = readLearnSpec(storedSpec(outPath));
    const job = prepareCompare(base);
    const finished = new Map(readNdjson<CompareRow>(join(outPath, ARMS_FILE)).map((r) => [r.name, r]));
    // A curve written for an arm that was not marked whole is dropped: that arm runs again.
    const kept = readNdjson<ArmLine>(join(outPath, 'metrics.ndjson')).filter((l) => finished.has(l.arm));
    const dir = openRunDir(outPath);
    dir.text('metrics.ndjson', kept.map((l) => JSON.stringify(l) + '\n').join(''));
    process.stderr.write(`phaseless compare: resuming ${outPath} after ${finished.size} of ${job.arms.length} arms\n`);
    return tracked(outPath, 'compare', () => compare(base, job, dir, outPath, finished, kept));
  }
  const base = resolveLearnSpec(args, 'compare');
  const job = prepareCompare(base);
  const outPath = args.opts.out ?? freshDir('compare');
  const dir = RunDir.create(outPath);
  dir.json('spec.json', toOneSpec(base));
  await tracked(outPath, 'compare', () => compare(base, job, dir, outPath, new Map(), []));
}

interface ArmLine {
  arm: string;
  rows: LearnRow[];
}

async function compare(
  base: LearnSpec,
  job: ReturnType<typeof prepareCompare>,
  dir: Pick<RunDir, 'json' | 'text' | 'appendLine'>,
  outPath: string,
  finished: ReadonlyMap<string, CompareRow>,
  kept: ArmLine[],
): Promise<void> {
  const started = Date.now();
  let done = finished.size;
  const lines = new Map(kept.map((l) => [l.arm, l]));
  const { rows } = job.run((row, res) => {
    done++;
    progressLine('arm', done, job.arms.length, started, `${row.name}: error ratio ${row.errorRatio.toFixed(3)}`);
    const line: ArmLine = { arm: row.name, rows: res.rows };
    dir.appendLine('metrics.ndjson', line);
    dir.appendLine(ARMS_FILE, row);
    lines.set(row.name, line);
  }, finished);
  // In the arms' order, whichever session ran them.
  const curves = rows.flatMap((row) => lines.get(row.name)!.rows.map((r) => ({ series: row.name, ...r })));
  dir.json('compare.json', rows);
  dir.text('compare.svg', await renderSvg(ratioBarsSpec(rows, `error ratio after ${base.epochs} epochs (seed ${base.seed})`)));
  dir.text('learning-curves.svg', await renderSvg(learningCurveSpec(curves, `phaseless compare (seed ${base.seed})`)));
  const w = Math.max(...rows.map((r) => r.name.length));
  process.stdout.write(
    `${'arm'.padEnd(w)}  ${'expected'.padEnd(11)}  ${'initial'.padStart(10)}  ${'final'.padStart(10)}  ${'ratio'.padStart(7)}\n` +
      rows
        .map(
          (r) =>
            `${r.name.padEnd(w)}  ${r.expected.padEnd(11)}  ${r.initialTestError.toExponential(2).padStart(10)}  ` +
            `${r.finalTestError.toExponential(2).padStart(10)}  ${r.errorRatio.toFixed(3).padStart(7)}`,
        )
        .join('\n') +
      `\nwrote ${outPath}/{spec.json,status.json,metrics.ndjson,${ARMS_FILE},compare.json,compare.svg,learning-curves.svg}\n`,
  );
}
