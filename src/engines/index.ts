export { Engine, EngineOptions } from './engine';
export { reactiveEngine } from './reactive-engine';
export { arrayEngine, checkArrayOptions } from './array-engine';
export { eventEngine } from './event';
export { EngineBuilder, EngineKind, engineByName } from './engine-by-name';
export { NodeSweep, nodeSweep } from './node-sweep';
export { ProbeOptions, ProbeSample, ProbeTarget } from './probe';
export { SNAPSHOT_VERSION, Snapshot, SnapshotEngine } from './snapshot/snapshot';
export * from './quasi-static';
