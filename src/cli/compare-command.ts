import { prepareCompare } from '../learning/compare';
import { learningCurveSpec, ratioBarsSpec } from '../plots/learning-curve';
import { renderSvg } from '../plots/render-svg';
import { ParsedArgs, checkFlags, stringFlag } from './args';
import { progressLine } from './progress';
import { RunDir, freshDir } from './run-dir';
import { resolveLearnSpec } from './run-command';

/** `phaseless compare [spec.json] [--out DIR] [--seed N]`: every rule on one task and seed. */
export async function compareCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['out', 'seed', 'engine', 'allow-long'], 'compare');
  const base = resolveLearnSpec(args);
  const job = prepareCompare(base);
  const outPath = stringFlag(args, 'out') ?? freshDir('compare');
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
