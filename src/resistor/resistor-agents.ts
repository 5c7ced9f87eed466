import { Observable } from 'rxjs';
import { NodeAgent } from '../nodes/node-agent';
import { ClampSignal } from '../streams/clamp-signal';
import { SynapseAgent } from '../synapses/synapse-agent';
import { Engine, EngineOptions } from '../engines/engine';
import { reactiveEngine } from '../engines/reactive-engine';
import { ResistorNetwork } from './resistor-spec';
import { resistorSubstrate } from './resistor-substrate';
import { defaultTiming } from './timing';

/** Engine options for resistorAgents, plus time-varying sources and targets. */
export interface ResistorAgentsOptions<P> extends Omit<EngineOptions<P>, 'driveOf'> {
  /** Source voltages over time, one stream per source (default: the spec's constants). */
  sourceDrives?: Observable<number>[];
  /** Output targets over time, one stream per output (default: the spec's constants). */
  targetDrives?: Observable<number>[];
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
  /** Stops every agent, and the clock if it was made here (Engine.stop). */
  stop(): void;
}

/** A resistor network's drives by node: source voltages and output targets over time, if given. */
export function resistorDrives(net: ResistorNetwork, opts: { sourceDrives?: Observable<number>[]; targetDrives?: Observable<number>[] }) {
  const given = new Map<number, Observable<number>>();
  net.sources.forEach((i, j) => opts.sourceDrives?.[j] && given.set(i, opts.sourceDrives[j]));
  net.outputs.forEach((i, j) => opts.targetDrives?.[j] && given.set(i, opts.targetDrives[j]));
  return (i: number) => given.get(i);
}

/** An engine's view in a resistor network's words (voltages, conductances). */
export function asResistorAgents(e: Engine): ResistorAgents {
  return { nodes: e.nodes, synapses: e.synapses, clock: e.clock, voltages: e.states, conductances: e.weights, stop: e.stop };
}

/**
 * A resistor network as agents: the reactive engine (src/engines/reactive-engine.ts) on the
 * resistor substrate. Each agent gets just its own streams, parameters and random substream.
 */
export function resistorAgents<P = Record<string, never>>(net: ResistorNetwork, opts: ResistorAgentsOptions<P>): ResistorAgents {
  const tau = (opts.timing ?? defaultTiming).tau;
  return asResistorAgents(reactiveEngine(resistorSubstrate(net, { tau }), { ...opts, driveOf: resistorDrives(net, opts) }));
}
