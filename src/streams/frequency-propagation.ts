import { integer, positive } from '../validate';
import { Protocol } from './clamp-signal';
import { sampled } from './emitters';

/** Parameters of the frequency-propagation clock. */
export interface FrequencyPropagationParams {
  /** How long one example is presented (simulated time): the clock's cycle. */
  period: number;
  /** Oscillations of the error nudge per period (an integer, so each example sees whole cycles). */
  cycles: number;
  /** Amplitude beta0 of the oscillating nudge: beta(t) = beta0 sin(w2 t), w2 = 2 pi cycles / period. */
  beta: number;
  /** Sampling interval of the sine (zero-order hold; default period / (50 cycles)). */
  sampleDt?: number;
}

/**
 * The clock of frequency propagation (Anisetti, Kandala, Scellier, Schwarz 2024;
 * docs/peers.md): the output nudge oscillates, beta(t) = beta0 sin(w2 t), so the error current
 * beta(t) (y - V) sits at frequency w2, while the inputs hold the task's voltages: the
 * activation is the DC component (w1 = 0). Nothing switches between phases; a rule reads the
 * error from its own signal by demodulating at w2 with the clock as reference.
 */
export function frequencyPropagation(p: FrequencyPropagationParams): Protocol {
  positive('frequencyPropagation.period', p.period);
  integer('frequencyPropagation.cycles', p.cycles, 1);
  positive('frequencyPropagation.beta', p.beta);
  if (p.sampleDt !== undefined) positive('frequencyPropagation.sampleDt', p.sampleDt);
  const w2 = (2 * Math.PI * p.cycles) / p.period;
  return {
    kind: 'frequencyPropagation',
    params: { ...p },
    period: p.period,
    signal: ({ scheduler }) =>
      sampled(scheduler, p.sampleDt ?? p.period / (50 * p.cycles), (t) => {
        const beta = p.beta * Math.sin(w2 * t);
        return { beta, phase: 'oscillation', z: beta > 0 ? 1 : 0, index: Math.floor(t / p.period) };
      }),
  };
}
