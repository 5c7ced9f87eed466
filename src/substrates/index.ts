export { Role, Substrate, synapseNames } from './substrate';
