import { ClampSignal } from '../../streams/clamp-signal';
import { SynapseRule } from '../../synapses/synapse-rule';
import { classicTwoPhase, phaseType } from '../../synapses/rules/classic-two-phase';
import { readRule } from '../../synapses/rules/rule-registry';
import { temporalContrastive } from '../../synapses/rules/temporal-contrastive';
import { loadPlugins } from '../../registry/plugins';
import { EpSpec, TclRuleSpec, isOwnRule, tclKernel } from './ep-spec';

/**
 * A spec's rule as its synapses run it, whatever runs them (the quasi-static cycle of the batch
 * path, the agents online): the registered rule, the modulator it reads from the clock (rules
 * on the two-phase cycle), and its parameters per weight layer W_l and per layer of biases
 * (biases[l] for layer l + 1), each at that layer's rate lr[l].
 */
export interface EpRule {
  rule: SynapseRule<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  modulator?: (s: ClampSignal) => number;
  weights: Record<string, unknown>[];
  biases: Record<string, unknown>[];
}

/**
 * Classic EP is the classic rule, TCL the temporal contrastive rule with its kernel (the
 * chemotaxis kernel by default, or a registered one such as the authors' sampled sine) and per-group thresholds, any other kind the registered rule with its own parameters. Weights
 * are unbounded (Hopfield weights are signed) unless a registered rule's spec bounds them.
 */
export function epRule(spec: EpSpec): EpRule {
  const r = spec.rule;
  const free = { wMin: -Infinity, wMax: Infinity };
  if (r.kind === 'classic') {
    const params = spec.lr.map((lr) => ({ lr, ...free }));
    return { rule: classicTwoPhase, modulator: phaseType, weights: params, biases: params };
  }
  if (isOwnRule(r)) {
    loadPlugins(spec.plugins);
    const built = readRule({ ...r, lr: 1 }, { field: 'rule' });
    const bounds = { wMin: (r.wMin as number | undefined) ?? -Infinity, wMax: (r.wMax as number | undefined) ?? Infinity };
    const params = spec.lr.map((lr) => ({ ...built.params, ...bounds, lr }));
    return { rule: built.rule, modulator: built.modulator ?? phaseType, weights: params, biases: params };
  }
  const t = r as TclRuleSpec;
  const linear = t.g === 'linear';
  return {
    rule: temporalContrastive(tclKernel(t.kernel).kernel),
    weights: spec.lr.map((lr, l) => ({ lr, ...free, theta: t.thresholds.weights[l], linear })),
    biases: spec.lr.map((lr, l) => ({ lr, ...free, theta: t.thresholds.biases[l], linear })),
  };
}
