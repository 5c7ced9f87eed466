import { kindsSchema } from '../registry/json-schema';
import { protocols } from '../streams/protocol-registry';
import { rules } from '../synapses/rules/rule-registry';
import { learnSpecKeys } from './learn-spec';

const object = (description: string) => ({ type: 'object', description });
const count = (description: string, minimum: number) => ({ type: 'integer', minimum, description });

/**
 * JSON Schema of a learning spec (`phaseless schema`), for editors to validate and complete
 * spec files. `rule` and `protocol` come from the registries as they are now (a spec's
 * plugins included); the other sections are described by their readers' fields.
 */
export function learnSpecSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    seed: count('root seed of every random substream', 0),
    engine: { enum: ['reactive', 'lockstep', 'event'], description: 'reactive: RxJS agents (any timing); lockstep: typed-array sweeps (synchronous); event: the reactive semantics compiled onto typed arrays (any timing)' },
    network: object('explicit {nodes, edges, ground, inputs, outputs}, {random: {...}} or {lattice: {...}}'),
    task: object('teacher task {train, test, inputRange, teacherK}'),
    protocol: { description: 'the clamp protocol {kind, ...}', ...kindsSchema(protocols) },
    rule: { description: 'the learning rule of every synapse {kind, ...}', ...kindsSchema(rules) },
    timing: object('{tau, nodePeriod, synapsePeriod, rateSpread, jitter}'),
    endpointView: object('how each synapse senses its endpoints {delay?, randomDelay?, sample?, drop?}'),
    cyclesPerExample: count('protocol periods each example is held for', 1),
    epochs: count('passes over the training set', 1),
    evalEvery: count('evaluate every this many epochs', 1),
    allowTimescaleOverlap: { type: 'boolean', description: 'run even if the timescale check fails' },
    plugins: { type: 'array', items: { type: 'string' }, description: 'modules registering your own kinds, relative to the spec file' },
    allowLongRun: { type: 'boolean', description: 'run even if estimated to take more than a day' },
    warmStart: { type: 'boolean', description: 'start the nodes at the free equilibrium of the first training example (default: at 0 V)' },
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'phaseless learning spec',
    type: 'object',
    properties: Object.fromEntries(learnSpecKeys.map((k) => [k, properties[k]])),
    additionalProperties: false,
  };
}
