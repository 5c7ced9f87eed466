import { SpecError } from '../errors';
import { runSeeds } from '../learning/seed-runs';
import { learningCurveSpec } from '../plots/learning-curve';
import { renderSvg } from '../plots/render-svg';
import { ParsedArgs, checkFlags, numberFlag, stringFlag } from './args';
import { progressLine } from './progress';
import { RunDir, freshDir } from './run-dir';
import { resolveLearnSpec } from './run-command';

/**
 * `phaseless seeds [spec.json] --seeds 1,2,3 [--out DIR] [--workers K] [--engine E]`: the same
 * experiment for several seeds, in parallel on worker threads (all cores by default).
 */
export async function seedsCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['seeds', 'out', 'workers', 'engine', 'allow-long'], 'seeds');
  const list = stringFlag(args, 'seeds') ?? '1,2,3,4,5';
  const seeds = list.split(',').map((x, i) => {
    const n = Number(x);
    if (x.trim() === '' || !Number.isInteger(n) || n < 0) throw new SpecError(`--seeds[${i}]`, 'an integer >= 0', x);
    return n;
  });
  const workers = numberFlag(args, 'workers');
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new SpecError('--workers', 'an integer >= 1', workers);
  const base = resolveLearnSpec(args);
  const outPath = stringFlag(args, 'out') ?? freshDir('seeds');
  RunDir.check(outPath);
  const started = Date.now();
  let done = 0;
  const pending = runSeeds(base, seeds, (seed, r) => {
    done++;
    progressLine('seed', done, seeds.length, started, `seed ${seed}: error ratio ${r.errorRatio.toFixed(3)}`);
  }, workers);
  const dir = RunDir.create(outPath);
  dir.json('spec.json', base);
  const results = await pending;
  const rows = results.map((r, i) => ({ seed: seeds[i], initialTestError: r.initialTestError, finalTestError: r.finalTestError, errorRatio: r.errorRatio, wallSeconds: r.wallSeconds }));
  results.forEach((r, i) => dir.appendLine('metrics.ndjson', { seed: seeds[i], rows: r.rows }));
  dir.json('seeds.json', rows);
  const curves = results.flatMap((r, i) => r.rows.map((row) => ({ series: `seed ${seeds[i]}`, ...row })));
  dir.text('learning-curves.svg', await renderSvg(learningCurveSpec(curves, `${base.rule.kind} / ${base.protocol.kind}, ${seeds.length} seeds`)));
  process.stdout.write(
    `${'seed'.padStart(6)} ${'initial'.padStart(10)} ${'final'.padStart(10)} ${'ratio'.padStart(7)}\n` +
      rows.map((r) => `${String(r.seed).padStart(6)} ${r.initialTestError.toExponential(2).padStart(10)} ${r.finalTestError.toExponential(2).padStart(10)} ${r.errorRatio.toFixed(3).padStart(7)}`).join('\n') +
      `\n${((Date.now() - started) / 1000).toFixed(1)} s wall; wrote ${outPath}/{spec.json,metrics.ndjson,seeds.json,learning-curves.svg}\n`,
  );
}
