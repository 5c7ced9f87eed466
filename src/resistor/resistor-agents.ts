import { Observable, merge, of, skip, take } from 'rxjs';
import { Cell } from '../streams/cell';

const noContribution: Contribution = { g: 0, i: 0 };
import { RandomSource } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { ClampSignal, Protocol } from '../streams/clamp-signal';
import { clampClock } from '../streams/clock';
import { constant } from '../streams/protocols';
import { Distortion, distort } from '../streams/operators';
import { Contribution } from '../nodes/node-dynamics';
import { NodeAgent, nodeAgent } from '../nodes/node-agent';
import { SynapseAgent, synapseAgent } from '../synapses/synapse-agent';
import { SynapseRule, fixedWeight } from '../synapses/synapse-rule';
import { ResistorNetwork } from './resistor-spec';
import { resistorCoupling, resistorNode, resistorOutputNode, voltageSource } from './resistor-physics';
import { Timing, agentClock, defaultTiming } from './timing';

export interface ResistorAgentsOptions<P> {
  scheduler: VirtualScheduler;
  random: RandomSource;
  timing?: Timing;
  /** The clamp protocol (default: constant 0, the free state). */
  protocol?: Protocol;
  /** An already running clock (from `clampClock`), shared with data streams; overrides protocol. */
  clock?: Observable<ClampSignal>;
  /** How each output node sees the clock (its own seeded distortion). */
  clockView?: Distortion;
  /** How each synapse sees its endpoints' states (its own seeded delays, drops, jitter). */
  endpointView?: Distortion;
  /** Learning rule of every edge (default: fixed conductances). */
  rule?: SynapseRule<P>;
  ruleParams?: P;
  /** Per-edge parameters (for instance a threshold calibrated per synapse); overrides ruleParams. */
  ruleParamsOf?: (edge: number) => P;
  /** Modulator the rule reads, derived from the clock (only for rules that declare it). */
  modulator?: (s: ClampSignal) => number;
  /** Source voltages over time, one stream per source (default: the spec's constants). */
  sourceDrives?: Observable<number>[];
  /** Output targets over time, one stream per output (default: the spec's constants). */
  targetDrives?: Observable<number>[];
  /** Initial voltages (default 0). */
  initial?: Float64Array;
}

export interface ResistorAgents {
  readonly nodes: NodeAgent[];
  readonly synapses: SynapseAgent[];
  readonly clock: Observable<ClampSignal>;
  voltages(): Float64Array;
  conductances(): Float64Array;
  stop(): void;
}

/**
 * Wires a resistor network as agents. This wiring layer is the only place that knows the
 * graph: each agent gets just its own streams, parameters and random substream.
 */
export function resistorAgents<P = Record<string, never>>(net: ResistorNetwork, opts: ResistorAgentsOptions<P>): ResistorAgents {
  const { scheduler, random } = opts;
  const timing = opts.timing ?? defaultTiming;
  const rule = (opts.rule ?? fixedWeight) as SynapseRule<P>;
  const ruleParams = (opts.ruleParams ?? {}) as P;
  const n = net.ids.length;
  const clock = opts.clock ?? clampClock(opts.protocol ?? constant({ beta: 0 }), { scheduler, rng: random.stream('clock') });

  // Each synapse end's output stream is created here, before the nodes that read it: nodes
  // are built first, and the synapse publishes into it once it exists (nothing flows before).
  const incoming: Cell<Contribution>[][] = Array.from({ length: n }, () => []);
  const outA: Cell<Contribution>[] = [];
  const outB: Cell<Contribution>[] = [];
  for (let e = 0; e < net.edgeA.length; e++) {
    const a = new Cell<Contribution>(noContribution);
    const b = new Cell<Contribution>(noContribution);
    outA.push(a);
    outB.push(b);
    incoming[net.edgeA[e]].push(a);
    incoming[net.edgeB[e]].push(b);
  }
  const sourceOf = new Map<number, Observable<number>>();
  sourceOf.set(net.ground, of(0));
  net.sources.forEach((i, j) => sourceOf.set(i, opts.sourceDrives?.[j] ?? of(net.sourceV[j])));
  const targetOf = new Map<number, Observable<number>>();
  net.outputs.forEach((i, j) => targetOf.set(i, opts.targetDrives?.[j] ?? of(net.targets[j])));

  const params = { tau: timing.tau };
  const nodes = net.ids.map((id, i) => {
    const rng = random.stream(`node:${id}`);
    const clk = agentClock(timing.nodePeriod, timing, rng);
    const initial = opts.initial?.[i] ?? 0;
    const base = { id, params, initial, scheduler, clock: clk };
    const drive = sourceOf.get(i);
    if (drive) return nodeAgent({ ...base, dynamics: voltageSource, drive });
    const target = targetOf.get(i);
    if (target) {
      const view = opts.clockView ? clock.pipe(distort<ClampSignal>(opts.clockView, rng, scheduler)) : clock;
      return nodeAgent({ ...base, dynamics: resistorOutputNode, contributions: incoming[i], clamp: view, drive: target });
    }
    return nodeAgent({ ...base, dynamics: resistorNode, contributions: incoming[i] });
  });

  const wantsMod = rule.reads.includes('modulator');
  if (wantsMod && !opts.modulator) throw new Error(`rule ${rule.name} reads a modulator: give options.modulator`);
  // Edge ids from their endpoints, so an edge's substream does not depend on its position in
  // the list; only parallel edges get a count suffix (a-b, a-b#2, ...).
  const seen = new Map<string, number>();
  const synapses = Array.from(net.k, (k0, e) => {
    const pair = `${net.ids[net.edgeA[e]]}-${net.ids[net.edgeB[e]]}`;
    const count = (seen.get(pair) ?? 0) + 1;
    seen.set(pair, count);
    const id = count === 1 ? pair : `${pair}#${count}`;
    const rng = random.stream(`edge:${id}`);
    const ev = opts.endpointView;
    // The initial state is common knowledge; only later updates reach the rule distorted.
    // Conduction is physics and follows the true states.
    const view = (s$: Observable<number>) => merge(s$.pipe(take(1)), s$.pipe(skip(1), distort<number>(ev!, rng, scheduler)));
    const syn = synapseAgent({
      id,
      coupling: resistorCoupling,
      rule,
      params: opts.ruleParamsOf ? opts.ruleParamsOf(e) : ruleParams,
      w0: k0,
      scheduler,
      clock: agentClock(timing.synapsePeriod, timing, rng),
      a$: nodes[net.edgeA[e]].state$,
      b$: nodes[net.edgeB[e]].state$,
      senseA$: ev ? view(nodes[net.edgeA[e]].state$) : undefined,
      senseB$: ev ? view(nodes[net.edgeB[e]].state$) : undefined,
      modulator$: wantsMod ? mapClock(clock, opts.modulator!) : undefined,
      outputs: { toA: outA[e], toB: outB[e] },
    });
    return syn;
  });

  return {
    nodes,
    synapses,
    clock,
    voltages: () => Float64Array.from(nodes, (a) => a.value()),
    conductances: () => Float64Array.from(synapses, (s) => s.weight()),
    stop: () => {
      for (const a of nodes) a.stop();
      for (const s of synapses) s.stop();
    },
  };
}

function mapClock(clock: Observable<ClampSignal>, f: (s: ClampSignal) => number): Observable<number> {
  return new Observable<number>((sub) => clock.subscribe({ next: (s) => sub.next(f(s)), error: (e) => sub.error(e) }));
}
