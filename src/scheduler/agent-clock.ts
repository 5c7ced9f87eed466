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
  /**
   * When the first tick comes after start (default: one interval). Its dt is one period, as if
   * the agent had ticked a period before: an offset only shifts the clock, so agents whose
   * offsets differ from the clamp clock's edges never tie with them.
   */
  offset?: number;
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
  const offset = opts.offset;
  if (offset !== undefined && !(offset >= 0 && Number.isFinite(offset))) throw new RangeError(`tick offset must be finite and >= 0, got ${offset}`);
  let last = scheduler.now();
  let first = offset !== undefined;
  return scheduler.schedule(
    function tick() {
      const now = scheduler.now();
      const dt = first ? period : now - last;
      first = false;
      last = now;
      onTick(dt);
      this.schedule(undefined, interval());
    },
    offset ?? interval(),
  );
}
