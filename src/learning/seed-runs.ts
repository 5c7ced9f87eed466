import { LearnResult, prepareLearn } from './learn';
import { LearnSpec, readLearnSpec } from './learn-spec';
import { runPool } from '../parallel/worker-pool';

/** One seed's run inside a worker: the spec travels as JSON, the result comes back. */
export function runSeed(spec: LearnSpec): LearnResult {
  return prepareLearn(readLearnSpec(spec)).run();
}

/**
 * The same experiment for several seeds on worker threads (all cores). Every seed's spec is
 * checked here first, so bad input fails before any worker starts.
 */
export function runSeeds(base: LearnSpec, seeds: number[], onDone?: (seed: number, r: LearnResult) => void, workers?: number): Promise<LearnResult[]> {
  const specs = seeds.map((seed) => readLearnSpec({ ...base, seed }));
  for (const s of specs) prepareLearn(s);
  const jobs = specs.map((spec) => ({ module: __filename, fn: 'runSeed', args: [spec] }));
  return runPool<LearnResult>(jobs, (i, r) => onDone?.(seeds[i], r), workers);
}
