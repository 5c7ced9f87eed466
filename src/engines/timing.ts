import { Rng } from '../scheduler/random';
import { TickOptions } from '../scheduler/agent-clock';
import { inRange, isRecord, optional, positive } from '../validate';
import { SpecError } from '../errors';

/** When agents act. Every agent has its own clock drawn from its own substream. */
export interface Timing {
  /** Node time constant tau (capacitance). */
  tau: number;
  /** Nominal tick period of node agents. */
  nodePeriod: number;
  /** Nominal tick period of synapse agents. */
  synapsePeriod: number;
  /** Per-agent rate spread: each agent's period is scaled by a log-uniform factor in [1/s, s]. */
  rateSpread: number;
  /** Relative jitter of every tick interval, in [0, 1). */
  jitter: number;
}

/**
 * Synchronous timing: tau 1, node and synapse periods 0.1, no rate spread, no jitter (the learning
 * spec sets its own, see defaultLearnSpec).
 */
export const defaultTiming: Timing = { tau: 1, nodePeriod: 0.1, synapsePeriod: 0.1, rateSpread: 1, jitter: 0 };

/** Reads a timing object over base, with a SpecError naming a bad or unknown field. */
export function readTiming(v: unknown, field = 'timing', base: Timing = defaultTiming): Timing {
  if (v === undefined) return base;
  if (!isRecord(v)) throw new SpecError(field, 'an object {tau, nodePeriod, synapsePeriod, rateSpread, jitter}', v);
  for (const key of Object.keys(v)) {
    if (!(key in defaultTiming)) throw new SpecError(`${field}.${key}`, `one of ${Object.keys(defaultTiming).join(', ')}`, key);
  }
  const t: Timing = {
    tau: optional(v.tau, base.tau, (x) => positive(`${field}.tau`, x)),
    nodePeriod: optional(v.nodePeriod, base.nodePeriod, (x) => positive(`${field}.nodePeriod`, x)),
    synapsePeriod: optional(v.synapsePeriod, base.synapsePeriod, (x) => positive(`${field}.synapsePeriod`, x)),
    rateSpread: optional(v.rateSpread, base.rateSpread, (x) => positive(`${field}.rateSpread`, x)),
    jitter: optional(v.jitter, base.jitter, (x) => inRange(`${field}.jitter`, x, 0, 1, true)),
  };
  if (t.rateSpread < 1) throw new SpecError(`${field}.rateSpread`, 'a factor >= 1 (1 = equal rates)', t.rateSpread);
  return t;
}

/** One agent's clock, drawn from its own substream (so it never depends on other agents). */
export function agentClock(period: number, timing: Timing, rng: Rng): TickOptions {
  const factor = timing.rateSpread === 1 ? 1 : Math.pow(timing.rateSpread, 2 * rng.uniform() - 1);
  return { period: period * factor, jitter: timing.jitter, rng };
}

/**
 * The mean tick rate of agents under rate spread r, relative to equal rates: periods are
 * r^(2u-1) with u uniform, so rates average E[r^(1-2u)] = (r - 1/r) / (2 ln r) (1 at r = 1).
 * The run estimates multiply by it (a spread of 1e15 makes the fastest agents tick 1e15 times
 * as often, and an unbounded run).
 */
export function meanRateFactor(timing: Pick<Timing, 'rateSpread'>): number {
  const r = timing.rateSpread;
  return r === 1 ? 1 : (r - 1 / r) / (2 * Math.log(r));
}
