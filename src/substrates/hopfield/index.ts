export { LayeredNetwork, initNetwork, cloneNetwork, rho, energy, cost, argmax } from './layered-network';
export { HopfieldLayout, HopfieldNodeParams, hopfieldCoupling, hopfieldHidden, hopfieldOutput, hopfieldSubstrate } from './hopfield-substrate';
