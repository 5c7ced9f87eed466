import { SpecError } from '../errors';
import { isRecord } from '../validate';
import { constant, movedToLegacy, movedToOne, ordered, Json, SpecForm } from './spec-form';

const SAWTOOTH = ['period', 'rise', 'levels'];
const SUBSTEPS = ['riseSubsteps', 'fallSubsteps'];

/**
 * Equilibrium propagation on MNIST in the one format: the layered Hopfield network is the
 * substrate, the digits the task, beta and the sawtooth the protocol, the per-layer rates the
 * rule's `lr`, the relaxation's step size and step counts the timing, epochs and batch the
 * budget. Its engine is the array engine's quasi-static path, or the event engine (online
 * learning, every unit and synapse an agent), whose clocks and endpoint view join the timing.
 */
export const hopfieldForm: SpecForm = {
  substrate: 'hopfield',
  command: 'ep',
  legacyName: 'EP spec',
  moves: [
    ['layers', 'substrate.layers'],
    ['data', 'task'],
    ['epochs', 'budget.epochs'],
    ['batch', 'budget.batch'],
    ['eps', 'timing.eps'],
    ['freeSteps', 'timing.freeSteps'],
    ['nudgedSteps', 'timing.nudgedSteps'],
    ...SUBSTEPS.map((k) => [`rule.${k}`, `timing.${k}`] as const),
    ['beta', 'protocol.beta'],
    ['betaSign', 'protocol.betaSign'],
    ...SAWTOOTH.map((k) => [`rule.protocol.${k}`, `protocol.${k}`] as const),
    ['lr', 'rule.lr'],
    ['endpointView', 'timing.endpointView'],
  ],
  topKeys: ['name', 'seed', 'substrate', 'task', 'protocol', 'rule', 'engine', 'timing', 'faults', 'budget', 'plugins'],
  toOne(legacy: Json): Json {
    const { experiment: _, ...rest } = legacy;
    const one = movedToOne(this, rest);
    const tcl = isRecord(one.rule) && one.rule.kind === 'tcl';
    return ordered(this, {
      ...one,
      substrate: { kind: 'hopfield', ...(one.substrate as Json | undefined) },
      task: { kind: 'mnist', ...(one.task as Json | undefined) },
      protocol: { kind: tcl ? 'sawtooth' : 'twoPhase', ...(one.protocol as Json | undefined) },
      engine: one.engine === 'event' ? 'event' : 'quasi-static',
    });
  },
  toLegacy(one: Json): Json {
    const rule = isRecord(one.rule) ? one.rule : {};
    const tcl = rule.kind === 'tcl';
    const protocolKind = tcl ? 'sawtooth' : 'twoPhase';
    // The sawtooth's shape and substeps are the tcl rule's (they move into it): refused, under
    // the user's name, for a rule that learns on the two-phase cycle.
    if (!tcl) {
      for (const [section, keys] of [['protocol', SAWTOOTH], ['timing', SUBSTEPS]] as const) {
        const v = one[section];
        const k = isRecord(v) ? keys.find((f) => f in v) : undefined;
        if (k !== undefined) throw new SpecError(`${section}.${k}`, 'no such field with this rule (only the tcl rule, on the sawtooth, has it)', (v as Json)[k]);
      }
    }
    const legacy = movedToLegacy(this, one, ['substrate', 'protocol', 'budget']);
    constant('substrate.kind', (one.substrate as Json).kind, 'hopfield', 'this form');
    if (one.engine !== 'event') constant('engine', one.engine, 'quasi-static', 'EP runs on the array engine\'s quasi-static path, or on "event"');
    if (isRecord(one.protocol)) constant('protocol.kind', one.protocol.kind, protocolKind, tcl ? 'the tcl rule learns on the quantised sawtooth' : 'this rule learns on the two-phase cycle');
    if (!isRecord(one.rule) && one.rule !== undefined) throw new SpecError('rule', 'an object {kind, ...}', one.rule);
    // The task's kind (mnist, idx or csv) moves with it; the reader checks it.
    delete legacy.substrate;
    delete legacy.protocol;
    // The event engine's fields (timing, faults) are the reader's to check.
    if (one.engine !== 'event') delete legacy.engine;
    return { experiment: 'ep-mnist', ...legacy };
  },
};
