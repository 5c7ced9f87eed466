export { Role, Substrate, lazySynapseNames } from './substrate';
