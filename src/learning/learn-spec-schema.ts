import { real, zod } from '../registry/lazy-zod';
import { faultsSchema } from '../engines/faults';
import { kindsSchema } from '../registry/json-schema';
import { protocols } from '../streams/protocol-registry';
import { rules } from '../synapses/rules/rule-registry';
import { learnFieldsSchema, learnSpecKeys } from './learn-spec';
import { DEFAULT_TEST_FRACTION } from '../tasks/task-file';

const object = (description: string) => ({ type: 'object', description });
const count = (description: string, minimum: number) => ({ type: 'integer', minimum, description });

/**
 * JSON Schema of a learning spec (`phaseless schema`), for editors to validate and complete
 * spec files. `rule` and `protocol` come from the registries as they are now (a spec's
 * plugins included); the other sections are described by their readers' fields.
 */
export function learnSpecSchema(): Record<string, unknown> {
  // The top-level fields as the reader declares them (types, ranges, doc lines); the sections
  // their readers check are described here.
  const fields = zod().toJSONSchema(real(learnFieldsSchema), { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>> };
  const sections: Record<string, unknown> = {
    network: object('explicit {nodes, edges, ground, inputs, outputs}, {random: {...}} or {lattice: {...}}'),
    task: taskSchema(),
    protocol: { description: 'the clamp protocol {kind, ...}', ...kindsSchema(protocols) },
    rule: { description: 'the learning rule of every synapse {kind, ...}', ...kindsSchema(rules) },
    timing: timingSchema(),
    endpointView: object('how each synapse senses its endpoints {delay?, randomDelay?, sample?, drop?}'),
    clockView: object('how each output sees the clamp clock {delay?, randomDelay?, sample?, drop?} (phase-reading synapses read the clock itself)'),
    faults: faultsJsonSchema(),
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'phaseless learning spec',
    type: 'object',
    properties: Object.fromEntries(learnSpecKeys().map((k) => [k, sections[k] ?? fields.properties[k]])),
    additionalProperties: false,
  };
}

/** The agents' clocks (readTiming's fields; the learning spec's defaults fill what is left out). */
function timingSchema(): Record<string, unknown> {
  const positive = (description: string) => ({ type: 'number', exclusiveMinimum: 0, description });
  return {
    type: 'object',
    description: "when the agents act: the nodes' relaxation time and every agent's clock",
    properties: {
      tau: positive("the nodes' relaxation time constant"),
      nodePeriod: positive("a node agent's tick period"),
      synapsePeriod: positive("a synapse agent's tick period"),
      rateSpread: positive("every agent's period scaled by its own log-uniform factor in [1/r, r] (1: equal rates)"),
      jitter: { type: 'number', minimum: 0, exclusiveMaximum: 1, description: 'every tick interval is period x (1 + j u), u uniform in [-1, 1] (0: none)' },
    },
    additionalProperties: false,
  };
}

/** The task: a seeded teacher's options, or the user's data (a CSV file, or inline examples). */
function taskSchema(): Record<string, unknown> {
  const numbers = (description: string) => ({ type: 'array', items: { type: 'number' }, minItems: 1, description });
  const example = {
    type: 'object',
    properties: { inputs: numbers("source voltages, in the order of the network's inputs"), targets: numbers("target voltages, in the order of the network's outputs") },
    required: ['inputs', 'targets'],
    additionalProperties: false,
  };
  const examples = (description: string) => ({ type: 'array', items: example, minItems: 1, description });
  const testFraction = {
    type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1,
    description: `share of the examples held out for testing, chosen from the spec's seed, when the data gives no split (default ${DEFAULT_TEST_FRACTION})`,
  };
  return {
    description: 'what the network learns: a seeded teacher network of the same topology, or your own examples (a CSV file or inline)',
    oneOf: [
      {
        type: 'object',
        description: 'teacher task: a teacher of random conductances labels random inputs',
        properties: {
          train: count('training examples', 1),
          test: count('test examples', 1),
          inputRange: { type: 'number', exclusiveMinimum: 0, description: 'inputs uniform in [-inputRange, inputRange]' },
          teacherK: { type: 'array', items: { type: 'number', exclusiveMinimum: 0 }, minItems: 2, maxItems: 2, description: "[kMin, kMax] of the teacher's conductances" },
          teacher: {
            description: "the teacher's conductances themselves instead of drawn ones: one per edge, in the network's edge order, or {file} (a JSON file holding that array, relative to the spec file)",
            oneOf: [
              { type: 'array', items: { type: 'number', exclusiveMinimum: 0 }, minItems: 1 },
              { type: 'object', properties: { file: { type: 'string' } }, required: ['file'], additionalProperties: false },
            ],
          },
        },
        additionalProperties: false,
      },
      {
        type: 'object',
        description:
          'examples from a CSV file: a header row naming the columns in:<node> for each network input and out:<node> for each output ' +
          '(any order), an optional split column (train or test), then one row of numbers per example (`phaseless export-task` writes one)',
        properties: {
          file: { type: 'string', description: 'the CSV file, relative to the spec file (a file ending in .json holds {examples, test?} as inline examples do)' },
          testFile: { type: 'string', description: 'a CSV file of test examples with the same columns (then file holds the training examples)' },
          testFraction,
        },
        required: ['file'],
        additionalProperties: false,
      },
      {
        type: 'object',
        description: 'inline examples',
        properties: { examples: examples('the examples (training examples when test is given)'), test: examples('the test examples'), testFraction },
        required: ['examples'],
        additionalProperties: false,
      },
    ],
  };
}

/** The faults section, from the schema its reader uses (src/engines/faults.ts). */
function faultsJsonSchema(): Record<string, unknown> {
  const s = zod().toJSONSchema(faultsSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete s.$schema;
  return { ...s, description: 'fault injection {dead?, stuck?, drop?, seed?}: dead synapses conduct zero, stuck ones keep their initial weight (neither learns), drop loses endpoint updates' };
}
