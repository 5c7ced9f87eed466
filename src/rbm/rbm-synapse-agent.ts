import { BehaviorSubject, Observable, Subscription } from 'rxjs';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { Contribution } from '../nodes/node-dynamics';
import { DivergenceError } from '../errors';
import { Coupling, SynapseRule, contribution } from '../synapses/synapse-rule';
import { stepTicks } from './step-ticks';

/**
 * The RBM coupling between a visible unit (end a) and a hidden unit (end b): local signal
 * s = dE/dw = -v h, and each end receives w times the other end's state as its field.
 */
export const rbmCoupling: Coupling = {
  name: 'rbm',
  signal: (_w, v, h) => -(v * h),
  g: () => 0,
  i: (w, _self, other) => w * other,
};

export interface RbmSynapseConfig<P> {
  id: string;
  rule: SynapseRule<P>;
  params: P;
  w0: number;
  scheduler: VirtualScheduler;
  /** Learning ticks: offset, then every period. */
  offset: number;
  period?: number;
  /** Visible end (or a constant 1 for a bias) and hidden end. */
  a$: Observable<number>;
  b$: Observable<number>;
  /** Only if the rule declares 'modulator'. */
  modulator$?: Observable<number>;
}

export interface RbmSynapseAgent {
  readonly id: string;
  readonly toA$: Observable<Contribution>;
  readonly toB$: Observable<Contribution>;
  weight(): number;
  stop(): void;
}

/**
 * A synapse of a stochastic network. Unlike the relaxation synapse it transmits at once: its
 * contribution to each end follows the other end's state as it changes (a unit's field must be
 * current when it samples), while learning runs on the synapse's own clock with the pure rule,
 * reading only its two endpoints and, if declared, the modulator.
 */
export function rbmSynapseAgent<P>(cfg: RbmSynapseConfig<P>): RbmSynapseAgent {
  const { id, rule, params, scheduler } = cfg;
  const wantsMod = rule.reads.includes('modulator');
  if (wantsMod !== (cfg.modulator$ !== undefined)) {
    throw new Error(`synapse ${id}: rule ${rule.name} ${wantsMod ? 'reads a modulator but none was given' : 'does not declare a modulator'}`);
  }
  const x = new Float64Array(rule.stateSize);
  rule.init(x, 0, cfg.w0, params);
  let va = NaN;
  let vb = NaN;
  let m = 0;
  const toA$ = new BehaviorSubject<Contribution>({ g: 0, i: 0 });
  const toB$ = new BehaviorSubject<Contribution>({ g: 0, i: 0 });
  const subs = new Subscription();
  subs.add(
    cfg.a$.subscribe((v) => {
      va = v;
      toB$.next(contribution(rbmCoupling, x[0], vb, va));
    }),
  );
  subs.add(
    cfg.b$.subscribe((v) => {
      vb = v;
      toA$.next(contribution(rbmCoupling, x[0], va, vb));
    }),
  );
  if (Number.isNaN(va) || Number.isNaN(vb)) throw new Error(`synapse ${id}: endpoint streams must carry a current value on subscribe`);
  if (cfg.modulator$) subs.add(cfg.modulator$.subscribe((c) => (m = c)));
  subs.add(
    stepTicks(scheduler, cfg.offset, cfg.period ?? 1, () => {
      const w0 = x[0];
      rule.step(x, 0, rbmCoupling.signal(w0, va, vb), m, 1, params);
      const w = x[0];
      if (!Number.isFinite(w)) throw new DivergenceError(`synapse ${id}`, scheduler.now(), w);
      if (w !== w0) {
        toA$.next(contribution(rbmCoupling, w, va, vb));
        toB$.next(contribution(rbmCoupling, w, vb, va));
      }
    }),
  );
  return {
    id,
    toA$: toA$.asObservable(),
    toB$: toB$.asObservable(),
    weight: () => x[0],
    stop: () => {
      subs.unsubscribe();
      toA$.complete();
      toB$.complete();
    },
  };
}
