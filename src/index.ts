/** phaseless: contrastive learning with phase-free dynamics, as RxJS agents in virtual time. */
export * from './scheduler';
export * from './streams';
export * from './nodes';
export * from './synapses';
export * from './resistor';
export { SpecError, DivergenceError } from './errors';
export * as arbitraries from "./arbitraries";
