import { Observable, Subject, Subscription } from 'rxjs';
import { Cell, CellSink } from '../streams/cell';
import { tickTarget, TickOptions, TickTarget } from '../scheduler/agent-clock';
import { ContributionPort } from '../nodes/contribution-port';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { Contribution } from '../nodes/node-dynamics';
import { DivergenceError } from '../errors';
import { Coupling, SynapseRule } from './synapse-rule';

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
  outputs?: { toA: ContributionPort; toB: ContributionPort };
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
  const wantsMod = cfg.rule.reads.includes('modulator');
  if (wantsMod && cfg.modulator$ === undefined) {
    throw new Error(`synapse ${cfg.id}: rule ${cfg.rule.name} reads modulator but no modulator stream was given`);
  }
  if (!wantsMod && cfg.modulator$ !== undefined) {
    throw new Error(`synapse ${cfg.id}: rule ${cfg.rule.name} does not declare modulator, so it may not receive it`);
  }
  return new Synapse(cfg);
}

/** Endpoint b's listener (the agent itself listens to a): one small object, no closure. */
class EndpointB implements CellSink<number> {
  constructor(private readonly agent: Synapse<unknown>) {}

  next(v: number): void {
    this.agent.onB(v);
  }
}

/**
 * The agent's state in one object (methods on the prototype, no closure per agent). Its weight
 * and signal streams are made when first asked for: most synapses are never probed. Its
 * contributions are ContributionPorts: a publish writes four numbers and allocates nothing.
 */
class Synapse<P> implements SynapseAgent, TickTarget, CellSink<number> {
  readonly id: string;
  readonly toA$: ContributionPort;
  readonly toB$: ContributionPort;
  private readonly coupling: Coupling;
  private readonly rule: SynapseRule<P>;
  private readonly params: P;
  private readonly scheduler: VirtualScheduler;
  private readonly x: Float64Array;
  private readonly byEvent: boolean;
  // The endpoints as they are (conduction) and as the rule senses them (learning).
  private va = NaN;
  private vb = NaN;
  private sa: number;
  private sb: number;
  private m = 0;
  private readonly sensesA: boolean;
  private readonly sensesB: boolean;
  private started = false;
  private stopped = false;
  private weightS: Subject<number> | undefined = undefined;
  private signalS: Subject<number> | undefined = undefined;
  private weightO: Observable<number> | undefined = undefined;
  private signalO: Observable<number> | undefined = undefined;
  /** The endpoint cells listened to without a subscription (the engine's own node states). */
  private readonly cellA: Cell<number> | undefined;
  private readonly cellB: Cell<number> | undefined;
  private readonly sinkB: EndpointB;
  /** RxJS subscriptions, if any (other endpoint streams, senses, modulator). */
  private subs: Subscription[] | undefined = undefined;
  private readonly clock: Subscription;

  constructor(cfg: SynapseAgentConfig<P>) {
    const { id, coupling, rule, params } = cfg;
    this.id = id;
    this.coupling = coupling;
    this.rule = rule;
    this.params = params;
    this.scheduler = cfg.scheduler;
    const x = (this.x = new Float64Array(rule.stateSize));
    rule.init(x, 0, cfg.w0, params);
    this.byEvent = (cfg.conduction ?? 'event') === 'event';
    this.sinkB = new EndpointB(this as Synapse<unknown>);
    const a$ = cfg.a$;
    const b$ = cfg.b$;
    if (a$ instanceof Cell) (this.cellA = a$ as Cell<number>).attach(this);
    else this.listen(a$.subscribe((v) => this.next(v)));
    if (b$ instanceof Cell) (this.cellB = b$ as Cell<number>).attach(this.sinkB);
    else this.listen(b$.subscribe((v) => this.onB(v)));
    const sensesA = (this.sensesA = cfg.senseA$ !== undefined);
    const sensesB = (this.sensesB = cfg.senseB$ !== undefined);
    this.sa = sensesA ? NaN : 0;
    this.sb = sensesB ? NaN : 0;
    if (sensesA) this.listen(cfg.senseA$!.subscribe((v) => (this.sa = v)));
    if (sensesB) this.listen(cfg.senseB$!.subscribe((v) => (this.sb = v)));
    if (cfg.modulator$) this.listen(cfg.modulator$.subscribe((v) => (this.m = v)));
    if (Number.isNaN(this.va) || Number.isNaN(this.vb) || Number.isNaN(this.sa) || Number.isNaN(this.sb)) {
      throw new Error(`synapse ${id}: endpoint streams must carry a current value on subscribe`);
    }
    const w = x[0];
    const { va, vb } = this;
    this.toA$ = cfg.outputs?.toA ?? new ContributionPort(coupling.g(w, va, vb), coupling.i(w, va, vb));
    this.toB$ = cfg.outputs?.toB ?? new ContributionPort(coupling.g(w, vb, va), coupling.i(w, vb, va));
    if (cfg.outputs) this.conduct();
    this.started = true;
    this.clock = tickTarget(cfg.scheduler, cfg.clock, this);
  }

  private listen(s: Subscription): void {
    (this.subs ??= []).push(s);
  }

  get weight$(): Observable<number> {
    return (this.weightO ??= (this.weightS = this.subject()).asObservable());
  }

  get signal$(): Observable<number> {
    return (this.signalO ??= (this.signalS = this.subject()).asObservable());
  }

  private subject(): Subject<number> {
    const s = new Subject<number>();
    if (this.stopped) s.complete();
    return s;
  }

  /** One publish: what it delivers to both ends, from the weight and the endpoints' states. */
  private conduct(): void {
    const { coupling, va, vb } = this;
    const w = this.x[0];
    this.toA$.set(coupling.g(w, va, vb), coupling.i(w, va, vb));
    this.toB$.set(coupling.g(w, vb, va), coupling.i(w, vb, va));
  }

  /** Endpoint a's new state. An endpoint that republishes an unchanged state costs nothing. */
  next(v: number): void {
    if (v === this.va || this.stopped) return;
    this.va = v;
    if (this.byEvent && this.started) this.conduct();
  }

  onB(v: number): void {
    if (v === this.vb || this.stopped) return;
    this.vb = v;
    if (this.byEvent && this.started) this.conduct();
  }

  onTick(dt: number): void {
    const { coupling, x } = this;
    const s = coupling.signal(x[0], this.sensesA ? this.sa : this.va, this.sensesB ? this.sb : this.vb);
    this.rule.step(x, 0, s, this.m, dt, this.params);
    const w = x[0];
    if (!Number.isFinite(w)) throw new DivergenceError(`synapse ${this.id}`, this.scheduler.now(), w);
    // Probes only: skip the work when nobody listens (most synapses, most of the time).
    if (this.signalS?.observed) this.signalS.next(s);
    if (this.weightS?.observed) this.weightS.next(w);
    this.conduct();
  }

  weight(): number {
    return this.x[0];
  }

  ruleState(): Float64Array {
    return this.x.slice();
  }

  stop(): void {
    this.cellA?.detach(this);
    this.cellB?.detach(this.sinkB);
    for (const s of this.subs ?? []) s.unsubscribe();
    this.clock.unsubscribe();
    this.stopped = true;
    this.weightS?.complete();
    this.signalS?.complete();
    this.toA$.complete();
    this.toB$.complete();
  }
}
