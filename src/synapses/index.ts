export { SynapseRule, SynapseRead, Coupling, checkRuleParams, contribution, fixedWeight } from './synapse-rule';
export { synapseAgent, SynapseAgent, SynapseAgentConfig } from './synapse-agent';
export * from './rules';
export * from './kernels';
