export { Role, Substrate, lazySynapseNames } from './substrate';
export * from './resistor';
