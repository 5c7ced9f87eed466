import { SynapseRule } from '../synapse-rule';
import { LearningParams, clampWeight, learningParamTypes } from './weight-bounds';

// State layout after the weight: s at the previous step, and whether there was one.
const LAST_S = 1;
const HAS_LAST = 2;

/**
 * Continual EP (Ernoult, Grollier, Querlioz, Bengio, Scellier 2020;
 * docs/science.md#phase-free-peers): at every step of the nudged phase (z = 1, its declared
 * modulator) the weight moves by the change of its local signal since the previous step,
 * dw = -lr (s_t - s_{t-1}). Summed over a
 * clamped phase this telescopes to the classic update -lr (s_clamped - s_free) (1/beta absorbed in
 * lr), with no stored free state: only the previous step's s.
 */
export const continualEP: SynapseRule<LearningParams> = {
  name: 'continual-ep',
  reads: ['endpoints', 'modulator'],
  stateSize: 3,
  paramTypes: learningParamTypes,
  init(x, o, w0) {
    x[o] = w0;
    x[o + LAST_S] = 0;
    x[o + HAS_LAST] = 0;
  },
  step(x, o, s, z, _dt, p) {
    if (z === 1 && x[o + HAS_LAST] === 1) x[o] = clampWeight(x[o] - p.lr * (s - x[o + LAST_S]), p);
    x[o + LAST_S] = s;
    x[o + HAS_LAST] = 1;
  },
  // dw = -lr sum (s_t - s_{t-1}): linear in s unless a bound clips it.
  linear: (p) => p.wMin === -Infinity && p.wMax === Infinity,
  // A signal that never changes moves nothing.
  quiet: (p, w, j) => j.up === 0 && j.down === 0 && j.olderUp === 0 && j.olderDown === 0 && w >= p.wMin && w <= p.wMax,
};
