import { binarizedMnist, readMnistDigits } from '../../src/datasets/mnist';
import { Digits } from '../../src/datasets/mnist-digits';
import { prepareRbm } from '../../src/experiments/rbm/rbm-experiment';
import { readRbmSpec } from '../../src/experiments/rbm/rbm-spec';

/** A tiny RBM experiment on binarised digits from the given dataset fields (a source of your own). */
export function rbmOnDigits(dataset: Record<string, unknown>) {
  return readRbmSpec({
    name: 'own-digits',
    substrate: { kind: 'rbm', hidden: 4 },
    task: { kind: 'bmnist', ...dataset, train: 20, test: 5, metric: { examples: 5, finalExamples: 5, steps: 4, burnIn: 1 } },
    budget: { gibbsSteps: 20, evalEvery: 10 },
    compare: [{ id: 'cd', protocol: { kind: 'cd', K: 1 }, rule: { kind: 'classic', lr: 0.01 } }],
  });
}

/** The experiment's 20 training rows are binarised rows of `digits` (794 wide: pixels and one-hot label). */
export function expectRowsOf(dataset: Record<string, unknown>, digits: Digits): void {
  const job = prepareRbm(rbmOnDigits(dataset));
  const key = (r: Uint8Array) => Array.from(r).join('');
  const rows = new Set(binarizedMnist(0.8, readMnistDigits(digits)).rows.map(key));
  expect(job.train.rows).toHaveLength(20);
  expect(job.train.rows.every((r) => rows.has(key(r)))).toBe(true);
  expect(job.train.width).toBe(794);
}
