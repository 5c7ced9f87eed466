import { RandomSource } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { randomNetwork } from '../substrates/resistor/generators';
import { readResistorSpec } from '../substrates/resistor/resistor-spec';
import { resistorSubstrate } from '../substrates/resistor/resistor-substrate';
import { resistorLockstep } from '../engines/networks/resistor-lockstep';
import { resistorEvent } from '../engines/networks/resistor-event';
import { twoPhase } from '../streams/protocols';
import { chemotaxisKernel } from '../synapses/kernels/chemotaxis';
import { temporalContrastive } from '../synapses/rules/temporal-contrastive';
import { wallAndCpuSeconds } from './measure';
import { plainResistor } from './plain-resistor';

/** Synchronous periods of a TCL resistor network: the engines against the plain loop of the same computation. */
export interface SyncFigure {
  synapses: number;
  nodes: number;
  /** CPU nanoseconds per synapse per period (node sweep and learning), medians over interleaved rounds. */
  arrayNanoseconds: number;
  eventNanoseconds: number;
  plainNanoseconds: number;
  arrayOverPlain: number;
  eventOverPlain: number;
}

const timing = { tau: 0.005, nodePeriod: 0.01, synapsePeriod: 0.01, rateSpread: 1, jitter: 0 };
const params = { lr: 0.1, theta: 1e-3, wMin: 1e-3, wMax: 1e3 };

/**
 * A random resistor network of about `synapses` edges (mean degree 4) under synchronous timing
 * with the TCL rule, run `periods` periods at a time on the array engine, on the event engine
 * and by the plain loop (plain-resistor.ts, which computes the array engine's numbers bit for
 * bit), the three interleaved in each of `rounds` rounds so that load on the machine hits them
 * alike. The clamp is off (beta = 0) in all three.
 */
export function syncFigure(synapses: number, periods: number, rounds = 5): SyncFigure {
  const random = new RandomSource(7);
  const n = Math.max(8, Math.round(synapses / 2));
  const net = readResistorSpec(randomNetwork({ n, meanDegree: 4, kMin: 0.5, kMax: 2, inputs: 3, outputs: 2 }, random.stream('network')));
  const m = net.k.length;
  const engine = (build: typeof resistorLockstep) => {
    const scheduler = new VirtualScheduler();
    const opts = { scheduler, random: new RandomSource(7), timing, protocol: twoPhase({ free: 1, clamped: 1, beta: 0 }), rule: temporalContrastive(chemotaxisKernel()), ruleParams: { ...params, linear: false } };
    build(net, opts);
    return () => scheduler.runFor(periods * timing.nodePeriod);
  };
  const plain = plainResistor(resistorSubstrate(net, { tau: timing.tau }), params);
  const runs = [
    engine(resistorLockstep),
    engine(resistorEvent),
    () => {
      for (let t = 0; t < periods; t++) plain.period(timing.nodePeriod);
    },
  ];
  const times: number[][] = runs.map(() => []);
  for (let r = 0; r < rounds; r++) runs.forEach((f, k) => times[k].push((wallAndCpuSeconds(f).cpu / (periods * m)) * 1e9));
  const [a, e, p] = times.map((t) => t.sort((x, y) => x - y)[Math.floor(t.length / 2)]);
  return { synapses: m, nodes: n, arrayNanoseconds: a, eventNanoseconds: e, plainNanoseconds: p, arrayOverPlain: a / p, eventOverPlain: e / p };
}
