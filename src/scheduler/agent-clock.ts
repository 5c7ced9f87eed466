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

/**
 * Calls onTick(dt) on the agent's own clock, dt being the simulated time since the previous
 * tick (or since start). The first tick comes one (jittered) interval after start, so agents
 * with jitter do not start in lockstep.
 */
export function startTicks(scheduler: VirtualScheduler, opts: TickOptions, onTick: (dt: number) => void): Subscription {
  return new CallbackClock(scheduler, onTick).startTicks(opts);
}

/** A running clock of startTickClock: its subscription, and its state for snapshots. */
export interface TickClock {
  /** Unsubscribe to stop the clock. */
  readonly subscription: Subscription;
  /** The clock's state now (see Ticking.saveTicks). */
  saveTicks(): TickState;
  /** Sets the state saved by saveTicks. */
  loadTicks(s: TickState): void;
}

/** startTicks, keeping the clock's handle (an engine that snapshots its clocks needs it). */
export function startTickClock(scheduler: VirtualScheduler, opts: TickOptions, onTick: (dt: number) => void): TickClock {
  const c = new CallbackClock(scheduler, onTick);
  return Object.assign(c, { subscription: c.startTicks(opts) });
}

/**
 * What a clock holds between ticks, besides its pending tick (the scheduler's) and its substream
 * (the engine's): whether the first tick is still to come (1: its dt is one period) and the time
 * of the last tick. Its period and jitter come from the build.
 */
export type TickState = [first: number, last: number];

/**
 * An agent with its own clock (startTicks as a base class): the clock's state lives in the
 * agent and the scheduler action carries the agent, so an agent costs one object and one
 * action, with no closure. Subclasses call startTicks(opts) once, when built.
 */
export abstract class Ticking {
  private period = 0;
  private jitter = 0;
  private rng: Rng | undefined = undefined;
  private first = false;
  private last = 0;

  constructor(protected readonly scheduler: VirtualScheduler) {}

  /** One tick, dt the simulated time since the previous one (one period for the first). */
  abstract onTick(dt: number): void;

  protected startTicks(opts: TickOptions): Subscription {
    const { period } = opts;
    const jitter = opts.jitter ?? 0;
    if (!(period > 0) || !Number.isFinite(period)) throw new RangeError(`tick period must be > 0, got ${period}`);
    if (!(jitter >= 0 && jitter < 1)) throw new RangeError(`tick jitter must be in [0, 1), got ${jitter}`);
    if (jitter > 0 && opts.rng === undefined) throw new RangeError('tick jitter needs the agent rng');
    const offset = opts.offset;
    if (offset !== undefined && !(offset >= 0 && Number.isFinite(offset))) throw new RangeError(`tick offset must be finite and >= 0, got ${offset}`);
    this.period = period;
    this.jitter = jitter;
    this.rng = jitter > 0 ? opts.rng : undefined;
    this.first = offset !== undefined;
    this.last = this.scheduler.now();
    const action = this.scheduler.schedule(tick, offset ?? this.interval(), this);
    // Its pending tick is part of a snapshot; its state (this agent) is the engine's to save.
    this.scheduler.restorable(action);
    return action;
  }

  /** The clock's state for a snapshot. */
  saveTicks(): TickState {
    return [this.first ? 1 : 0, this.last];
  }

  /** Sets a state saved by saveTicks (restoring a snapshot into a freshly built agent). */
  loadTicks(s: TickState): void {
    this.first = s[0] === 1;
    this.last = s[1];
  }

  private interval(): number {
    return this.rng === undefined ? this.period : this.period * (1 + this.jitter * (2 * this.rng.uniform() - 1));
  }

  /** @internal the scheduler action's work (shared by all agents). */
  static tick(agent: Ticking): number {
    const now = agent.scheduler.now();
    const dt = agent.first ? agent.period : now - agent.last;
    agent.first = false;
    agent.last = now;
    agent.onTick(dt);
    return agent.interval();
  }
}

function tick(this: SchedulerAction<Ticking>, agent?: Ticking): void {
  this.schedule(agent, Ticking.tick(agent!));
}

class CallbackClock extends Ticking {
  constructor(
    scheduler: VirtualScheduler,
    private readonly onTickFn: (dt: number) => void,
  ) {
    super(scheduler);
  }

  onTick(dt: number): void {
    this.onTickFn(dt);
  }

  override startTicks(opts: TickOptions): Subscription {
    return super.startTicks(opts);
  }
}
