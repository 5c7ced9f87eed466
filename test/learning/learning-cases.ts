/** Learning runs executed in the node worker (test/support/node-worker.ts). */
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
