import { Observable } from 'rxjs';
import { SpecError } from '../../errors';
import { solveKirchhoff } from '../../substrates/resistor/kirchhoff';
import { NodeAgent } from '../../nodes/node-agent';
import { ClampSignal } from '../../streams/clamp-signal';
import { SynapseAgent } from '../../synapses/synapse-agent';
import { Engine, EngineOptions } from '../engine';
import { reactiveEngine } from '../reactive-engine';
import { Snapshot } from '../snapshot/snapshot';
import { ResistorNetwork, checkCount } from '../../substrates/resistor/resistor-spec';
import { resistorSubstrate } from '../../substrates/resistor/resistor-substrate';
import { defaultTiming } from '../timing';

/** Engine options for resistorAgents, plus time-varying sources and targets. */
export interface ResistorAgentsOptions<P> extends Omit<EngineOptions<P>, 'driveOf'> {
  /** Source voltages over time, one stream per source (default: the spec's constants). */
  sourceDrives?: Observable<number>[];
  /** Output targets over time, one stream per output (default: the spec's constants). */
  targetDrives?: Observable<number>[];
  /**
   * Start every node at the free equilibrium (beta 0, the initial conductances) instead of 0 V:
   * of the network's own source voltages (true) or of these, one per input (a task's first
   * example). A synapse whose view of its endpoints lags then sees no jump to equilibrium to
   * learn from (README, "Warm start"). Not together with `initial`.
   */
  warmStart?: boolean | ArrayLike<number>;
}

/**
 * A resistor network running as agents: its nodes, synapses and clock, readers of voltages and
 * conductances, stop().
 */
export interface ResistorAgents {
  /** The node agents. */
  readonly nodes: NodeAgent[];
  /** The edge agents. */
  readonly synapses: SynapseAgent[];
  /** The clamp clock. */
  readonly clock: Observable<ClampSignal>;
  /** Current node voltages (a copy). */
  voltages(): Float64Array;
  /** Current edge conductances (a copy). */
  conductances(): Float64Array;
  /** The whole simulation now, as plain JSON (Engine.snapshot). */
  snapshot(): Snapshot;
  /** Sets this freshly built network to a snapshot (Engine.restore). */
  restore(snapshot: Snapshot): void;
  /** Stops every agent, and the clock if it was made here (Engine.stop). */
  stop(): void;
}

/**
 * A resistor network's drives by node: source voltages and output targets over time, if given.
 * Every resistor engine takes its drives through here, so a wrong count is refused once, here
 * (a missing stream would silently leave its node at the spec's constant).
 */
export function resistorDrives(net: ResistorNetwork, opts: { sourceDrives?: Observable<number>[]; targetDrives?: Observable<number>[] }) {
  checkCount('sourceDrives', opts.sourceDrives, net.sources.length, 'input (voltage source)');
  checkCount('targetDrives', opts.targetDrives, net.outputs.length, 'output');
  const given = new Map<number, Observable<number>>();
  net.sources.forEach((i, j) => opts.sourceDrives?.[j] && given.set(i, opts.sourceDrives[j]));
  net.outputs.forEach((i, j) => opts.targetDrives?.[j] && given.set(i, opts.targetDrives[j]));
  return (i: number) => given.get(i);
}

/**
 * The engine options of every resistor engine (reactive, event, lockstep): the drives by node,
 * checked, and the warm start's initial states, so each idea has one implementation.
 */
export function resistorEngineOptions<P>(net: ResistorNetwork, opts: ResistorAgentsOptions<P>): EngineOptions<P> {
  const { sourceDrives, targetDrives, warmStart, ...rest } = opts;
  const driveOf = resistorDrives(net, { sourceDrives, targetDrives });
  if (warmStart === undefined || warmStart === false) return { ...rest, driveOf };
  if (opts.initial !== undefined) throw new SpecError('initial', 'no initial states with warmStart (it computes them)');
  if (warmStart !== true) checkCount('warmStart', warmStart, net.sources.length, 'input (voltage source)');
  const sourceV = warmStart === true ? net.sourceV : Float64Array.from(warmStart);
  return { ...rest, driveOf, initial: solveKirchhoff(net, { sourceV }) };
}

/** An engine's view in a resistor network's words (voltages, conductances). */
export function asResistorAgents(e: Engine): ResistorAgents {
  return { nodes: e.nodes, synapses: e.synapses, clock: e.clock, voltages: e.states, conductances: e.weights, snapshot: e.snapshot, restore: e.restore, stop: e.stop };
}

/**
 * A resistor network as agents: the reactive engine (src/engines/reactive-engine.ts) on the
 * resistor substrate. Each agent gets just its own streams, parameters and random substream.
 */
export function resistorAgents<P = Record<string, never>>(net: ResistorNetwork, opts: ResistorAgentsOptions<P>): ResistorAgents {
  const tau = (opts.timing ?? defaultTiming).tau;
  return asResistorAgents(reactiveEngine(resistorSubstrate(net, { tau }), resistorEngineOptions(net, opts)));
}
