import { constant, movedToLegacy, movedToOne, ordered, Json, SpecForm } from './spec-form';

/**
 * Resistor-network learning in the one format: the network is the substrate, the epochs and
 * how long each example is held are the budget, how synapses see their endpoints and output
 * nodes the clock (the views) are timing.
 */
export const resistorForm: SpecForm = {
  substrate: 'resistor',
  command: 'run',
  legacyName: 'learning spec',
  moves: [
    ['network', 'substrate.network'],
    ['endpointView', 'timing.endpointView'],
    ['clockView', 'timing.clockView'],
    ['epochs', 'budget.epochs'],
    ['cyclesPerExample', 'budget.cyclesPerExample'],
    ['evalEvery', 'budget.evalEvery'],
  ],
  topKeys: ['seed', 'substrate', 'task', 'protocol', 'rule', 'engine', 'timing', 'budget', 'faults', 'warmStart', 'allowTimescaleOverlap', 'allowLongRun', 'plugins'],
  toOne(legacy: Json): Json {
    const one = movedToOne(this, legacy);
    return ordered(this, { ...one, substrate: { kind: 'resistor', ...(one.substrate as Json | undefined) } });
  },
  toLegacy(one: Json): Json {
    const legacy = movedToLegacy(this, one, ['substrate', 'budget']);
    const substrate = legacy.substrate as Json;
    constant('substrate.kind', substrate.kind, 'resistor', 'this form');
    delete legacy.substrate;
    return legacy;
  },
};
