export { Contribution, NodeInput, NodeRead, NodeDynamics } from './node-dynamics';
export { nodeAgent, NodeAgent, NodeAgentConfig } from './node-agent';
