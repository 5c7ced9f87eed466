import { readFileSync } from 'fs';
import { join } from 'path';
import { readEpSpec } from '../experiments/ep/ep-spec';
import { prepareEp } from '../experiments/ep/ep-train';

export interface EpFigure {
  rule: string;
  layers: string;
  trainDigits: number;
  /** Wall seconds of one training epoch (free phases, nudged phases or cycles, updates). */
  epochSeconds: number;
  /** Wall seconds of the evaluation pass on the held-out digits. */
  testSeconds: number;
  targetSeconds: number;
  testErrorAfter: number;
}

/**
 * Speed of EP on MNIST (issue 5): one training epoch of a shipped experiment (784-500-10 on
 * 8,000 digits unless overridden), the first after the untrained evaluation, on one core.
 * Targets: classic <= 60 s, temporal contrastive <= 180 s.
 */
export function epFigure(rule: 'classic' | 'tcl' | 'linear', train = 8000, root = process.cwd()): EpFigure {
  const raw = JSON.parse(readFileSync(join(root, 'experiments', `ep-mnist-${rule}.json`), 'utf8'));
  // The shipped specs are in the one spec format: epochs under budget, digit counts under task.
  const spec = readEpSpec({ ...raw, budget: { ...raw.budget, epochs: 1 }, task: { ...raw.task, train, test: raw.task?.test ?? 2000 } });
  const job = prepareEp(spec);
  job.initial();
  const row = job.epoch();
  return {
    rule,
    layers: spec.layers.join('-'),
    trainDigits: train,
    epochSeconds: row.trainSeconds,
    testSeconds: row.testSeconds,
    targetSeconds: rule === 'classic' ? 60 : 180,
    testErrorAfter: row.testError,
  };
}
