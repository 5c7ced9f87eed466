import { PIXELS, gather, loadDigits, splitDigits } from '../datasets/mnist-digits';
import { SpecError } from '../errors';
import { RandomSource } from '../scheduler/random';
import { DigitRows, SampleStream } from './ff-data';
import { FfNetwork } from './ff-network';
import { FfSpec, FfVariantSpec } from './ff-spec';
import { BStarEstimate, estimateBStar, ffSamples, isdSamples } from './isd';

/** One evaluation of one variant. */
export interface FfRow {
  variant: string;
  /** Adam updates so far. */
  step: number;
  /** Samples presented so far (FF: 2 per step; IS-D: 1). */
  samples: number;
  positives: number;
  testError: number;
  /** On the first evalTrain training digits, when evalTrain > 0. */
  trainError?: number;
  /** The b the variant uses from here on (IS-D). */
  b?: number;
  /** A = E|g+|^2, B = E|g-|^2 and b* on the pilot samples, for the current weights. */
  A: number;
  B: number;
  bStar: number;
  wallMs: number;
}

/** One variant's run: its last row and wall time. */
export interface FfVariantResult {
  id: string;
  kind: FfVariantSpec['kind'];
  final: FfRow;
  wallSeconds: number;
}

/** The experiment's result: sizes, data and one FfVariantResult per variant. */
export interface FfResult {
  name: string;
  seed: number;
  sizes: number[];
  train: number;
  test: number;
  steps: number;
  variants: FfVariantResult[];
}

/** A checked FF experiment with its digits loaded, ready to run variant by variant. */
export interface PreparedFf {
  spec: FfSpec;
  variants: FfVariantSpec[];
  train: DigitRows;
  test: DigitRows;
  /**
   * Runs every variant in order; those in `finished` (of an interrupted run) are kept. Each
   * variant draws only from its own RandomSource(seed) substreams, so skipping one changes
   * nothing in the others.
   */
  run(onRow?: (row: FfRow) => void, onDone?: (r: FfVariantResult) => void, finished?: ReadonlyMap<string, FfVariantResult>): FfResult;
}

/** Range b* is kept in, so the weights 1/b and 1/(1-b) stay at most 20. */
export const B_STAR_RANGE: readonly [number, number] = [0.05, 0.95];

/** Loads the digits (a seeded split) and the b* pilot samples; `only` picks variant ids. */
export function prepareFf(spec: FfSpec, only?: readonly string[]): PreparedFf {
  const variants = only ? only.map((id) => spec.variants.find((v) => v.id === id) ?? missing(id, spec)) : spec.variants;
  const digits = loadDigits();
  const split = splitDigits(digits.count, spec.data.train, spec.data.test, spec.seed);
  const train = gather(digits, split.train);
  const test = gather(digits, split.test);
  const random = new RandomSource(spec.seed);
  const pilot = (positive: boolean) => {
    const s = new SampleStream(train, positive, random.stream(positive ? 'pilot-positive' : 'pilot-negative'));
    return Array.from({ length: spec.bStar.samples }, () => Float64Array.from(s.next()));
  };
  const pilots = { positives: pilot(true), negatives: pilot(false) };
  return { spec, variants, train, test, run: (onRow, onDone, finished) => runAll(spec, variants, train, test, pilots, onRow, onDone, finished) };
}

function missing(id: string, spec: FfSpec): never {
  throw new SpecError('--only', `variant ids of ${spec.name} (${spec.variants.map((v) => v.id).join(', ')})`, id);
}

/** Classification error of the network on the first n rows. */
export function ffError(net: FfNetwork, rows: DigitRows, n = rows.labels.length): number {
  let wrong = 0;
  for (let i = 0; i < n; i++) if (net.predict(rows.images.subarray(i * PIXELS, (i + 1) * PIXELS)) !== rows.labels[i]) wrong++;
  return wrong / n;
}

const clampB = (b: number): number => (Number.isFinite(b) ? Math.min(B_STAR_RANGE[1], Math.max(B_STAR_RANGE[0], b)) : 0.5);

function runAll(
  spec: FfSpec,
  variants: FfVariantSpec[],
  train: DigitRows,
  test: DigitRows,
  pilots: { positives: Float64Array[]; negatives: Float64Array[] },
  onRow?: (row: FfRow) => void,
  onDone?: (r: FfVariantResult) => void,
  finished?: ReadonlyMap<string, FfVariantResult>,
): FfResult {
  const sizes = [PIXELS, ...spec.layers];
  const results = variants.map((v) => {
    const stored = finished?.get(v.id);
    if (stored) return stored;
    const random = new RandomSource(spec.seed);
    // Every variant starts from the same weights and draws the same data streams.
    const net = new FfNetwork(sizes, spec.threshold, spec.adam).init(random.stream('init'));
    const pos = new SampleStream(train, true, random.stream('positive'));
    const neg = new SampleStream(train, false, random.stream('negative'));
    const phase = random.stream('phase');
    const started = Date.now();
    const adaptive = v.kind === 'isd' && v.b === 'bstar';
    let b = v.kind === 'isd' ? (v.b === 'bstar' ? 0.5 : v.b) : undefined;
    let samples = 0;
    let positives = 0;
    let last: FfRow | undefined;
    let est: BStarEstimate | undefined;
    for (let step = 0; ; step++) {
      const evalNow = step % spec.evalEvery === 0;
      // b changes only on its own schedule, so the run does not depend on evalEvery.
      const reestimate = adaptive && step % spec.bStar.every === 0;
      if (evalNow || reestimate) {
        est = estimateBStar(net, pilots.positives, pilots.negatives);
        if (reestimate) b = clampB(est.bStar);
      }
      if (evalNow) {
        last = {
          variant: v.id,
          step,
          samples,
          positives,
          testError: ffError(net, test),
          ...(spec.evalTrain > 0 ? { trainError: ffError(net, train, spec.evalTrain) } : {}),
          ...(b === undefined ? {} : { b }),
          A: est!.A,
          B: est!.B,
          bStar: est!.bStar,
          wallMs: Date.now() - started,
        };
        onRow?.(last);
      }
      if (step === spec.steps) break;
      if (v.kind === 'ff') {
        const p = pos.next();
        net.step(ffSamples(p, neg.next()));
        samples += 2;
        positives++;
      } else {
        const z = phase.bernoulli(b!) ? 1 : 0;
        net.step(isdSamples(z, z === 1 ? pos.next() : [], z === 0 ? neg.next() : [], b!, v.weights));
        samples++;
        positives += z;
      }
    }
    const res: FfVariantResult = { id: v.id, kind: v.kind, final: last!, wallSeconds: (Date.now() - started) / 1000 };
    onDone?.(res);
    return res;
  });
  return { name: spec.name, seed: spec.seed, sizes, train: train.labels.length, test: test.labels.length, steps: spec.steps, variants: results };
}
