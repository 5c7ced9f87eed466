import { BehaviorSubject } from 'rxjs';
import { RandomSource } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { randomNetwork } from '../substrates/resistor/generators';
import { readResistorSpec } from '../substrates/resistor/resistor-spec';
import { resistorAgents } from '../engines/networks/resistor-agents';
import { sawtooth } from '../streams/protocols';
import { chemotaxisKernel } from '../synapses/kernels/chemotaxis';
import { temporalContrastive } from '../synapses/rules/temporal-contrastive';
import { wallAndCpuSeconds } from './measure';

/** The reactive engine against RxJS alone doing the same traffic on the same scheduler. */
export interface RxjsShapeFigure {
  synapses: number;
  /** CPU nanoseconds per synapse per period, median over interleaved rounds. */
  reactiveNanoseconds: number;
  rxjsNanoseconds: number;
  /** reactive / RxJS alone: what the engine's own work (dynamics, rule, bookkeeping) adds. */
  ratio: number;
}

const timing = { tau: 0.005, nodePeriod: 0.01, synapsePeriod: 0.01, rateSpread: 1, jitter: 0 };

/**
 * The reactive engine's traffic with nothing else: on the same VirtualScheduler, every node and
 * synapse is a self-rescheduling RxJS action with the engine's period; each node publishes its
 * value through a BehaviorSubject to its synapses at every tick and each synapse its weight to
 * its two nodes (BehaviorSubjects, plain subscriptions), and the arithmetic is a stand-in of a
 * few flops. The same ticks, messages and fan-out as the engine, through RxJS's own primitives:
 * the floor a reactive design on RxJS could reach.
 */
function rxjsShape(edgeA: Int32Array, edgeB: Int32Array, n: number, scheduler: VirtualScheduler): () => void {
  const m = edgeA.length;
  const nodeOut = Array.from({ length: n }, () => new BehaviorSubject(0));
  const weightOut = Array.from({ length: m }, () => new BehaviorSubject(1));
  const seenByNode = Array.from({ length: n }, () => [] as number[]);
  const subs: { unsubscribe(): void }[] = [];
  for (let e = 0; e < m; e++) {
    for (const i of [edgeA[e], edgeB[e]]) {
      const slot = seenByNode[i].length;
      seenByNode[i].push(1);
      subs.push(weightOut[e].subscribe((w) => (seenByNode[i][slot] = w)));
    }
  }
  for (let i = 0; i < n; i++) {
    let v = Math.sin(i);
    scheduler.schedule(function () {
      let g = 0;
      for (const w of seenByNode[i]) g += w;
      v += 1e-6 * (g - v);
      nodeOut[i].next(v);
      this.schedule(undefined, timing.nodePeriod);
    }, timing.nodePeriod);
  }
  for (let e = 0; e < m; e++) {
    let va = 0;
    let vb = 0;
    let w = 1;
    subs.push(nodeOut[edgeA[e]].subscribe((x) => (va = x)));
    subs.push(nodeOut[edgeB[e]].subscribe((x) => (vb = x)));
    scheduler.schedule(function () {
      const d = va - vb;
      w += 1e-9 * d * d;
      weightOut[e].next(w);
      this.schedule(undefined, timing.synapsePeriod);
    }, timing.synapsePeriod);
  }
  return () => subs.forEach((s) => s.unsubscribe());
}

/**
 * A random TCL network of about `synapses` edges (mean degree 4) on the reactive engine, and the
 * same traffic in RxJS alone (rxjsShape), `periods` synchronous periods each, interleaved in
 * `rounds` rounds; CPU time per synapse per period.
 */
export function rxjsShapeFigure(synapses: number, periods: number, rounds = 3): RxjsShapeFigure {
  const n = Math.max(8, Math.round(synapses / 2));
  const net = readResistorSpec(randomNetwork({ n, meanDegree: 4, kMin: 0.5, kMax: 2, inputs: 3, outputs: 2 }, new RandomSource(7).stream('network')));
  const m = net.k.length;
  const reactive = () => {
    const scheduler = new VirtualScheduler();
    const agents = resistorAgents(net, {
      scheduler,
      random: new RandomSource(7),
      timing,
      protocol: sawtooth({ period: 5, rise: 0.1, amplitude: 1 }),
      rule: temporalContrastive(chemotaxisKernel()),
      ruleParams: { lr: 0.1, theta: 1e-3, linear: false, wMin: 1e-3, wMax: 1e3 },
    });
    scheduler.runFor(2 * timing.nodePeriod);
    return { run: () => scheduler.runFor(periods * timing.nodePeriod), stop: () => agents.stop() };
  };
  const rxjs = () => {
    const scheduler = new VirtualScheduler();
    const stop = rxjsShape(net.edgeA, net.edgeB, net.ids.length, scheduler);
    scheduler.runFor(2 * timing.nodePeriod);
    return { run: () => scheduler.runFor(periods * timing.nodePeriod), stop };
  };
  const times: number[][] = [[], []];
  for (let r = 0; r < rounds; r++) {
    [reactive, rxjs].forEach((make, k) => {
      const w = make();
      times[k].push((wallAndCpuSeconds(w.run).cpu / (periods * m)) * 1e9);
      w.stop();
    });
  }
  const [a, b] = times.map((t) => t.sort((x, y) => x - y)[Math.floor(t.length / 2)]);
  return { synapses: m, reactiveNanoseconds: a, rxjsNanoseconds: b, ratio: a / b };
}
