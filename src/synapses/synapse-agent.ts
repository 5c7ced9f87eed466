import { Observable, Subject, Subscription } from 'rxjs';
import { Cell } from '../streams/cell';
import { startTicks, TickOptions } from '../scheduler/agent-clock';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { Contribution } from '../nodes/node-dynamics';
import { DivergenceError } from '../errors';
import { Coupling, SynapseRule, contribution } from './synapse-rule';

export interface SynapseAgentConfig<P> {
  id: string;
  coupling: Coupling;
  rule: SynapseRule<P>;
  params: P;
  w0: number;
  scheduler: VirtualScheduler;
  clock: TickOptions;
  /** State streams of the two endpoints (the physics: conduction follows them). */
  a$: Observable<number>;
  b$: Observable<number>;
  /**
   * How the rule senses its endpoints, if not exactly (a seeded delayed, jittered or lossy view
   * of a$ / b$). Only the learning signal reads these; conduction always follows a$ / b$.
   */
  senseA$?: Observable<number>;
  senseB$?: Observable<number>;
  /**
   * When the contributions follow the endpoints. 'event' (default): on every change of an
   * endpoint's state, and after each learning step: the synapse conducts like a wire, so the
   * network relaxes at the speed of its nodes, whatever the learning clock. 'tick': only on the
   * synapse's own tick, for substrates defined as a synchronous map in which every unit reads
   * the previous sweep's states (the layered Hopfield network's relaxation).
   */
  conduction?: 'event' | 'tick';
  /** Only if the rule declares 'modulator'. */
  modulator$?: Observable<number>;
  /**
   * Where to publish the contributions to a and b, if the wiring created them before the
   * synapse (nodes are built first and subscribe to them); default: the agent's own.
   */
  outputs?: { toA: Cell<Contribution>; toB: Cell<Contribution> };
}

export interface SynapseAgent {
  readonly id: string;
  /** Weight after each tick. */
  readonly weight$: Observable<number>;
  /** Local signal s after each tick. */
  readonly signal$: Observable<number>;
  /** What it delivers to endpoint a / b: the current value on subscribe, then each tick. */
  readonly toA$: Observable<Contribution>;
  readonly toB$: Observable<Contribution>;
  weight(): number;
  /** The rule state vector (weight first); a copy. */
  ruleState(): Float64Array;
  stop(): void;
}

/**
 * A synapse agent: conducts and learns. Conduction (its contribution to each endpoint) follows
 * its endpoints' states as they change; on its own learning clock it computes its local signal
 * from the endpoints as it senses them, runs its rule and publishes its weight. It never sees
 * the network: only the streams it is given (design rule 1).
 */
export function synapseAgent<P>(cfg: SynapseAgentConfig<P>): SynapseAgent {
  const { id, coupling, rule, params, scheduler } = cfg;
  const wantsMod = rule.reads.includes('modulator');
  if (wantsMod && cfg.modulator$ === undefined) {
    throw new Error(`synapse ${id}: rule ${rule.name} reads modulator but no modulator stream was given`);
  }
  if (!wantsMod && cfg.modulator$ !== undefined) {
    throw new Error(`synapse ${id}: rule ${rule.name} does not declare modulator, so it may not receive it`);
  }
  const x = new Float64Array(rule.stateSize);
  rule.init(x, 0, cfg.w0, params);
  const byEvent = (cfg.conduction ?? 'event') === 'event';
  // The endpoints as they are (conduction) and as the rule senses them (learning).
  let va = NaN;
  let vb = NaN;
  let m = 0;
  let started = false;
  const subs = new Subscription();
  const conduct = () => {
    toA$.next(contribution(coupling, x[0], va, vb));
    toB$.next(contribution(coupling, x[0], vb, va));
  };
  // An endpoint that republishes an unchanged state (a held source) costs no conduction.
  const onA = (v: number) => {
    if (v === va) return;
    va = v;
    if (byEvent && started) conduct();
  };
  const onB = (v: number) => {
    if (v === vb) return;
    vb = v;
    if (byEvent && started) conduct();
  };
  subs.add(cfg.a$.subscribe(onA));
  subs.add(cfg.b$.subscribe(onB));
  const sensesA = cfg.senseA$ !== undefined;
  const sensesB = cfg.senseB$ !== undefined;
  let sa = sensesA ? NaN : 0;
  let sb = sensesB ? NaN : 0;
  if (sensesA) subs.add(cfg.senseA$!.subscribe((v) => (sa = v)));
  if (sensesB) subs.add(cfg.senseB$!.subscribe((v) => (sb = v)));
  if (cfg.modulator$) subs.add(cfg.modulator$.subscribe((v) => (m = v)));
  if (Number.isNaN(va) || Number.isNaN(vb) || Number.isNaN(sa) || Number.isNaN(sb)) {
    throw new Error(`synapse ${id}: endpoint streams must carry a current value on subscribe`);
  }

  const weight$ = new Subject<number>();
  const signal$ = new Subject<number>();
  const toA$ = cfg.outputs?.toA ?? new Cell<Contribution>(contribution(coupling, x[0], va, vb));
  const toB$ = cfg.outputs?.toB ?? new Cell<Contribution>(contribution(coupling, x[0], vb, va));
  if (cfg.outputs) conduct();
  started = true;

  subs.add(
    startTicks(scheduler, cfg.clock, (dt) => {
      const s = coupling.signal(x[0], sensesA ? sa : va, sensesB ? sb : vb);
      rule.step(x, 0, s, m, dt, params);
      const w = x[0];
      if (!Number.isFinite(w)) throw new DivergenceError(`synapse ${id}`, scheduler.now(), w);
      // Probes only: skip the work when nobody listens (most synapses, most of the time).
      if (signal$.observed) signal$.next(s);
      if (weight$.observed) weight$.next(w);
      conduct();
    }),
  );

  return {
    id,
    weight$: weight$.asObservable(),
    signal$: signal$.asObservable(),
    toA$,
    toB$,
    weight: () => x[0],
    ruleState: () => x.slice(),
    stop: () => {
      subs.unsubscribe();
      weight$.complete();
      signal$.complete();
      toA$.complete();
      toB$.complete();
    },
  };
}
