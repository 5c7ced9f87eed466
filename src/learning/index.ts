export { LearnResult, LearnRow, PreparedLearn, checkProtocolRule, prepareLearn } from './learn';
export { EngineName, LearnSpec, defaultLearnSpec, readLearnSpec } from './learn-spec';
export { LearningProtocol, ProtocolSpec, protocolKinds, readProtocolSpec } from './protocol-spec';
export { KernelSpec, LearningRule, RuleSpec, UserRuleSpec, readRuleSpec, ruleKinds } from './rule-spec';
export { CompareArm, CompareRow, compareArms, prepareCompare } from './compare';
export { runSeeds } from './seed-runs';
export { calibrateTheta, calibrateThetaPerSynapse } from './threshold-calibration';
export { SEPARATION, Timescales, checkTimescales } from './timescales';
export { AxisName, RobustnessAxis, RobustnessPoint, RobustnessResult, RobustnessRule, axisNames, checkRobustnessPoint, defaultRobustnessSpec, robustnessAxes, robustnessPoint, robustnessRuleNames, runSpecOf } from './robustness';
