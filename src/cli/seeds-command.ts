import { runSeeds } from '../learning/seed-runs';
import { learningCurveSpec } from '../plots/learning-curve';
import { renderSvg } from '../plots/render-svg';
import { CliArgs, defineCommand } from './command-def';
import { Opts, flag, integer, list, outFlag } from './flags';
import { progressLine } from './progress';
import { RunDir, freshDir } from './run-dir';
import { learnFlags, resolveLearnSpec } from './run-command';

const seedsFlags = {
  seeds: flag('--seeds <LIST>', 'comma-separated seeds', list(integer(0)), [1, 2, 3, 4, 5]),
  out: outFlag('runs/seeds-N'),
  workers: flag('--workers <N>', 'worker threads (default: all cores)', integer(1)),
  engine: learnFlags.engine,
  allowLong: learnFlags.allowLong,
};

export const seedsCli = defineCommand({
  name: 'seeds',
  summary: 'the same experiment for several seeds, in parallel on worker threads',
  about:
    'The same learning run for several seeds, in parallel on worker threads. Writes spec.json, ' +
    'metrics.ndjson (one line per seed), seeds.json and learning-curves.svg.',
  args: { '[spec.json]': 'a learning spec (default: the built-in one); its seed is replaced by each of --seeds' },
  flags: seedsFlags,
  examples: [
    ['phaseless seeds', 'the default run for seeds 1 to 5'],
    ['phaseless seeds spec.json --seeds 1,2,3 --workers 2 --out runs/s123', 'your spec for three seeds on two threads'],
  ],
  run: seedsCommand,
});

/** `phaseless seeds`: the same experiment for several seeds, in parallel on worker threads (all cores by default). */
export async function seedsCommand(args: CliArgs<Opts<typeof seedsFlags>>): Promise<void> {
  const { seeds, workers } = args.opts;
  const base = resolveLearnSpec(args);
  const outPath = args.opts.out ?? freshDir('seeds');
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
