export { DenseBlock, Role, Substrate, lazySynapseNames } from './substrate';
export * from './resistor';
