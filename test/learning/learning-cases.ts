/** Learning runs executed in the node worker (test/support/node-worker.ts). */
import { readFileSync } from 'fs';
import { join } from 'path';
import { prepareCompare } from '../../src/learning/compare';
import { prepareLearn } from '../../src/learning/learn';
import { defaultLearnSpec, readLearnSpec } from '../../src/learning/learn-spec';

/** The default task shortened to `epochs`, every compare arm: name -> error ratio. */
export function compareRatios(seed: number, epochs: number): Record<string, number> {
  const { rows } = prepareCompare(readLearnSpec({ seed, epochs, evalEvery: 100 })).run();
  return Object.fromEntries(rows.map((r) => [r.name, r.errorRatio]));
}

/** Error ratios of the default TCL run, synchronous and with per-synapse delays and jitter. */
export function syncAndAsync(seed: number, epochs: number, jitter: number, maxDelay: number): { sync: number; async: number } {
  const base = readLearnSpec({ seed, epochs, evalEvery: 100 });
  const sync = prepareLearn(base).run().errorRatio;
  const spec = readLearnSpec({
    ...base,
    timing: { ...defaultLearnSpec.timing, jitter },
    endpointView: { randomDelay: { min: 0, max: maxDelay } },
  });
  return { sync, async: prepareLearn(spec).run().errorRatio };
}

/** A shipped experiment spec's error ratio and measured relaxation time. */
export function shippedRun(file: string): { errorRatio: number; relaxation: number } {
  const spec = readLearnSpec(JSON.parse(readFileSync(join(__dirname, '../../experiments', file), 'utf8')));
  const r = prepareLearn(spec).run();
  return { errorRatio: r.errorRatio, relaxation: r.relaxation.time };
}
