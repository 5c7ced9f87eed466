export { LearningParams, clampWeight, learningParamTypes } from './weight-bounds';
export { hebbian } from './hebbian';
export { phaseSigned, phaseWeight } from './phase-signed';
export { classicTwoPhase, phaseType } from './classic-two-phase';
export { continualEP } from './continual-ep';
export { FrequencyPropagationRuleParams, frequencyPropagationRule, oscillationReference } from './frequency-propagation';
export { TclParams, TCL_U, temporalContrastive, thresholdG } from './temporal-contrastive';
export { BuiltRule, RuleContext, RuleKind, defaultBounds, learningParams, readRule, registerRule, rules } from './rule-registry';
