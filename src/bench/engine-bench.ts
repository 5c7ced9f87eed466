import { RandomSource } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { randomNetwork } from '../substrates/resistor/generators';
import { readResistorSpec } from '../substrates/resistor/resistor-spec';
import { resistorAgents } from '../engines/networks/resistor-agents';
import { resistorLockstep } from '../engines/networks/resistor-lockstep';
import { sawtooth } from '../streams/protocols';
import { chemotaxisKernel } from '../synapses/kernels/chemotaxis';
import { temporalContrastive } from '../synapses/rules/temporal-contrastive';
import { median, retainedBytes, seconds } from './measure';

export interface EngineFigure {
  engine: 'reactive' | 'lockstep';
  synapses: number;
  nodes: number;
  /** Synapse rule steps per wall second (median of runs). */
  synapseUpdatesPerSecond: number;
  /** All scheduler events per wall second (reactive: nodes, synapses and clock). */
  eventsPerSecond?: number;
  /** Retained heap per synapse after building and warming up (nodes' share included). */
  bytesPerSynapse: number;
}

const timing = { tau: 0.005, nodePeriod: 0.01, synapsePeriod: 0.01, rateSpread: 1, jitter: 0 };

/** A TCL network of about `synapses` edges (mean degree 4), on either engine. */
function build(engine: 'reactive' | 'lockstep', synapses: number) {
  const random = new RandomSource(7);
  const n = Math.max(8, Math.round(synapses / 2));
  const spec = randomNetwork({ n, meanDegree: 4, kMin: 0.5, kMax: 2, inputs: 3, outputs: 2 }, random.stream('network'));
  const net = readResistorSpec(spec);
  const scheduler = new VirtualScheduler();
  const opts = {
    scheduler,
    random,
    timing,
    protocol: sawtooth({ period: 5, rise: 0.1, amplitude: 1 }),
    rule: temporalContrastive(chemotaxisKernel()),
    ruleParams: { lr: 0.1, theta: 1e-3, linear: false, wMin: 1e-3, wMax: 1e3 },
  };
  const agents = engine === 'reactive' ? resistorAgents(net, opts) : resistorLockstep(net, opts);
  scheduler.runFor(5 * timing.nodePeriod); // warm-up: every agent has ticked
  return { scheduler, agents, m: net.k.length, n };
}

/**
 * Synapse updates per second: run `steps` synchronous periods (each synapse steps once per
 * period) and divide by the wall time; the median of `runs` runs on fresh networks.
 */
export function engineFigure(engine: 'reactive' | 'lockstep', synapses: number, steps: number, runs = 3): EngineFigure {
  // Memory first, in a heap the timed runs have not churned: measured after them, the
  // difference of heapUsed was off by kilobytes per synapse either way.
  const mem = retainedBytes(() => build(engine, synapses));
  mem.value.agents.stop();
  let eventsPerSecond = 0;
  let m = 0;
  let n = 0;
  const rate = median(runs, () => {
    const b = build(engine, synapses);
    m = b.m;
    n = b.n;
    const e0 = b.scheduler.eventCount;
    const wall = seconds(() => b.scheduler.runFor(steps * timing.nodePeriod));
    eventsPerSecond = (b.scheduler.eventCount - e0) / wall;
    b.agents.stop();
    return (m * steps) / wall;
  });
  return {
    engine,
    synapses: m,
    nodes: n,
    synapseUpdatesPerSecond: rate,
    eventsPerSecond: engine === 'reactive' ? eventsPerSecond : undefined,
    bytesPerSynapse: mem.bytes / m,
  };
}
