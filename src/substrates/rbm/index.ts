export { Rbm, createRbm, rbmFrom, cloneRbm, energy } from './rbm';
export { sigmoid, softplus, bernoulliUnit, pHidden, pVisible } from './gibbs';
export {
  logPartition,
  visibleLogProbs,
  exactNll,
  exactTv,
  exactNllTv,
  signalMoments,
  exactGradient,
  SignalMoments,
  smallerLayer,
  layerLogWeights,
  bitsOf,
  MAX_ENUMERATED_UNITS,
} from './exact';
export { rbmSubstrate, rbmCoupling, bernoulliHidden, bernoulliVisible, RbmLayout, hiddenStream, visibleStream } from './rbm-substrate';
