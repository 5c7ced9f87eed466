import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EpSpec, readEpSpec } from '../experiments/ep/ep-spec';
import { drawSign, prepareEp } from '../experiments/ep/ep-train';
import { loadDigitSource } from '../datasets/digit-source';
import { gather } from '../datasets/mnist-digits';
import { RandomSource } from '../scheduler/random';

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
  const spec = benchSpec(rule, train, root);
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

/** A shipped EP experiment cut to one epoch on `train` digits. */
function benchSpec(rule: string, train: number, root: string): EpSpec {
  const raw = JSON.parse(readFileSync(join(root, 'experiments', `ep-mnist-${rule}.json`), 'utf8'));
  // The shipped specs are in the one spec format: epochs under budget, digit counts under task.
  return readEpSpec({ ...raw, budget: { ...raw.budget, epochs: 1 }, task: { ...raw.task, train, test: raw.task?.test ?? 2000 } });
}

/** One classic EP epoch in phaseless and in numpy (bench/ep_numpy.py), from the same start. */
export interface EpNumpyFigure {
  trainDigits: number;
  /** Wall seconds of the training epoch: phaseless, and numpy float64 on one thread. */
  epochSeconds: number;
  numpySeconds: number;
  /** epochSeconds / numpySeconds (target <= 1). */
  ratio: number;
  /** Test errors after the epoch, and sum |W_l| per layer, of each: the same algorithm agrees. */
  testError: number;
  numpyTestError: number;
  weightSums: number[];
  numpyWeightSums: number[];
  /** Largest |W_phaseless - W_numpy| over every weight after the epoch. */
  maxWeightDifference: number;
}

/**
 * Classic EP against an independent numpy implementation of the same algorithm (issue
 * "Asynchrony at scale", dense-layer path): the same digits, initial weights and nudge signs are
 * written to a temporary folder, numpy runs with every BLAS limited to one thread, and both
 * epochs are timed in the same process run. Undefined (with a notice) where python3 or numpy is
 * missing.
 */
export function epNumpyFigure(train = 8000, root = process.cwd(), log: (s: string) => void = () => undefined): EpNumpyFigure | undefined {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    log('note: python3 with numpy not found; the numpy EP yardstick is skipped');
    return undefined;
  }
  const spec = benchSpec('classic', train, root);
  const job = prepareEp(spec);
  const dir = mkdtempSync(join(tmpdir(), 'phaseless-ep-numpy-'));
  try {
    const { digits } = loadDigitSource(spec.data, 'data');
    const put = (name: string, a: ArrayBufferView) => writeFileSync(join(dir, name), Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    const tr = gather(digits, job.split.train);
    const te = gather(digits, job.split.test);
    put('train_x.f64', tr.images);
    put('train_y.u8', tr.labels);
    put('test_x.f64', te.images);
    put('test_y.u8', te.labels);
    const net = job.state().net;
    net.weights.forEach((w, l) => put(`W${l}.f64`, w));
    net.biases.forEach((b, l) => l > 0 && put(`b${l}.f64`, b));
    // The nudge signs the run draws, one per batch, from the same substream.
    const rng = new RandomSource(spec.seed).stream('beta-sign');
    const batches = Math.ceil(job.split.train.length / spec.batch);
    put('signs.i8', Int8Array.from({ length: batches }, () => drawSign(spec, rng)));
    writeFileSync(join(dir, 'params.json'), JSON.stringify({ sizes: spec.layers, batch: spec.batch, eps: spec.eps, free: spec.freeSteps, nudged: spec.nudgedSteps, beta: spec.beta, lr: spec.lr }));
    job.initial();
    const row = job.epoch();
    const weightSums = job.state().net.weights.map((w) => w.reduce((a, x) => a + Math.abs(x), 0));
    const one = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const py = spawnSync('python3', [join(root, 'bench', 'ep_numpy.py'), dir], { encoding: 'utf8', env: { ...process.env, ...one } });
    if (py.status !== 0) throw new Error(`bench/ep_numpy.py failed: ${py.stderr}`);
    const np = JSON.parse(py.stdout) as { epochSeconds: number; testError: number; W: number[] };
    let maxWeightDifference = 0;
    job.state().net.weights.forEach((w, l) => {
      const bytes = readFileSync(join(dir, `W${l}.out.f64`));
      const theirs = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      if (theirs.length !== w.length) throw new Error(`bench/ep_numpy.py: W${l} has ${theirs.length} weights, expected ${w.length}`);
      w.forEach((x, k) => (maxWeightDifference = Math.max(maxWeightDifference, Math.abs(x - theirs[k]))));
    });
    return {
      trainDigits: train,
      epochSeconds: row.trainSeconds,
      numpySeconds: np.epochSeconds,
      ratio: row.trainSeconds / np.epochSeconds,
      testError: row.testError,
      numpyTestError: np.testError,
      weightSums,
      numpyWeightSums: np.W,
      maxWeightDifference,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
