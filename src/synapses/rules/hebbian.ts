import { SynapseRule } from '../synapse-rule';
import { LearningParams, clampWeight, learningParamTypes } from './weight-bounds';

/** Hebbian control: dw/dt = -lr s, the kernel K = delta of [TCL] (docs/science.md#contrastive-learning). No phase. */
export const hebbian: SynapseRule<LearningParams> = {
  name: 'hebbian',
  reads: ['endpoints'],
  stateSize: 1,
  paramTypes: learningParamTypes,
  init(x, o, w0) {
    x[o] = w0;
  },
  step(x, o, s, _m, dt, p) {
    x[o] = clampWeight(x[o] - p.lr * s * dt, p);
  },
  stillAtZero: true,
};
