import { ClampSignal } from '../../streams/clamp-signal';
import { SynapseRule } from '../synapse-rule';
import { LearningParams, clampWeight, learningParamTypes } from './weight-bounds';

/** Parameters of the frequency-propagation rule. */
export interface FrequencyPropagationRuleParams extends LearningParams {
  /**
   * Time constant of the lock-in's two filters: the DC block before the mixer (s minus its running
   * mean) and the low-pass after it. 0: neither (the weight integrates m s directly).
   */
  tau: number;
}

// State after the weight: the running mean of s (the DC block), the lock-in's output, and whether
// the mean has been started (at the first s, so the block does not see a step from 0).
const S_MEAN = 1;
const X = 2;
const STARTED = 3;

/**
 * Frequency propagation (Anisetti, Kandala, Scellier, Schwarz 2024; docs/peers.md) as a lock-in
 * amplifier on the synapse's own signal. With the activation at w1 = 0 and the error nudge at w2,
 * an edge's drop is dV(t) = A0 + A2 sin(w2 t) + ..., so its signal s = dV^2 holds 2 A0 A2 sin(w2 t):
 * the product of the drop's two frequency components. The rule blocks the DC of s (s - mean, the
 * mean a low-pass of time constant tau), mixes with the clock's reference m(t) = 2 beta(t) / beta0^2
 * (its declared modulator, `oscillationReference`), low-passes (tau) into X and moves
 * dw/dt = -lr X. In the steady state the mean of X is (2 A0 A2 / beta0) phi^2 / (1 + phi^2), phi =
 * w2 tau (the DC block's in-phase loss at w2), and 2 A0 A2 / beta0 = ds/dbeta at beta = 0: the
 * gradient of the output cost, as the classic rule's (s_clamped - s_free) / beta.
 */
export const frequencyPropagationRule: SynapseRule<FrequencyPropagationRuleParams> = {
  name: 'frequency-propagation',
  reads: ['endpoints', 'modulator'],
  stateSize: 4,
  paramTypes: { ...learningParamTypes, tau: 'number' },
  init(x, o, w0) {
    x[o] = w0;
    x[o + S_MEAN] = 0;
    x[o + X] = 0;
    x[o + STARTED] = 0;
  },
  step(x, o, s, m, dt, p) {
    if (p.tau === 0) {
      x[o] = clampWeight(x[o] - p.lr * m * s * dt, p);
      return;
    }
    const decay = Math.exp(-dt / p.tau);
    const mean = x[o + STARTED] === 1 ? s + (x[o + S_MEAN] - s) * decay : s;
    const mixed = m * (s - mean);
    const u = mixed + (x[o + X] - mixed) * decay;
    x[o + S_MEAN] = mean;
    x[o + STARTED] = 1;
    x[o + X] = u;
    x[o] = clampWeight(x[o] - p.lr * u * dt, p);
  },
};

/** The lock-in's reference from the clock: m = 2 beta(t) / beta0^2 for a nudge of amplitude beta0. */
export const oscillationReference =
  (beta0: number) =>
  (sig: ClampSignal): number =>
    (2 * sig.beta) / (beta0 * beta0);
