import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EpSpec, TclRuleSpec, readEpSpec } from '../experiments/ep/ep-spec';
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

/** What a bench may change of a shipped EP experiment: its layers, fields of its rule. */
export interface EpBenchChanges {
  layers?: number[];
  rule?: Record<string, unknown>;
}

/** A shipped EP experiment cut to one epoch on `train` digits, with the given changes. */
function benchSpec(rule: string, train: number, root: string, changes: EpBenchChanges = {}): EpSpec {
  const raw = JSON.parse(readFileSync(join(root, 'experiments', `ep-mnist-${rule}.json`), 'utf8'));
  // The shipped specs are in the one spec format: epochs under budget, digit counts under task, layers under substrate.
  const substrate = changes.layers ? { ...raw.substrate, layers: changes.layers } : raw.substrate;
  return readEpSpec({
    ...raw,
    substrate,
    rule: { ...raw.rule, ...changes.rule },
    budget: { ...raw.budget, epochs: 1 },
    task: { ...raw.task, train, test: raw.task?.test ?? 2000 },
  });
}

/** One EP epoch (classic or TCL) in phaseless and in numpy (bench/ep_numpy.py, bench/ep_tcl_numpy.py), from the same start. */
export interface EpNumpyFigure {
  rule: 'classic' | 'tcl';
  layers: string;
  trainDigits: number;
  /** Wall seconds of the training epoch: phaseless, and numpy float64 on one thread. */
  epochSeconds: number;
  numpySeconds: number;
  /** epochSeconds / numpySeconds (target <= 1). */
  ratio: number;
  /** CPU seconds of the same epochs (phaseless's process, python's), and their ratio: steadier than wall time on a shared machine. */
  epochCpuSeconds: number;
  numpyCpuSeconds: number;
  cpuRatio: number;
  /** Test errors after the epoch, and sum |W_l| per layer, of each: the same algorithm agrees. */
  testError: number;
  numpyTestError: number;
  weightSums: number[];
  numpyWeightSums: number[];
  /** Largest |W_phaseless - W_numpy| over every weight after the epoch. */
  maxWeightDifference: number;
  /** Largest change of a weight over the epoch (phaseless): what the difference is small against. */
  maxWeightChange: number;
}

/**
 * Classic EP against an independent numpy implementation of the same algorithm (issue
 * "Asynchrony at scale", dense-layer path): see numpyFigure. Undefined (with a notice) where
 * python3 or numpy is missing.
 */
export function epNumpyFigure(train = 8000, root = process.cwd(), log: (s: string) => void = () => undefined): EpNumpyFigure | undefined {
  return numpyFigure('classic', train, root, log);
}

/**
 * Temporal contrastive learning (the shipped experiments/ep-mnist-tcl.json: 9-level sawtooth,
 * chemotaxis kernel, periodic filter start, levels relaxed from the free state) against an
 * independent numpy implementation written from the equations (bench/ep_tcl_numpy.py): see
 * numpyFigure. `changes` may replace the layers and rule fields (filterStart, levelStart,
 * g, thresholds, ...), which the yardstick reads too.
 */
export function epTclNumpyFigure(train = 8000, root = process.cwd(), log: (s: string) => void = () => undefined, changes: EpBenchChanges = {}): EpNumpyFigure | undefined {
  return numpyFigure('tcl', train, root, log, changes);
}

/**
 * One epoch of a shipped EP experiment in phaseless and in its numpy yardstick: the same digits,
 * initial weights and nudge signs are written to a temporary folder, numpy runs with every BLAS
 * limited to one thread, and both epochs are timed in the same process run; the weights are
 * compared after the epoch.
 */
function numpyFigure(rule: 'classic' | 'tcl', train: number, root: string, log: (s: string) => void, changes: EpBenchChanges = {}): EpNumpyFigure | undefined {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    log(`note: python3 with numpy not found; the numpy EP yardstick (${rule}) is skipped`);
    return undefined;
  }
  const script = rule === 'classic' ? 'ep_numpy.py' : 'ep_tcl_numpy.py';
  const spec = benchSpec(rule, train, root, changes);
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
    const before = net.weights.map((w) => w.slice());
    net.biases.forEach((b, l) => l > 0 && put(`b${l}.f64`, b));
    // The nudge signs the run draws, one per batch, from the same substream.
    const rng = new RandomSource(spec.seed).stream('beta-sign');
    const batches = Math.ceil(job.split.train.length / spec.batch);
    put('signs.i8', Int8Array.from({ length: batches }, () => drawSign(spec, rng)));
    const params = { sizes: spec.layers, batch: spec.batch, eps: spec.eps, free: spec.freeSteps, nudged: spec.nudgedSteps, beta: spec.beta, lr: spec.lr };
    writeFileSync(join(dir, 'params.json'), JSON.stringify(rule === 'tcl' ? { ...params, tcl: tclParams(spec.rule as TclRuleSpec) } : params));
    job.initial();
    // CPU time of the training loop: from the epoch's start to its last batch (the test pass follows).
    const cpu0 = process.cpuUsage();
    let cpu = cpu0;
    const row = job.epoch((done, total) => done === total && (cpu = process.cpuUsage(cpu0)));
    const epochCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const weightSums = job.state().net.weights.map((w) => w.reduce((a, x) => a + Math.abs(x), 0));
    const one = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const py = spawnSync('python3', [join(root, 'bench', script), dir], { encoding: 'utf8', env: { ...process.env, ...one } });
    if (py.status !== 0) throw new Error(`bench/${script} failed: ${py.stderr}`);
    const np = JSON.parse(py.stdout) as { epochSeconds: number; epochCpuSeconds: number; testError: number; W: number[] };
    let maxWeightDifference = 0;
    let maxWeightChange = 0;
    job.state().net.weights.forEach((w, l) => {
      w.forEach((x, k) => (maxWeightChange = Math.max(maxWeightChange, Math.abs(x - before[l][k]))));
      const bytes = readFileSync(join(dir, `W${l}.out.f64`));
      const theirs = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      if (theirs.length !== w.length) throw new Error(`bench/${script}: W${l} has ${theirs.length} weights, expected ${w.length}`);
      w.forEach((x, k) => (maxWeightDifference = Math.max(maxWeightDifference, Math.abs(x - theirs[k]))));
    });
    return {
      rule,
      layers: spec.layers.join('-'),
      trainDigits: train,
      epochSeconds: row.trainSeconds,
      numpySeconds: np.epochSeconds,
      ratio: row.trainSeconds / np.epochSeconds,
      epochCpuSeconds,
      numpyCpuSeconds: np.epochCpuSeconds,
      cpuRatio: epochCpuSeconds / np.epochCpuSeconds,
      testError: row.testError,
      numpyTestError: np.testError,
      weightSums,
      numpyWeightSums: np.W,
      maxWeightDifference,
      maxWeightChange,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The TCL rule's fields as bench/ep_tcl_numpy.py reads them. */
function tclParams(t: TclRuleSpec) {
  const { period, rise, levels } = t.protocol;
  return { period, rise, levels, riseSubsteps: t.riseSubsteps, fallSubsteps: t.fallSubsteps, kernel: t.kernel, g: t.g, thresholds: t.thresholds, filterStart: t.filterStart, levelStart: t.levelStart };
}
