import { LearnResult } from '../learning/learn';
import { LearnSpec } from '../learning/learn-spec';
import { runSeeds } from '../learning/seed-runs';
import { learningCurveSpec } from '../plots/learning-curve';
import { renderSvg } from '../plots/render-svg';
import { progressLine } from './progress';
import { RunDir } from './run-dir';

/**
 * The seeds of a learning spec run into one folder: what `phaseless seeds` does on this machine
 * and what each SLURM shard does (seeds-cluster.ts), with the files a resume reads.
 */
export const FINISHED_FILE = 'seed-results.ndjson';
export const SEED_LIST_FILE = 'seed-list.json';

/** One seed's whole result, appended as it finishes (in finishing order): what a resume keeps. */
export interface SeedLine {
  seed: number;
  result: LearnResult;
}

/** Runs the seeds not in `finished`, then writes metrics.ndjson, seeds.json and learning-curves.svg over all of them. */
export async function runAll(base: LearnSpec, seeds: number[], workers: number | undefined, dir: Pick<RunDir, 'json' | 'text' | 'appendLine'>, outPath: string, finished: SeedLine[]): Promise<void> {
  const started = Date.now();
  const have = new Map(finished.filter((l) => seeds.includes(l.seed)).map((l) => [l.seed, l.result]));
  const todo = seeds.filter((s) => !have.has(s));
  let done = have.size;
  const fresh = await runSeeds(base, todo, (seed, r) => {
    dir.appendLine(FINISHED_FILE, { seed, result: r } satisfies SeedLine);
    done++;
    progressLine('seed', done, seeds.length, started, `seed ${seed}: error ratio ${r.errorRatio.toFixed(3)}`);
  }, workers);
  fresh.forEach((r, i) => have.set(todo[i], r));
  const results = seeds.map((s) => have.get(s)!);
  const rows = results.map((r, i) => ({ seed: seeds[i], initialTestError: r.initialTestError, finalTestError: r.finalTestError, errorRatio: r.errorRatio, wallSeconds: r.wallSeconds }));
  // Written whole, in the order of --seeds, whatever order the seeds finished in.
  dir.text('metrics.ndjson', results.map((r, i) => JSON.stringify({ seed: seeds[i], rows: r.rows }) + '\n').join(''));
  dir.json('seeds.json', rows);
  const curves = results.flatMap((r, i) => r.rows.map((row) => ({ series: `seed ${seeds[i]}`, ...row })));
  dir.text('learning-curves.svg', await renderSvg(learningCurveSpec(curves, `${base.rule.kind} / ${base.protocol.kind}, ${seeds.length} seeds`)));
  process.stdout.write(
    `${'seed'.padStart(6)} ${'initial'.padStart(10)} ${'final'.padStart(10)} ${'ratio'.padStart(7)}\n` +
      rows.map((r) => `${String(r.seed).padStart(6)} ${r.initialTestError.toExponential(2).padStart(10)} ${r.finalTestError.toExponential(2).padStart(10)} ${r.errorRatio.toFixed(3).padStart(7)}`).join('\n') +
      `\n${((Date.now() - started) / 1000).toFixed(1)} s wall; wrote ${outPath}/{spec.json,${SEED_LIST_FILE},status.json,${FINISHED_FILE},metrics.ndjson,seeds.json,learning-curves.svg}\n`,
  );
}
