export { Engine, EngineOptions } from './engine';
export { reactiveEngine } from './reactive-engine';
export { arrayEngine, checkArrayOptions } from './array-engine';
export { eventEngine } from './event';
export { NodeSweep, nodeSweep } from './node-sweep';
export { ProbeOptions, ProbeSample, ProbeTarget } from './probe';
