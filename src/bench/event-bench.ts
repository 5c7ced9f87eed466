import { RandomSource } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { randomNetwork } from '../substrates/resistor/generators';
import { readResistorSpec } from '../substrates/resistor/resistor-spec';
import { resistorEvent } from '../engines/networks/resistor-event';
import { resistorAgents } from '../engines/networks/resistor-agents';
import { sawtooth } from '../streams/protocols';
import { chemotaxisKernel } from '../synapses/kernels/chemotaxis';
import { TclParams, temporalContrastive } from '../synapses/rules/temporal-contrastive';
import { SynapseRule } from '../synapses/synapse-rule';
import { median, retainedBytes, seconds } from './measure';

export interface EventFigure {
  synapses: number;
  nodes: number;
  /** Every event of the run per wall second: node and synapse ticks, endpoint-view messages. */
  eventsPerSecond: number;
  /** Synapse rule steps (learning ticks) per wall second. */
  synapseUpdatesPerSecond: number;
  /** The same rule stepped by a plain loop over typed arrays (the reference), per second. */
  plainUpdatesPerSecond: number;
  /** Wall time per synapse update on the event engine over that of the plain loop. */
  costRatio: number;
  /** Retained heap per synapse after building and warming up (nodes' share and messages in flight included). */
  bytesPerSynapse: number;
  /** The reactive engine on the same network and timing, if measured: events/s and bytes per synapse. */
  reactive?: { eventsPerSecond: number; bytesPerSynapse: number };
}

/** Asynchronous timing of the figure: rate spread 2, jitter 0.3, random endpoint delays. */
const timing = { tau: 0.005, nodePeriod: 0.01, synapsePeriod: 0.01, rateSpread: 2, jitter: 0.3 };
const endpointView = { randomDelay: { min: 0, max: 0.01 } };
const params: TclParams = { lr: 0.1, theta: 1e-3, linear: false, wMin: 1e-3, wMax: 1e3 };

/** The rule, counting its steps (the events/s figures need the number of synapse updates). */
function counted<P>(rule: SynapseRule<P>): { rule: SynapseRule<P>; steps: () => number } {
  let steps = 0;
  return { rule: { ...rule, step: (x, o, s, m, dt, p) => (steps++, rule.step(x, o, s, m, dt, p)) }, steps: () => steps };
}

/** A TCL resistor network of about `synapses` edges (mean degree 4) on the event engine (or the reactive one). */
function build(synapses: number, engine: 'event' | 'reactive' = 'event') {
  const random = new RandomSource(7);
  const n = Math.max(8, Math.round(synapses / 2));
  const net = readResistorSpec(randomNetwork({ n, meanDegree: 4, kMin: 0.5, kMax: 2, inputs: 3, outputs: 2 }, random.stream('network')));
  const scheduler = new VirtualScheduler();
  const rule = counted(temporalContrastive(chemotaxisKernel()));
  const agents = (engine === 'event' ? resistorEvent : resistorAgents)(net, { scheduler, random, timing, endpointView, protocol: sawtooth({ period: 5, rise: 0.1, amplitude: 1 }), rule: rule.rule, ruleParams: params });
  scheduler.runFor(5 * timing.nodePeriod); // warm-up: every agent has ticked, messages are in flight
  return { scheduler, agents, rule, m: net.k.length, n, edgeA: net.edgeA, edgeB: net.edgeB, k: net.k };
}

/** The reference: the same rule over typed arrays in a plain loop, `sweeps` sweeps; updates per second. */
function plainLoop(edgeA: Int32Array, edgeB: Int32Array, k: Float64Array, nodes: number, sweeps: number): number {
  const rule = temporalContrastive(chemotaxisKernel());
  const S = rule.stateSize;
  const m = k.length;
  const x = new Float64Array(m * S);
  for (let e = 0; e < m; e++) rule.init(x, e * S, k[e], params);
  const v = Float64Array.from({ length: nodes }, (_, i) => Math.sin(i));
  const wall = seconds(() => {
    for (let t = 0; t < sweeps; t++) {
      for (let i = 0; i < nodes; i++) v[i] += 1e-3;
      for (let e = 0; e < m; e++) {
        const d = v[edgeA[e]] - v[edgeB[e]];
        rule.step(x, e * S, d * d, 0, timing.synapsePeriod, params);
      }
    }
  });
  return (m * sweeps) / wall;
}

/**
 * The event engine under asynchronous timing: synapse updates and all events per wall second
 * over `periods` node periods, and the plain loop of the same rule run right after each (same
 * process, interleaved), the median of `runs` pairs.
 */
export function eventFigure(synapses: number, periods: number, runs = 3, withReactive = false): EventFigure {
  const mem = retainedBytes(() => build(synapses));
  mem.value.agents.stop();
  const m = mem.value.m;
  const n = mem.value.n;
  const { edgeA, edgeB, k } = mem.value;
  const events: number[] = [];
  const updates: number[] = [];
  const plain: number[] = [];
  for (let r = 0; r < runs; r++) {
    const b = build(synapses);
    const e0 = b.scheduler.eventCount;
    const s0 = b.rule.steps();
    const wall = seconds(() => b.scheduler.runFor(periods * timing.nodePeriod));
    events.push((b.scheduler.eventCount - e0) / wall);
    updates.push((b.rule.steps() - s0) / wall);
    b.agents.stop();
    plain.push(plainLoop(edgeA, edgeB, k, n, periods));
  }
  const med = (xs: number[]) => median(xs.length, ((i) => () => xs[i++])(0));
  let reactive: EventFigure['reactive'];
  if (withReactive) {
    const rm = retainedBytes(() => build(synapses, 'reactive'));
    rm.value.agents.stop();
    const b = build(synapses, 'reactive');
    const e0 = b.scheduler.eventCount;
    const wall = seconds(() => b.scheduler.runFor(periods * timing.nodePeriod));
    reactive = { eventsPerSecond: (b.scheduler.eventCount - e0) / wall, bytesPerSynapse: rm.bytes / m };
    b.agents.stop();
  }
  const synapseUpdatesPerSecond = med(updates);
  const plainUpdatesPerSecond = med(plain);
  return {
    synapses: m,
    nodes: n,
    eventsPerSecond: med(events),
    synapseUpdatesPerSecond,
    plainUpdatesPerSecond,
    costRatio: plainUpdatesPerSecond / synapseUpdatesPerSecond,
    bytesPerSynapse: mem.bytes / m,
    reactive,
  };
}
