import { SpecError } from '../errors';
import { isRecord } from '../validate';
import { constant, movedToLegacy, movedToOne, ordered, Json, SpecForm } from './spec-form';

/**
 * The RBM reader's protocol kinds as (protocol, rule) pairs of the one format: CD-K is the
 * classic contrastive update on a chain of K Gibbs steps; the temporally local rule is the
 * phase-signed update on stochastic phases; IS-D accumulates the phase-signed update offline.
 */
export const KINDS: Record<string, readonly [protocol: string, rule: string]> = {
  cdk: ['cd', 'classic'],
  local: ['stochasticPhases', 'phaseSigned'],
  isd: ['stochasticPhases', 'isd'],
};

const PAIRS = Object.values(KINDS).map(([p, r]) => `rule "${r}" on protocol "${p}"`).join(', ');

/**
 * Boltzmann machines in the one format: the RBM is the substrate, the dataset (and how bMNIST
 * is scored) the task, the Gibbs-step budget the budget, and the protocols compared at equal
 * budget a `compare` list of {id, protocol, rule}. Its engine is the array engine's sampler, or
 * (temporally local protocols) the event engine, whose agents' clocks and endpoint view are the
 * timing (`timing.endpointView`, as resistor specs write it).
 */
export const rbmForm: SpecForm = {
  substrate: 'rbm',
  command: 'rbm',
  legacyName: 'RBM spec',
  moves: [
    ['dataset', 'task'],
    ['metric', 'task.metric'],
    ['hidden', 'substrate.hidden'],
    ['initStd', 'substrate.initStd'],
    ['learnHiddenBias', 'substrate.learnHiddenBias'],
    ['gibbsSteps', 'budget.gibbsSteps'],
    ['evalEvery', 'budget.evalEvery'],
    ['protocols', 'compare'],
    ['compare.*.kind', 'compare.*.rule.kind'],
    ['compare.*.K', 'compare.*.protocol.K'],
    ['compare.*.b', 'compare.*.protocol.b'],
    ['compare.*.length', 'compare.*.protocol.length'],
    ['compare.*.lr', 'compare.*.rule.lr'],
    ['compare.*.batch', 'compare.*.rule.batch'],
    ['endpointView', 'timing.endpointView'],
  ],
  topKeys: ['name', 'note', 'seed', 'substrate', 'task', 'compare', 'engine', 'timing', 'faults', 'budget'],
  toOne(legacy: Json): Json {
    const { experiment: _, ...rest } = legacy;
    const one = movedToOne(this, rest);
    const compare = (one.compare as Json[]).map((entry) => {
      const rule = entry.rule as Json;
      const [protocol, kind] = KINDS[rule.kind as string];
      return { id: entry.id, protocol: { kind: protocol, ...(entry.protocol as Json | undefined) }, rule: { ...rule, kind } };
    });
    return ordered(this, { ...one, substrate: { kind: 'rbm', ...(one.substrate as Json | undefined) }, compare, engine: one.engine ?? 'array' });
  },
  toLegacy(one: Json): Json {
    const compare = Array.isArray(one.compare) ? one.compare.map((entry, k) => legacyEntry(entry, k)) : one.compare;
    const legacy = movedToLegacy(this, { ...one, compare }, ['substrate', 'budget']);
    constant('substrate.kind', (one.substrate as Json).kind, 'rbm', 'this form');
    delete legacy.substrate;
    // The engine ("array" or "event"), the timing and the faults are the reader's to check.
    return { experiment: 'rbm', ...legacy };
  },
};

/** One compared protocol with its (protocol, rule) kinds turned into the RBM reader's kind. */
function legacyEntry(entry: unknown, k: number): unknown {
  const f = `compare[${k}]`;
  if (!isRecord(entry)) return entry;
  for (const part of ['protocol', 'rule'] as const) {
    if (!isRecord(entry[part])) throw new SpecError(`${f}.${part}`, `an object {kind, ...}: ${PAIRS}`, entry[part]);
  }
  const protocol = entry.protocol as Json;
  const rule = entry.rule as Json;
  const found = Object.entries(KINDS).find(([, [p, r]]) => r === rule.kind && p === protocol.kind);
  if (found === undefined) {
    const field = Object.values(KINDS).some(([, r]) => r === rule.kind) ? `${f}.protocol.kind` : `${f}.rule.kind`;
    throw new SpecError(field, PAIRS, field.endsWith('protocol.kind') ? protocol.kind : rule.kind);
  }
  const { kind: _, ...protocolRest } = protocol;
  // A protocol that was only its kind (CD-K's K left to the reader to ask for) leaves no section.
  const { protocol: __, ...rest } = entry;
  return { ...rest, ...(Object.keys(protocolRest).length ? { protocol: protocolRest } : {}), rule: { ...rule, kind: found[0] } };
}
