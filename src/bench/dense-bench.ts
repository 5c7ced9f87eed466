import { RandomSource } from '../scheduler/random';
import { Substrate } from '../substrates/substrate';
import { hopfieldSubstrate } from '../substrates/hopfield/hopfield-substrate';
import { initNetwork } from '../substrates/hopfield/layered-network';
import { createRbm } from '../substrates/rbm/rbm';
import { rbmSubstrate } from '../substrates/rbm/rbm-substrate';
import { BatchState } from '../experiments/ep/batch-relaxation';
import { RbmChain } from '../experiments/rbm/rbm-chain';
import { NodeSweep, nodeSweep } from '../engines/node-sweep';
import { denseSweep } from '../engines/dense-sweep';
import { wallAndCpuSeconds } from './measure';

/** One step of the array engine's node sweeps against the hand-written dense loop of the same step. */
export interface DenseFigure {
  substrate: string;
  synapses: number;
  /** CPU microseconds per step (conduct + sweep), median over interleaved rounds. */
  csrMicroseconds: number;
  denseMicroseconds: number;
  /** The experiment's own loop (BatchState.step for one example, RbmChain.step). */
  referenceMicroseconds: number;
  denseOverReference: number;
  csrOverDense: number;
}

/**
 * The layered Hopfield network of EP on MNIST (784-500-10, one digit-like example with a fifth
 * of the pixels on) and a 784 x 500 RBM: CSR sweep, dense sweep and the experiment's own loop,
 * the same steps, interleaved in rounds so that load on the machine hits all three alike.
 */
export function denseFigures(rounds = 5): DenseFigure[] {
  const rs = new RandomSource(7);
  const rng = rs.stream('bench');
  const sizes = [784, 500, 10];
  const net = initNetwork(sizes, rng);
  const x = Array.from({ length: 784 }, () => (rng.uniform() < 0.2 ? rng.uniform() : 0));
  const hop = hopfieldSubstrate(net, { x, label: 3 }, { eps: 0.5, sign: 1 });
  const batch = new BatchState(sizes, 1);
  const persistent = sizes.map((n, l) => new Float64Array(l === 0 ? 0 : n));
  batch.load(Float64Array.from(x), [3], [0], persistent);
  batch.prepare(net);
  const hopSteps = 400;
  const hopfield = figure('hopfield 784-500-10', hop, hopSteps, rounds, 0, () => batch.relax(net, 0, 0.5, hopSteps));

  const rbm = createRbm(784, 500, rng);
  const sub = rbmSubstrate(rbm);
  const chain = new RbmChain(rbm, new RandomSource(3));
  chain.setVisible(x.map((p) => (p > 0 ? 1 : 0)));
  const rbmSteps = 100;
  const rbmFigure = figure('rbm 784 x 500', sub, rbmSteps, rounds, 1, () => {
    for (let t = 0; t < rbmSteps; t++) chain.step(false);
  });
  return [hopfield, rbmFigure];
}

function figure<NP>(name: string, sub: Substrate<NP>, steps: number, rounds: number, initial: number, reference: () => void): DenseFigure {
  const n = sub.ids.length;
  const m = sub.w0.length;
  const rs = new RandomSource(11);
  const draws = sub.ids.map((id, i) => (sub.dynamics[sub.roles[i]].draws ? rs.stream(`draw:${id}`) : undefined));
  const drive = Float64Array.from(sub.ids, (_, i) => (sub.roles[i] === 'input' ? 0.5 : 0));
  const run = (sweep: NodeSweep) => {
    const v = new Float64Array(n).fill(initial);
    const x = Float64Array.from(sub.w0);
    return () => {
      for (let t = 0; t < steps; t++) {
        sweep.conduct(v, x, 1);
        sweep.sweep(v, x, 1, drive, 0, 1);
      }
    };
  };
  const csr = run(nodeSweep(sub, draws));
  const dense = run(denseSweep(sub, draws));
  const times: number[][] = [[], [], []];
  for (let r = 0; r < rounds; r++) {
    [csr, dense, reference].forEach((f, k) => times[k].push((wallAndCpuSeconds(f).cpu / steps) * 1e6));
  }
  const [c, d, ref] = times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]);
  return { substrate: name, synapses: m, csrMicroseconds: c, denseMicroseconds: d, referenceMicroseconds: ref, denseOverReference: d / ref, csrOverDense: c / d };
}
