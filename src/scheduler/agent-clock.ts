import { Subscription } from 'rxjs';
import { Rng } from './random';
import { VirtualScheduler } from './virtual-scheduler';

/** An agent's own clock: a nominal period and a relative jitter of each interval. */
export interface TickOptions {
  period: number;
  /** Each interval is period * (1 + jitter * u), u uniform in [-1, 1); 0 <= jitter < 1. */
  jitter?: number;
  /** The agent's own substream; required when jitter > 0. */
  rng?: Rng;
}

/**
 * Calls onTick(dt) on the agent's own clock, dt being the simulated time since the previous
 * tick (or since start). The first tick comes one (jittered) interval after start, so agents
 * with jitter do not start in lockstep.
 */
export function startTicks(scheduler: VirtualScheduler, opts: TickOptions, onTick: (dt: number) => void): Subscription {
  const { period } = opts;
  const jitter = opts.jitter ?? 0;
  if (!(period > 0) || !Number.isFinite(period)) throw new RangeError(`tick period must be > 0, got ${period}`);
  if (!(jitter >= 0 && jitter < 1)) throw new RangeError(`tick jitter must be in [0, 1), got ${jitter}`);
  if (jitter > 0 && opts.rng === undefined) throw new RangeError('tick jitter needs the agent rng');
  const rng = opts.rng;
  const interval = jitter > 0 ? () => period * (1 + jitter * (2 * rng!.uniform() - 1)) : () => period;
  let last = scheduler.now();
  return scheduler.schedule(function tick() {
    const now = scheduler.now();
    const dt = now - last;
    last = now;
    onTick(dt);
    this.schedule(undefined, interval());
  }, interval());
}
