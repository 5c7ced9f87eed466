import { RandomSource, Rng } from '../scheduler/random';
import { Substrate } from '../substrates/substrate';
import { hopfieldSubstrate } from '../substrates/hopfield/hopfield-substrate';
import { LayeredNetwork, initNetwork } from '../substrates/hopfield/layered-network';
import { Rbm, createRbm } from '../substrates/rbm/rbm';
import { rbmSubstrate } from '../substrates/rbm/rbm-substrate';
import { HopfieldBatch } from '../experiments/ep/hopfield-batch';
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
  /** A plain loop of the same step written in the bench: a layered relaxation for Hopfield, block Gibbs for the RBM. */
  referenceMicroseconds: number;
  denseOverReference: number;
  csrOverDense: number;
  /** Hopfield only: the batched path (EP's) per example per step, on a batch of 20 examples. */
  batchedMicroseconds?: number;
  batchedOverReference?: number;
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
  const hopSteps = 400;
  const plainStep = plainRelaxation(net, x);
  // EP's path: a batch of 20 examples (the same digit), timed per example per step.
  const B = 20;
  const batch = new HopfieldBatch(sizes, B);
  batch.load(Float64Array.from({ length: B * 784 }, (_, k) => x[k % 784]), new Array(B).fill(3), Array.from({ length: B }, (_, b) => b), sizes.map((n, l) => new Float64Array(l === 0 ? 0 : B * n)));
  batch.prepare(net);
  const batchSteps = Math.ceil(hopSteps / B);
  const hopfield = figure('hopfield 784-500-10', hop, hopSteps, rounds, 0, () => {
    for (let t = 0; t < hopSteps; t++) plainStep();
  }, () => batch.relax(0, 0.5, batchSteps), (batchSteps * B) / hopSteps);

  const rbm = createRbm(784, 500, rng);
  const sub = rbmSubstrate(rbm);
  const rbmSteps = 100;
  const plain = plainGibbs(rbm, rng);
  const rbmFigure = figure('rbm 784 x 500', sub, rbmSteps, rounds, 1, () => {
    for (let t = 0; t < rbmSteps; t++) plain();
  });
  return [hopfield, rbmFigure];
}

/**
 * The reference for the Hopfield network: one relaxation step of one example written plainly,
 * s <- clip(s - eps (s - input), 0, 1) with input = b + x W_0 (kept: the input is clamped) + the
 * layer above through W_1, as EP's own loop did before the batched path.
 */
function plainRelaxation(net: LayeredNetwork, x: readonly number[]): () => void {
  const [n0, n1, n2] = net.sizes;
  const [w0, w1] = net.weights;
  const h = new Float64Array(n1);
  const o = new Float64Array(n2);
  const drive = Float64Array.from(net.biases[1]);
  for (let i = 0; i < n0; i++) if (x[i] !== 0) for (let j = 0; j < n1; j++) drive[j] += x[i] * w0[i * n1 + j];
  const ph = new Float64Array(n1);
  const po = new Float64Array(n2);
  const clip = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
  return () => {
    ph.set(drive);
    for (let j = 0; j < n2; j++) {
      let acc = net.biases[2][j];
      for (let i = 0; i < n1; i++) acc += h[i] * w1[i * n2 + j];
      po[j] = acc;
      if (o[j] !== 0) for (let i = 0; i < n1; i++) ph[i] += o[j] * w1[i * n2 + j];
    }
    for (let i = 0; i < n1; i++) h[i] = clip(h[i] - 0.5 * (h[i] - ph[i]));
    for (let j = 0; j < n2; j++) o[j] = clip(o[j] - 0.5 * (o[j] - po[j]));
  };
}

/**
 * The reference for the RBM: block Gibbs written plainly over typed arrays, binary units as
 * bytes, sums over the active units only, one uniform per unit.
 */
function plainGibbs(rbm: Rbm, rng: Rng): () => void {
  const { W, bh, nv, nh } = rbm;
  const v = new Uint8Array(nv).fill(1);
  const h = new Uint8Array(nh);
  const active = new Int32Array(nv);
  const f = new Float64Array(nv);
  return () => {
    let na = 0;
    for (let i = 0; i < nv; i++) if (v[i]) active[na++] = i;
    for (let j = 0; j < nh; j++) {
      let s = bh[j];
      const o = j * nv;
      for (let a = 0; a < na; a++) s += W[o + active[a]];
      h[j] = rng.uniform() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
    }
    f.fill(0);
    for (let j = 0; j < nh; j++) {
      if (!h[j]) continue;
      const o = j * nv;
      for (let i = 0; i < nv; i++) f[i] += W[o + i];
    }
    for (let i = 0; i < nv; i++) v[i] = rng.uniform() < 1 / (1 + Math.exp(-f[i])) ? 1 : 0;
  };
}

function figure<NP>(name: string, sub: Substrate<NP>, steps: number, rounds: number, initial: number, reference: () => void, batched?: () => void, batchedShare = 1): DenseFigure {
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
  const timed = batched ? [csr, dense, reference, batched] : [csr, dense, reference];
  const times: number[][] = timed.map(() => []);
  for (let r = 0; r < rounds; r++) {
    timed.forEach((f, k) => times[k].push((wallAndCpuSeconds(f).cpu / (k === 3 ? steps * batchedShare : steps)) * 1e6));
  }
  const [c, d, ref, bat] = times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]);
  const out: DenseFigure = { substrate: name, synapses: m, csrMicroseconds: c, denseMicroseconds: d, referenceMicroseconds: ref, denseOverReference: d / ref, csrOverDense: c / d };
  return bat === undefined ? out : { ...out, batchedMicroseconds: bat, batchedOverReference: bat / ref };
}
