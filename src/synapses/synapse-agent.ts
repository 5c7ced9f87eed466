import { Observable, Subject, Subscription } from '../rx';
import { Cell, CellSink } from '../streams/cell';
import { Ticking, TickOptions } from '../scheduler/agent-clock';
import { ContributionPort } from '../nodes/contribution-port';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { Contribution } from '../nodes/node-dynamics';
import { DivergenceError } from '../errors';
import { Coupling, SynapseRule } from './synapse-rule';

/**
 * What a synapse agent is built from: coupling, rule and parameters, initial weight, endpoints'
 * streams, scheduler and clock.
 */
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

/** A running synapse agent: weight and signal streams, its rule state and stop(). */
export interface SynapseAgent {
  readonly id: string;
  /** Weight after each tick. */
  readonly weight$: Observable<number>;
  /** Local signal s after each tick. */
  readonly signal$: Observable<number>;
  /** What it delivers to endpoint a / b: the current value on subscribe, then each tick. */
  readonly toA$: Observable<Contribution>;
  readonly toB$: Observable<Contribution>;
  /** The current weight. */
  weight(): number;
  /** The rule state vector (weight first); a copy. */
  ruleState(): Float64Array;
  /** Stops the agent's learning clock and completes its streams. */
  stop(): void;
  /**
   * Its state for a snapshot: the rule state, the endpoints as it sees them and senses them, the
   * modulator, its clock, and what it last delivered to each end. Its substream is the engine's.
   */
  saveState(): number[];
  /**
   * Sets a state saved by saveState (restoring a snapshot): what it delivers is written to its
   * ends' readers, no listener of its endpoints reacts.
   */
  loadState(s: ArrayLike<number>): void;
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

const BY_EVENT = 1;
const STARTED = 2;
const CONDUCTS = BY_EVENT | STARTED;
const STOPPED = 4;
const SENSES_A = 8;
const SENSES_B = 16;

/** The weight and signal streams, made when first asked for. */
interface Probes {
  weight: Subject<number>;
  signal: Subject<number>;
  weight$: Observable<number>;
  signal$: Observable<number>;
}

/**
 * Rule states are views into shared 8 KB blocks, one disjoint view per agent: a Float64Array
 * with its own buffer costs ~240 bytes, a view ~100. Fresh views are zero, like a new array.
 */
const BLOCK = 1024;
let block = new Float64Array(0);
let used = 0;

function ownState(size: number): Float64Array {
  if (size > BLOCK / 8) return new Float64Array(size);
  if (used + size > block.length) {
    block = new Float64Array(BLOCK);
    used = 0;
  }
  return block.subarray(used, (used += size));
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
class Synapse<P> extends Ticking implements SynapseAgent, CellSink<number> {
  readonly id: string;
  readonly toA$: ContributionPort;
  readonly toB$: ContributionPort;
  private readonly coupling: Coupling;
  private readonly rule: SynapseRule<P>;
  private readonly params: P;
  private readonly x: Float64Array;
  private flags: number;
  // The endpoints as they are (conduction) and as the rule senses them (learning).
  private va = NaN;
  private vb = NaN;
  private sa: number;
  private sb: number;
  private m = 0;
  private probes: Probes | undefined = undefined;
  /** The endpoint cells listened to without a subscription (the engine's own node states). */
  private readonly cellA: Cell<number> | undefined;
  private readonly cellB: Cell<number> | undefined;
  private readonly sinkB: EndpointB;
  /** RxJS subscriptions, if any (other endpoint streams, senses, modulator). */
  private subs: Subscription[] | undefined = undefined;
  private readonly clock: Subscription;

  constructor(cfg: SynapseAgentConfig<P>) {
    super(cfg.scheduler);
    const { id, coupling, rule, params } = cfg;
    this.id = id;
    this.coupling = coupling;
    this.rule = rule;
    this.params = params;
    const x = (this.x = ownState(rule.stateSize));
    rule.init(x, 0, cfg.w0, params);
    const sensesA = cfg.senseA$ !== undefined;
    const sensesB = cfg.senseB$ !== undefined;
    this.flags = ((cfg.conduction ?? 'event') === 'event' ? BY_EVENT : 0) | (sensesA ? SENSES_A : 0) | (sensesB ? SENSES_B : 0);
    this.sinkB = new EndpointB(this as Synapse<unknown>);
    const a$ = cfg.a$;
    const b$ = cfg.b$;
    if (a$ instanceof Cell) (this.cellA = a$ as Cell<number>).attach(this);
    else this.listen(a$.subscribe((v) => this.next(v)));
    if (b$ instanceof Cell) (this.cellB = b$ as Cell<number>).attach(this.sinkB);
    else this.listen(b$.subscribe((v) => this.onB(v)));
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
    this.flags |= STARTED;
    this.clock = this.startTicks(cfg.clock);
  }

  private listen(s: Subscription): void {
    (this.subs ??= []).push(s);
  }

  get weight$(): Observable<number> {
    return this.probe().weight$;
  }

  get signal$(): Observable<number> {
    return this.probe().signal$;
  }

  private probe(): Probes {
    if (this.probes !== undefined) return this.probes;
    const weight = new Subject<number>();
    const signal = new Subject<number>();
    if (this.flags & STOPPED) {
      weight.complete();
      signal.complete();
    }
    return (this.probes = { weight, signal, weight$: weight.asObservable(), signal$: signal.asObservable() });
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
    if (v === this.va || this.flags & STOPPED) return;
    this.va = v;
    if ((this.flags & CONDUCTS) === CONDUCTS) this.conduct();
  }

  onB(v: number): void {
    if (v === this.vb || this.flags & STOPPED) return;
    this.vb = v;
    if ((this.flags & CONDUCTS) === CONDUCTS) this.conduct();
  }

  onTick(dt: number): void {
    const { coupling, x } = this;
    const f = this.flags;
    const s = coupling.signal(x[0], f & SENSES_A ? this.sa : this.va, f & SENSES_B ? this.sb : this.vb);
    this.rule.step(x, 0, s, this.m, dt, this.params);
    const w = x[0];
    if (!Number.isFinite(w)) throw new DivergenceError(`synapse ${this.id}`, this.scheduler.now(), w);
    // Probes only: skip the work when nobody listens (most synapses, most of the time).
    const p = this.probes;
    if (p !== undefined) {
      if (p.signal.observed) p.signal.next(s);
      if (p.weight.observed) p.weight.next(w);
    }
    this.conduct();
  }

  weight(): number {
    return this.x[0];
  }

  saveState(): number[] {
    const a = this.toA$.current;
    const b = this.toB$.current;
    return [...this.x, this.va, this.vb, this.sa, this.sb, this.m, ...this.saveTicks(), a.g, a.i, b.g, b.i];
  }

  loadState(s: ArrayLike<number>): void {
    const S = this.x.length;
    for (let k = 0; k < S; k++) this.x[k] = s[k];
    this.va = s[S];
    this.vb = s[S + 1];
    this.sa = s[S + 2];
    this.sb = s[S + 3];
    this.m = s[S + 4];
    this.loadTicks([s[S + 5], s[S + 6]]);
    // The ends' readers are node agents' slots (or subscribers, if the wiring gave none).
    this.toA$.set(s[S + 7], s[S + 8]);
    this.toB$.set(s[S + 9], s[S + 10]);
  }

  ruleState(): Float64Array {
    return this.x.slice();
  }

  stop(): void {
    this.cellA?.detach(this);
    this.cellB?.detach(this.sinkB);
    for (const s of this.subs ?? []) s.unsubscribe();
    this.clock.unsubscribe();
    this.flags |= STOPPED;
    this.probes?.weight.complete();
    this.probes?.signal.complete();
    this.toA$.complete();
    this.toB$.complete();
  }
}
