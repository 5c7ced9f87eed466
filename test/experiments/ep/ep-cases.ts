/** Cases run in a plain-node worker (test/support/node-worker.ts): whole training runs. */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readEpSpec } from '../../../src/experiments/ep/ep-spec';
import { EpRow, prepareEp } from '../../../src/experiments/ep/ep-train';
import { loadCheckpoint, saveCheckpoint } from '../../../src/experiments/ep/checkpoint';

const experiments = join(__dirname, '..', '..', '..', 'experiments');

/**
 * The shipped spec of a rule on 784-32-10, 500 training and 500 held-out digits, 3 epochs.
 * The thresholds of the 784-500-10 specs are calibrated for its later epochs; this small
 * network at the start of training has larger signals, so its thresholds are 4x those
 * (docs/ep-mnist.md, "thresholds"), the same for the thresholded and the linear run.
 */
export function smallRun(rule: 'classic' | 'tcl' | 'linear', seed: number): number[] {
  const raw = JSON.parse(readFileSync(join(experiments, `ep-mnist-${rule}.json`), 'utf8'));
  if (raw.rule.thresholds) {
    raw.rule.thresholds = {
      weights: raw.rule.thresholds.weights.map((t: number) => 4 * t),
      biases: raw.rule.thresholds.biases.map((t: number) => 4 * t),
    };
  }
  const spec = readEpSpec({
    ...raw,
    substrate: { ...raw.substrate, layers: [784, 32, 10] },
    budget: { ...raw.budget, epochs: 3 },
    task: { ...raw.task, train: 500, test: 500 },
    seed,
  });
  const job = prepareEp(spec);
  const errors = [job.initial().testError];
  for (let e = 0; e < spec.epochs; e++) errors.push(job.epoch().testError);
  return errors;
}

/** Rows without their wall times, and the final weights, of an online run (see ep-online.test.ts). */
export interface OnlineTrace {
  rows: Omit<EpRow, 'trainSeconds' | 'testSeconds'>[];
  weights: number[][];
  initialWeights: number[][];
}

/**
 * An online run on the event engine through `epochs` epochs, checkpointed to a file and resumed
 * from it after epoch `resumeAfter` (if given), as the CLI does.
 */
export function onlineRun(raw: Record<string, unknown>, resumeAfter?: number): OnlineTrace {
  const spec = readEpSpec(raw);
  const initialWeights = prepareEp(spec).state().net.weights.map((w) => Array.from(w));
  let job = prepareEp(spec);
  const rows: EpRow[] = [job.initial()];
  const dir = mkdtempSync(join(tmpdir(), 'phl-ep-online-'));
  try {
    for (let e = 1; e <= spec.epochs; e++) {
      rows.push(job.epoch());
      if (e === resumeAfter) {
        saveCheckpoint(dir, job.state());
        job = prepareEp(spec, loadCheckpoint(dir, spec));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    rows: rows.map(({ trainSeconds: _, testSeconds: __, ...r }) => r),
    weights: job.state().net.weights.map((w) => Array.from(w)),
    initialWeights,
  };
}
