export { ResistorSpec, ResistorNetwork, NodeRole, readResistorSpec, adjacency } from './resistor-spec';
export { solveKirchhoff, SolveOptions } from './kirchhoff';
export { resistorNode, resistorOutputNode, voltageSource, resistorCoupling, ResistorNodeParams } from './resistor-physics';
export { randomNetwork, latticeNetwork, RandomNetworkOptions } from './generators';
export { resistorSubstrate } from './resistor-substrate';
export { inLocalityOrder, reverseCuthillMcKee } from './locality-order';
