import { Observable, Subscription } from 'rxjs';
import { Cell } from '../streams/cell';
import { Ticking, TickOptions } from '../scheduler/agent-clock';
import { ContributionPort } from './contribution-port';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { ClampSignal } from '../streams/clamp-signal';
import { DivergenceError } from '../errors';
import { Contribution, Draws, NodeDynamics, NodeInput } from './node-dynamics';

/**
 * What a node agent is built from: its dynamics and parameters, initial state, the scheduler and
 * its clock, and its input streams.
 */
export interface NodeAgentConfig<P> {
  id: string;
  dynamics: NodeDynamics<P>;
  params: P;
  initial: number;
  scheduler: VirtualScheduler;
  /** The agent's own clock (period, jitter, its own rng). */
  clock: TickOptions;
  /** One stream per incident synapse, if the dynamics reads contributions. */
  contributions?: Observable<Contribution>[];
  /** The clamp clock as this node sees it, if the dynamics reads clamp. */
  clamp?: Observable<ClampSignal>;
  /** The imposed value (source voltage, output target), if the dynamics reads drive. */
  drive?: Observable<number>;
  /** The node's own substream for its draws, if the dynamics draws. */
  draws?: Draws;
}

/** A running node agent: its state stream, its latest value and stop(). */
export interface NodeAgent {
  readonly id: string;
  /** The node's state: the current value on subscribe, then every update. */
  readonly state$: Observable<number>;
  /** Latest published state (for probes). */
  value(): number;
  /** Stops the agent's clock and completes its state stream. */
  stop(): void;
  /**
   * Its state for a snapshot: value, the inputs it holds (g, i, beta, drive) and its clock. What
   * its synapses deliver is theirs to save; its substreams are the engine's.
   */
  saveState(): number[];
  /** Sets a state saved by saveState, notifying nobody (restoring a snapshot). */
  loadState(s: ArrayLike<number>): void;
}

/** How many numbers NodeAgent.saveState returns. */
export const NODE_STATE_SIZE = 7;

/**
 * A node agent: keeps the latest value of each declared input stream and, on its own clock,
 * integrates its dynamics over the elapsed time and publishes the new state. It is built from
 * its streams and parameters only (design rule 1).
 */
export function nodeAgent<P>(cfg: NodeAgentConfig<P>): NodeAgent {
  checkDeclared(cfg.id, cfg.dynamics.reads, cfg);
  if (cfg.dynamics.draws && cfg.draws === undefined) throw new Error(`node ${cfg.id}: dynamics ${cfg.dynamics.name} draws, but no substream was given`);
  return new Node(cfg);
}

/**
 * The agent's state in one object (methods on the prototype, no closure per agent): at 1e4+
 * agents the per-agent closures and RxJS subscriber chains were most of the engine's memory.
 */
class Node<P> extends Ticking implements NodeAgent {
  readonly id: string;
  readonly state$: Cell<number>;
  private readonly dynamics: NodeDynamics<P>;
  private readonly params: P;
  private readonly draws: Draws | undefined;
  private readonly input: NodeInput = { g: 0, i: 0, beta: 0, drive: 0 };
  /** The latest (g, i) of each incident synapse k, at [2k, 2k + 1]. */
  private readonly slots: number[];
  private readonly contribs: readonly Observable<Contribution>[];
  private v: number;
  /** RxJS subscriptions, if any (clamp, drive, inputs that are not the engine's own streams). */
  private subs: Subscription[] | undefined = undefined;
  private readonly clock: Subscription;

  constructor(cfg: NodeAgentConfig<P>) {
    super(cfg.scheduler);
    this.id = cfg.id;
    this.dynamics = cfg.dynamics;
    this.params = cfg.params;
    this.draws = cfg.draws;
    this.v = cfg.initial;
    this.state$ = new Cell<number>(cfg.initial);
    const contribs = (this.contribs = cfg.contributions ?? []);
    const slots = (this.slots = new Array<number>(2 * contribs.length).fill(0));
    contribs.forEach((c$, k) => {
      if (c$ instanceof ContributionPort && c$.attachSlots(slots, 2 * k)) return;
      this.listen(
        c$.subscribe((c) => {
          slots[2 * k] = c.g;
          slots[2 * k + 1] = c.i;
        }),
      );
    });
    const input = this.input;
    if (cfg.clamp)
      this.listen(
        cfg.clamp.subscribe((s) => {
          input.beta = s.beta;
          this.react();
        }),
      );
    if (cfg.drive)
      this.listen(
        cfg.drive.subscribe((d) => {
          input.drive = d;
          this.react();
        }),
      );
    this.clock = this.startTicks(cfg.clock);
  }

  private listen(s: Subscription): void {
    (this.subs ??= []).push(s);
  }

  value(): number {
    return this.v;
  }

  onTick(dt: number): void {
    const slots = this.slots;
    let sg = 0;
    let si = 0;
    for (let k = 0; k < slots.length; k += 2) {
      sg += slots[k];
      si += slots[k + 1];
    }
    const input = this.input;
    input.g = sg;
    input.i = si;
    this.publish(this.dynamics.step(this.v, input, dt, this.params, this.draws));
  }

  saveState(): number[] {
    const { input } = this;
    return [this.v, input.g, input.i, input.beta, input.drive, ...this.saveTicks()];
  }

  loadState(s: ArrayLike<number>): void {
    this.v = s[0];
    this.state$.reset(s[0]);
    const { input } = this;
    input.g = s[1];
    input.i = s[2];
    input.beta = s[3];
    input.drive = s[4];
    this.loadTicks([s[5], s[6]]);
  }

  /** Dynamics that react to their clamp or drive at once (onInput) do so on each change. */
  private react(): void {
    if (!this.dynamics.onInput) return;
    const next = this.dynamics.onInput(this.v, this.input, this.params);
    if (next !== this.v) this.publish(next);
  }

  private publish(next: number): void {
    if (!Number.isFinite(next)) throw new DivergenceError(`node ${this.id}`, this.scheduler.now(), next);
    this.v = next;
    this.state$.next(next);
  }

  stop(): void {
    for (const s of this.subs ?? []) s.unsubscribe();
    this.clock.unsubscribe();
    for (const c$ of this.contribs) if (c$ instanceof ContributionPort) c$.detachSlots(this.slots);
    this.state$.complete();
  }
}

function checkDeclared<P>(id: string, reads: readonly string[], cfg: NodeAgentConfig<P>): void {
  const given: [string, unknown][] = [
    ['contributions', cfg.contributions],
    ['clamp', cfg.clamp],
    ['drive', cfg.drive],
  ];
  for (const [name, stream] of given) {
    const declared = reads.includes(name);
    if (declared && stream === undefined) {
      throw new Error(`node ${id}: dynamics ${cfg.dynamics.name} reads ${name} but no ${name} stream was given`);
    }
    if (!declared && stream !== undefined) {
      throw new Error(`node ${id}: dynamics ${cfg.dynamics.name} does not declare ${name}, so it may not receive it`);
    }
  }
}
