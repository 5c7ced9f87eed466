import { SEPARATION } from '../learning/timescales';

/**
 * A model's own timescales, to which the arbitraries scale their draws: tau_f (the fast
 * timescale of the protocol: a sawtooth's rise time, rise fraction x period, the shortest
 * phase, or one oscillation of an oscillating nudge), the node time constant and the agents'
 * nominal tick periods.
 */
export interface ModelTimescales {
  tauF: number;
  tau: number;
  nodePeriod: number;
  synapsePeriod: number;
}

/**
 * The default learning spec's timescales (defaultLearnSpec: sawtooth period 5 with rise fraction
 * 0.1, so tau_f = 0.5; tau 0.005; periods 0.01 and 0.02).
 */
export const defaultTimescales: ModelTimescales = { tauF: 0.5, tau: 0.005, nodePeriod: 0.01, synapsePeriod: 0.02 };

/**
 * The memory times tau_K a kernel rule may have on these timescales (the timescale check of a
 * learning run, src/learning/timescales.ts): SEPARATION (3) times the node's tau, two synapse
 * ticks, and tau_f / SEPARATION. An empty window (lo > hi) means no kernel rule fits the model.
 */
export function kernelWindow(t: ModelTimescales): { lo: number; hi: number } {
  // A part in 1e6 inside: tau_K = 1 / B round-trips with a rounding error the check would see.
  return { lo: Math.max(SEPARATION * t.tau, 2 * t.synapsePeriod) * (1 + 1e-6), hi: (t.tauF / SEPARATION) * (1 - 1e-6) };
}
