import { ClampSignal } from '../../streams/clamp-signal';
import { SynapseRule } from '../synapse-rule';
import { LearningParams, clampWeight, learningParamTypes } from './weight-bounds';

// State layout after the weight: phase seen at the previous step, s at the previous step,
// the stored free-phase signal, and whether one is stored.
const PREV_Z = 1;
const LAST_S = 2;
const S_FREE = 3;
const HAS_FREE = 4;

/**
 * The rigid baseline with explicit memory: it reads the phase z (its declared modulator), stores s
 * at the end of the free phase and, at the end of the following clamped phase, updates w -= lr
 * (s_clamped - s_free) (docs/science.md#contrastive-learning; 1/beta is absorbed in lr).
 */
export const classicTwoPhase: SynapseRule<LearningParams> = {
  name: 'classic',
  reads: ['endpoints', 'modulator'],
  stateSize: 5,
  paramTypes: learningParamTypes,
  init(x, o, w0) {
    x[o] = w0;
    x[o + PREV_Z] = -1;
    x[o + LAST_S] = 0;
    x[o + S_FREE] = 0;
    x[o + HAS_FREE] = 0;
  },
  step(x, o, s, z, _dt, p) {
    const prev = x[o + PREV_Z];
    if (prev !== z && prev >= 0) {
      if (prev === 0) {
        x[o + S_FREE] = x[o + LAST_S];
        x[o + HAS_FREE] = 1;
      } else if (x[o + HAS_FREE] === 1) {
        x[o] = clampWeight(x[o] - p.lr * (x[o + LAST_S] - x[o + S_FREE]), p);
        x[o + HAS_FREE] = 0;
      }
    }
    x[o + PREV_Z] = z;
    x[o + LAST_S] = s;
  },
  // dw = -lr (s_clamped - s_free): linear in s unless a bound clips it.
  linear: (p) => p.wMin === -Infinity && p.wMax === Infinity,
  // A signal that never changes gives s_clamped = s_free.
  quiet: (p, w, j) => j.up === 0 && j.down === 0 && j.olderUp === 0 && j.olderDown === 0 && w >= p.wMin && w <= p.wMax,
};

/** The modulator the classic rule declares: the phase type z of the clock. */
export const phaseType = (sig: ClampSignal): number => sig.z;
