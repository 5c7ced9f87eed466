export { Engine, EngineOptions } from './engine';
export { reactiveEngine } from './reactive-engine';
export { arrayEngine, checkArrayOptions, nodeSweep } from './array-engine';
