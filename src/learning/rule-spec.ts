import { MarkovParams } from '../analysis/markov-adaptation';
import { BuiltRule, readRule, rules } from '../synapses/rules/rule-registry';

/**
 * A memory kernel as written in a spec: chemotaxis ([TCL], B and area I), integral feedback, a
 * Markov adaptation kernel, or the sampled kernel of the authors' MNIST code.
 */
export type KernelSpec =
  | { kind: 'chemotaxis'; B?: number; area?: number }
  | { kind: 'integralFeedback'; B?: number }
  | ({ kind: 'markov' } & Partial<MarkovParams>)
  | { kind: 'sampled'; spacing?: number; samples?: number; amplitude?: number; weights?: number[] };

/** A shipped learning rule as written in a spec (JSON); a registered rule takes its own fields. */
export type RuleSpec =
  | { kind: 'tcl'; lr?: number; theta?: number | 'auto'; g?: 'threshold' | 'linear'; kernel?: KernelSpec; reference?: number | 'none' | 'free'; wMin?: number; wMax?: number }
  | { kind: 'classic' | 'hebbian'; lr?: number; wMin?: number; wMax?: number }
  | { kind: 'phaseSigned'; lr?: number; b?: number; wMin?: number; wMax?: number }
  | UserRuleSpec;

/** A rule registered by a user (registerRule): its kind and its own parameters. */
export interface UserRuleSpec {
  kind: string & {};
  [param: string]: unknown;
}

/** The rule kinds a spec may name now (shipped and registered). */
export const ruleKinds = (): string[] => rules.kinds();

/** A rule ready for the agents, plus what the experiment must know about it. */
export interface LearningRule extends BuiltRule {
  spec: RuleSpec;
  kind: string;
  autoTheta: boolean;
  autoReference: boolean;
}

/**
 * Reads a rule spec through the rule registry (a SpecError names the bad field), keeping the spec
 * for the result.
 */
export function readRuleSpec(v: unknown, field = 'rule', phaseProbability?: number, oscillation?: { amplitude: number; period: number }): LearningRule {
  const built = readRule(v, { field, phaseProbability, oscillation });
  return { ...built, spec: v as RuleSpec, autoTheta: built.autoTheta ?? false, autoReference: built.autoReference ?? false };
}
