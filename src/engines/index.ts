export { Engine, EngineOptions } from './engine';
export { reactiveEngine } from './reactive-engine';
export { arrayEngine, checkArrayOptions } from './array-engine';
export { NodeSweep, nodeSweep } from './node-sweep';
export { ProbeOptions, ProbeSample, ProbeTarget } from './probe';
export * from './quasi-static';
