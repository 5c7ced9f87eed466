import { ClampSignal } from '../../streams/clamp-signal';
import { SynapseRule } from '../synapse-rule';
import { LearningParams, clampWeight, learningParamTypes } from './weight-bounds';

/**
 * Phase-signed, temporally local ([FLEX]; docs/science.md#flexible-phases): at every step of a
 * phase of type z, w += lr c(z) (-s) dt with c(1) = 1/b, c(0) = -1/(1-b). Nothing is stored between
 * phases. The modulator it declares is c(z) itself, computed from the clock by `phaseWeight`.
 */
export const phaseSigned: SynapseRule<LearningParams> = {
  name: 'phase-signed',
  reads: ['endpoints', 'modulator'],
  stateSize: 1,
  paramTypes: learningParamTypes,
  init(x, o, w0) {
    x[o] = w0;
  },
  step(x, o, s, c, dt, p) {
    x[o] = clampWeight(x[o] - p.lr * c * s * dt, p);
  },
  stillAtZero: true,
};

/** The importance weight c(z) of a clock signal, for clamped-phase probability b. */
export const phaseWeight =
  (b: number) =>
  (sig: ClampSignal): number =>
    sig.z === 1 ? 1 / b : -1 / (1 - b);
