import { BehaviorSubject, Observable, Subscription } from 'rxjs';
import { Rng } from '../scheduler/random';
import { startTicks } from '../scheduler/agent-clock';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { ClampSignal } from '../streams/clamp-signal';
import { Contribution } from '../nodes/node-dynamics';
import { bernoulliUnit } from './gibbs';
import { stepTicks } from './step-ticks';

export interface UnitAgentConfig {
  id: string;
  scheduler: VirtualScheduler;
  /** The unit's own substream: one uniform draw per free tick. */
  rng: Rng;
  /** First tick time; the unit then ticks every `period`. */
  offset: number;
  period?: number;
  /**
   * Relative jitter of each tick interval (0 <= jitter < 1, from `tickRng`): the unit then ticks
   * on its own irregular clock, and the network does asynchronous single-site Gibbs sampling.
   */
  jitter?: number;
  tickRng?: Rng;
  /** One stream per incident synapse: its contribution w * (other end's state) in `i`. */
  fields: Observable<Contribution>[];
  /** Visible units: the clamp clock. While z = 1 the unit holds the drive value. */
  clamp?: Observable<ClampSignal>;
  /** Visible units: the datum value this unit is clamped to. */
  drive?: Observable<number>;
  initial?: 0 | 1;
}

export interface UnitAgent {
  readonly id: string;
  /** The unit's state: its current value on subscribe, then every change. */
  readonly state$: Observable<number>;
  value(): number;
  stop(): void;
}

/**
 * A stochastic binary unit as an agent. On its own clock it sums the latest contributions of
 * its synapses and samples its state with `bernoulliUnit` from its own substream. A clamped
 * unit takes the datum the moment the clock clamps it, and holds it (no draws) until the clock
 * frees it: the clock, not the unit, decides the phase.
 */
export function unitAgent(cfg: UnitAgentConfig): UnitAgent {
  const { id, scheduler, rng } = cfg;
  if ((cfg.clamp === undefined) !== (cfg.drive === undefined)) {
    throw new Error(`unit ${id}: a clamped unit needs both a clamp stream and a drive stream`);
  }
  const g = new Float64Array(cfg.fields.length);
  let x: number = cfg.initial ?? 0;
  let clamped = false;
  let datum = 0;
  const state = new BehaviorSubject<number>(x);
  const publish = (nx: number) => {
    if (nx === x) return;
    x = nx;
    state.next(x);
  };
  const subs = new Subscription();
  cfg.fields.forEach((f$, k) => subs.add(f$.subscribe((c) => (g[k] = c.i))));
  if (cfg.clamp && cfg.drive) {
    subs.add(
      cfg.clamp.subscribe((s) => {
        clamped = s.z === 1;
        if (clamped) publish(datum);
      }),
    );
    subs.add(
      cfg.drive.subscribe((d) => {
        datum = d;
        if (clamped) publish(datum);
      }),
    );
  }
  const tick = () => {
    if (clamped) return;
    let f = 0;
    for (let k = 0; k < g.length; k++) f += g[k];
    publish(bernoulliUnit.step(f, rng.uniform()));
  };
  const jitter = cfg.jitter ?? 0;
  subs.add(
    jitter > 0
      ? startTicks(scheduler, { period: cfg.period ?? 1, jitter, rng: cfg.tickRng }, tick)
      : stepTicks(scheduler, cfg.offset, cfg.period ?? 1, tick),
  );
  return {
    id,
    state$: state.asObservable(),
    value: () => x,
    stop: () => {
      subs.unsubscribe();
      state.complete();
    },
  };
}
