import { SchedulerAction, Subscription } from 'rxjs';
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

/** What an agent's clock calls: onTick(dt) as a method, so an agent needs no closure for it. */
export interface TickTarget {
  onTick(dt: number): void;
}

/**
 * Calls onTick(dt) on the agent's own clock, dt being the simulated time since the previous
 * tick (or since start). The first tick comes one (jittered) interval after start, so agents
 * with jitter do not start in lockstep.
 */
export function startTicks(scheduler: VirtualScheduler, opts: TickOptions, onTick: (dt: number) => void): Subscription {
  return tickTarget(scheduler, opts, { onTick });
}

/** startTicks calling target.onTick(dt): one small object and one action per agent. */
export function tickTarget(scheduler: VirtualScheduler, opts: TickOptions, target: TickTarget): Subscription {
  const { period } = opts;
  const jitter = opts.jitter ?? 0;
  if (!(period > 0) || !Number.isFinite(period)) throw new RangeError(`tick period must be > 0, got ${period}`);
  if (!(jitter >= 0 && jitter < 1)) throw new RangeError(`tick jitter must be in [0, 1), got ${jitter}`);
  if (jitter > 0 && opts.rng === undefined) throw new RangeError('tick jitter needs the agent rng');
  const offset = opts.offset;
  if (offset !== undefined && !(offset >= 0 && Number.isFinite(offset))) throw new RangeError(`tick offset must be finite and >= 0, got ${offset}`);
  const clock = new Ticks(scheduler, period, jitter, jitter > 0 ? opts.rng! : undefined, offset !== undefined, target);
  return scheduler.schedule(tick, offset ?? clock.interval(), clock);
}

/** One agent's clock state; the scheduler action carries it, so the work function is shared. */
class Ticks {
  last: number;

  constructor(
    readonly scheduler: VirtualScheduler,
    readonly period: number,
    readonly jitter: number,
    readonly rng: Rng | undefined,
    public first: boolean,
    readonly target: TickTarget,
  ) {
    this.last = scheduler.now();
  }

  interval(): number {
    return this.rng === undefined ? this.period : this.period * (1 + this.jitter * (2 * this.rng.uniform() - 1));
  }
}

function tick(this: SchedulerAction<Ticks>, clock?: Ticks): void {
  const c = clock!;
  const now = c.scheduler.now();
  const dt = c.first ? c.period : now - c.last;
  c.first = false;
  c.last = now;
  c.target.onTick(dt);
  this.schedule(c, c.interval());
}
