export { Contribution, Draws, NodeInput, NodeRead, NodeDynamics } from './node-dynamics';
export { nodeAgent, NodeAgent, NodeAgentConfig } from './node-agent';
export { heldNode } from './held-node';
export { ContributionPort } from './contribution-port';
