import { BinaryDataset, empiricalDistribution, seededPermutation, seededSplit, subset } from '../../datasets/binary-dataset';
import { barsAndStripes } from '../../datasets/bars-and-stripes';
import { binarizedMnist, readMnistDigits } from '../../datasets/mnist';
import { readIdxDigits } from '../../datasets/idx';
import { readCsvDigits } from '../../datasets/csv-digits';
import { SpecError } from '../../errors';
import { RandomSource } from '../../scheduler/random';
import { Rbm, createRbm } from '../../substrates/rbm/rbm';
import { exactNllTv } from '../../substrates/rbm/exact';
import { labelSamplingError } from './label-error';
import { ProtocolSpec, RbmExperimentSpec } from './rbm-spec';
import { Progress, TrainContext, trainCdk, trainIsd, trainLocal } from './train';
import { LocalAgentsOptions, trainLocalAgents } from './local-agents-run';

/** One evaluation of one protocol. */
export interface RbmRow extends Progress {
  protocol: string;
  /** Bars and stripes: exact mean NLL (nats per pattern) and exact TV distance. */
  nll?: number;
  tv?: number;
  /** bMNIST: label-sampling error on the fixed training subset. */
  trainError?: number;
  wallMs: number;
}

/**
 * One protocol's run: its progress curve, final metrics and, for bMNIST, the final label-sampling
 * errors.
 */
export interface ProtocolResult {
  id: string;
  kind: ProtocolSpec['kind'];
  progress: Progress;
  final: RbmRow;
  /** bMNIST: label-sampling error at the end on `finalExamples` train and test rows. */
  finalTrainError?: number;
  finalTestError?: number;
  wallSeconds: number;
}

/** An RBM experiment's result: dataset, sizes and one ProtocolResult per protocol. */
export interface RbmResult {
  name: string;
  seed: number;
  dataset: string;
  nv: number;
  nh: number;
  gibbsSteps: number;
  /** Lowest possible mean NLL on bars and stripes: the entropy of the data distribution. */
  nllFloor?: number;
  protocols: ProtocolResult[];
}

/** A checked RBM experiment with its data loaded, ready to train protocol by protocol. */
export interface PreparedRbm {
  spec: RbmExperimentSpec;
  protocols: ProtocolSpec[];
  train: BinaryDataset;
  test?: BinaryDataset;
  /**
   * Runs every protocol in order. Protocols in `finished` (results of an interrupted run) are
   * not run again: each protocol draws only from its own RandomSource(seed), so skipping one
   * changes nothing in the others.
   */
  run(onRow?: (row: RbmRow) => void, onDone?: (r: ProtocolResult) => void, finished?: ReadonlyMap<string, ProtocolResult>): RbmResult;
}

/** Builds the data and checks everything before any work starts. `only` picks protocol ids. */
export function prepareRbm(spec: RbmExperimentSpec, only?: readonly string[]): PreparedRbm {
  if (spec.gibbsSteps % spec.evalEvery !== 0) {
    throw new SpecError('gibbsSteps', `a multiple of evalEvery (${spec.evalEvery}), so every protocol ends on an evaluation`, spec.gibbsSteps);
  }
  const protocols = only ? only.map((id) => spec.protocols.find((p) => p.id === id) ?? missing(id, spec)) : spec.protocols;
  const random = new RandomSource(spec.seed);
  let train: BinaryDataset;
  let test: BinaryDataset | undefined;
  if (spec.dataset.kind === 'bas') {
    const bas = barsAndStripes(spec.dataset.size);
    // One seeded order, swept in order by the phase protocols (CD-K reshuffles per epoch).
    train = subset(bas, seededPermutation(bas.rows.length, random.stream('order')));
  } else {
    const d = spec.dataset;
    const own =
      d.file !== undefined
        ? readCsvDigits(d.file, 'dataset.file')
        : d.images !== undefined && d.labels !== undefined
          ? readIdxDigits({ images: d.images, labels: d.labels }, { images: 'dataset.images', labels: 'dataset.labels' })
          : undefined;
    const digits = own && readMnistDigits(own);
    ({ train, test } = seededSplit(binarizedMnist(d.threshold, digits), d.train, d.test, random.stream('split')));
    if (spec.metric.examples > train.rows.length) throw new SpecError('metric.examples', `at most dataset.train (${train.rows.length})`, spec.metric.examples);
  }
  const nv = train.width;
  return { spec, protocols, train, test, run: (onRow, onDone, finished) => runAll(spec, protocols, train, test, nv, onRow, onDone, finished) };
}

