export { ResistorSpec, ResistorNetwork, NodeRole, readResistorSpec, adjacency } from './resistor-spec';
export { solveKirchhoff, SolveOptions } from './kirchhoff';
export { resistorNode, resistorOutputNode, voltageSource, resistorCoupling, ResistorNodeParams } from './resistor-physics';
export { Timing, defaultTiming, readTiming, agentClock } from './timing';
export { resistorAgents, ResistorAgents, ResistorAgentsOptions } from './resistor-agents';
export { randomNetwork, latticeNetwork, RandomNetworkOptions } from './generators';
export { resistorSubstrate } from './resistor-substrate';
export { relaxationTime, RelaxationTime } from './relaxation-time';
export { resistorEvent } from './resistor-event';
