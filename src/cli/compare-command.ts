import { prepareCompare } from '../learning/compare';
import { learningCurveSpec, ratioBarsSpec } from '../plots/learning-curve';
import { renderSvg } from '../plots/render-svg';
import { CliArgs, defineCommand } from './command-def';
import { Opts, outFlag } from './flags';
import { progressLine } from './progress';
import { RunDir, freshDir } from './run-dir';
import { learnFlags, resolveLearnSpec } from './run-command';

const compareFlags = { out: outFlag('runs/compare-N'), ...learnFlags };

export const compareCli = defineCommand({
  name: 'compare',
  summary: 'every rule and protocol on the same task and seed',
  about:
    "Every rule and clamp protocol on the spec's task and seed, one arm after the other. Writes spec.json, " +
    'metrics.ndjson (one line per arm), compare.json, compare.svg (error ratios) and learning-curves.svg.',
  args: { '[spec.json]': 'a learning spec whose task, network and seed all arms share (default: the built-in one)' },
  flags: compareFlags,
  examples: [
    ['phaseless compare', 'every arm on the default task'],
    ['phaseless compare spec.json --seed 7 --out runs/cmp7', "every arm on your spec's task, seed 7"],
  ],
  run: compareCommand,
});

/** `phaseless compare`: every rule on one task and seed. */
export async function compareCommand(args: CliArgs<Opts<typeof compareFlags>>): Promise<void> {
  const base = resolveLearnSpec(args);
  const job = prepareCompare(base);
  const outPath = args.opts.out ?? freshDir('compare');
  const dir = RunDir.create(outPath);
  dir.json('spec.json', base);
  const started = Date.now();
  let done = 0;
  const curves: { series: string; epoch: number; trainError: number; testError: number }[] = [];
  const { rows } = job.run((row, res) => {
    done++;
    progressLine('arm', done, job.arms.length, started, `${row.name}: error ratio ${row.errorRatio.toFixed(3)}`);
    dir.appendLine('metrics.ndjson', { arm: row.name, rows: res.rows });
    for (const r of res.rows) curves.push({ series: row.name, ...r });
  });
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
      `\nwrote ${outPath}/{spec.json,metrics.ndjson,compare.json,compare.svg,learning-curves.svg}\n`,
  );
}