function missing(id: string, spec: RbmExperimentSpec): never {
  throw new SpecError('--only', `protocol ids of ${spec.name} (${spec.protocols.map((p) => p.id).join(', ')})`, id);
}

/** A spec's engine "event" with its timing, endpoint view and faults, as the agent run takes them. */
export function eventOptions(spec: RbmExperimentSpec): LocalAgentsOptions {
  return { engine: 'event', rateSpread: spec.timing?.rateSpread, jitter: spec.timing?.jitter, endpointView: spec.endpointView, faults: spec.faults };
}

function runAll(
  spec: RbmExperimentSpec,
  protocols: ProtocolSpec[],
  train: BinaryDataset,
  test: BinaryDataset | undefined,
  nv: number,
  onRow?: (row: RbmRow) => void,
  onDone?: (r: ProtocolResult) => void,
  finished?: ReadonlyMap<string, ProtocolResult>,
): RbmResult {
  const bas = spec.dataset.kind === 'bas';
  const pStar = bas ? empiricalDistribution(train) : undefined;
  let nllFloor: number | undefined;
  if (pStar) nllFloor = -pStar.reduce((s, p) => (p > 0 ? s + p * Math.log(p) : s), 0);
  const evalRows = bas ? train.rows : train.rows.slice(0, spec.metric.examples);
  const evalLabels = bas ? [] : train.labels!.slice(0, spec.metric.examples);
  const labelOpts = { nLabels: train.labelUnits, steps: spec.metric.steps, burnIn: spec.metric.burnIn };
  const results = protocols.map((p) => {
    const stored = finished?.get(p.id);
    if (stored) return stored;
    const random = new RandomSource(spec.seed);
    // Every protocol starts from the same weights (the `init` substream).
    const rbm = createRbm(nv, spec.hidden, random.stream('init'), spec.initStd);
    const evalRng = random.stream('eval');
    const started = Date.now();
    let last: RbmRow | undefined;
    const measure = (r: Rbm, at: Progress): RbmRow => {
      const row: RbmRow = { protocol: p.id, ...at, wallMs: Date.now() - started };
      if (pStar) Object.assign(row, exactNllTv(r, train.rows, pStar));
      else row.trainError = labelSamplingError(r, evalRows, evalLabels, labelOpts, evalRng);
      return row;
    };
    const ctx: TrainContext = {
      rbm,
      random,
      data: train.rows,
      budget: spec.gibbsSteps,
      evalEvery: spec.evalEvery,
      learnBias: spec.learnHiddenBias,
      onEval: (at) => {
        last = measure(rbm, at);
        onRow?.(last);
      },
    };
    const progress =
      p.kind === 'cdk' ? trainCdk(ctx, p) : p.kind === 'local' ? (spec.engine === 'event' ? trainLocalAgents(ctx, p, eventOptions(spec)) : trainLocal(ctx, p)) : trainIsd(ctx, p);
    const res: ProtocolResult = { id: p.id, kind: p.kind, progress, final: last!, wallSeconds: (Date.now() - started) / 1000 };
    if (!bas) {
      const n = spec.metric.finalExamples;
      const finalRng = random.stream('final-eval');
      res.finalTrainError = labelSamplingError(rbm, train.rows.slice(0, n), train.labels!.slice(0, n), labelOpts, finalRng);
      if (test && test.rows.length > 0) {
        res.finalTestError = labelSamplingError(rbm, test.rows.slice(0, n), test.labels!.slice(0, n), labelOpts, finalRng);
      }
    }
    onDone?.(res);
    return res;
  });
  return {
    name: spec.name,
    seed: spec.seed,
    dataset: train.name,
    nv,
    nh: spec.hidden,
    gibbsSteps: spec.gibbsSteps,
    nllFloor,
    protocols: results,
  };
}
