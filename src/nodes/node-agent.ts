import { Observable, Subscription } from 'rxjs';
import { Cell } from '../streams/cell';
import { startTicks, TickOptions } from '../scheduler/agent-clock';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { ClampSignal } from '../streams/clamp-signal';
import { DivergenceError } from '../errors';
import { Contribution, Draws, NodeDynamics, NodeInput } from './node-dynamics';

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

export interface NodeAgent {
  readonly id: string;
  /** The node's state: the current value on subscribe, then every update. */
  readonly state$: Observable<number>;
  /** Latest published state (for probes). */
  value(): number;
  stop(): void;
}

/**
 * A node agent: keeps the latest value of each declared input stream and, on its own clock,
 * integrates its dynamics over the elapsed time and publishes the new state. It is built from
 * its streams and parameters only (design rule 1).
 */
export function nodeAgent<P>(cfg: NodeAgentConfig<P>): NodeAgent {
  const { id, dynamics, params, scheduler } = cfg;
  checkDeclared(id, dynamics.reads, cfg);
  const contribs = cfg.contributions ?? [];
  const g = new Float64Array(contribs.length);
  const cur = new Float64Array(contribs.length);
  const input: NodeInput = { g: 0, i: 0, beta: 0, drive: 0 };
  const state = new Cell<number>(cfg.initial);
  let v = cfg.initial;
  const subs = new Subscription();

  contribs.forEach((c$, k) =>
    subs.add(
      c$.subscribe((c) => {
        g[k] = c.g;
        cur[k] = c.i;
      }),
    ),
  );
  if (dynamics.draws && cfg.draws === undefined) throw new Error(`node ${id}: dynamics ${dynamics.name} draws, but no substream was given`);
  const publish = (next: number) => {
    if (!Number.isFinite(next)) throw new DivergenceError(`node ${id}`, scheduler.now(), next);
    v = next;
    state.next(v);
  };
  // Dynamics that react to their clamp or drive at once (onInput) do so on each change.
  const react = dynamics.onInput
    ? () => {
        const next = dynamics.onInput!(v, input, params);
        if (next !== v) publish(next);
      }
    : () => undefined;
  if (cfg.clamp)
    subs.add(
      cfg.clamp.subscribe((s) => {
        input.beta = s.beta;
        react();
      }),
    );
  if (cfg.drive)
    subs.add(
      cfg.drive.subscribe((d) => {
        input.drive = d;
        react();
      }),
    );

  subs.add(
    startTicks(scheduler, cfg.clock, (dt) => {
      let sg = 0;
      let si = 0;
      for (let k = 0; k < g.length; k++) {
        sg += g[k];
        si += cur[k];
      }
      input.g = sg;
      input.i = si;
      publish(dynamics.step(v, input, dt, params, cfg.draws));
    }),
  );

  return {
    id,
    state$: state,
    value: () => v,
    stop: () => {
      subs.unsubscribe();
      state.complete();
    },
  };
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
