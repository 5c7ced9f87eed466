import { of } from '../../rx';
import { NodeDynamics } from '../../nodes/node-dynamics';
import { heldNode } from '../../nodes/held-node';
import { Coupling } from '../../synapses/synapse-rule';
import { DenseBlock, Role, Substrate } from '../substrate';
import { LayeredNetwork, rho } from './layered-network';

/**
 * The Hopfield synapse: local signal s = dE/dw = -rho(x_a) rho(x_b); it delivers w rho(x_other)
 * to each end. A bias is the same synapse to a unit held at 1 (s = -rho(x_a)).
 */
export const hopfieldCoupling: Coupling = {
  name: 'hopfield',
  signal: (_w, va, vb) => -rho(va) * rho(vb),
  g: () => 0,
  i: (w, _self, other) => w * rho(other),
  product: rho,
};

/** Per-unit parameters of a Hopfield unit: relaxation step eps and the nudge's sign. */
export interface HopfieldNodeParams {
  eps: number;
  /** Sign of the nudge (the clamp clock carries |beta|); output units only. */
  sign: number;
}

/**
 * Relaxation of one unit, s <- clip(s - eps dF/ds, 0, 1), with dF/ds = s - (sum of the synapses'
 * inputs, bias included) for a hidden unit ([TCL]; docs/science.md#equilibrium-propagation).
 * Written with the batched engine's arithmetic order.
 */
export const hopfieldHidden: NodeDynamics<HopfieldNodeParams> = {
  name: 'hopfield-hidden',
  reads: ['contributions'],
  step(v, input, _dt, p) {
    const next = v - p.eps * (v - input.i);
    return next < 0 ? 0 : next > 1 ? 1 : next;
  },
};

/** An output unit adds the nudge 2 beta (s - y), beta from its clamp clock, y its target (drive). */
export const hopfieldOutput: NodeDynamics<HopfieldNodeParams> = {
  name: 'hopfield-output',
  reads: ['contributions', 'clamp', 'drive'],
  step(v, input, _dt, p) {
    let g = v - input.i;
    const beta = p.sign * input.beta;
    if (beta !== 0) g += 2 * beta * (v - input.drive);
    const next = v - p.eps * g;
    return next < 0 ? 0 : next > 1 ? 1 : next;
  },
};

/** Where the substrate put each unit and synapse of the layered network. */
export interface HopfieldLayout {
  /** node index of unit j of layer l */
  node(l: number, j: number): number;
  /** the unit held at 1 that every bias connects to */
  readonly one: number;
  /** synapse index of weight W_l[i, j] and of bias b_l[j] */
  weight(l: number, i: number, j: number): number;
  /** Synapse of bias b_l[j]. */
  bias(l: number, j: number): number;
  /** which group a synapse belongs to (rules take parameters per group) */
  group(e: number): { kind: 'weight' | 'bias'; layer: number };
}

/**
 * The layered Hopfield network of EP on MNIST (docs/science.md#equilibrium-propagation) for one
 * example as a substrate: the input layer's units are held at the pixels, a unit held at 1 carries
 * the biases, the last layer is the output (nudged toward the one-hot label), every weight and bias
 * a synapse. The relaxation is a synchronous map, so synapses conduct on their ticks. Synapses come
 * biases first (layer by layer), then the weights W_l layer by layer in (i, j) order, each W_l a
 * dense block: a unit sums its bias, then its inputs from below, then from above, the order of
 * the batched engine.
 */
export function hopfieldSubstrate(
  net: LayeredNetwork,
  example: { x: ArrayLike<number>; label: number },
  params: HopfieldNodeParams,
): Substrate<HopfieldNodeParams> & { layout: HopfieldLayout } {
  const sizes = net.sizes;
  const L = sizes.length;
  const offset = [0];
  for (let l = 0; l < L; l++) offset.push(offset[l] + sizes[l]);
  const one = offset[L];
  const ids: string[] = [];
  const roles: Role[] = [];
  for (let l = 0; l < L; l++) {
    for (let j = 0; j < sizes[l]; j++) {
      ids.push(l === 0 ? `x[${j}]` : `s${l}[${j}]`);
      roles.push(l === 0 ? 'input' : l === L - 1 ? 'output' : 'hidden');
    }
  }
  ids.push('one');
  roles.push('input');

  // Typed arrays filled in place, and names and groups computed from an index on demand: the
  // 784-500-10 network has 397,510 synapses.
  const biasStart: number[] = [0];
  const weightStart: number[] = [];
  let m = 0;
  for (let l = 1; l < L; l++) {
    biasStart.push(m);
    m += sizes[l];
  }
  for (let l = 0; l + 1 < L; l++) {
    weightStart.push(m);
    m += sizes[l] * sizes[l + 1];
  }
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  const w0 = new Float64Array(m);
  for (let l = 1; l < L; l++) {
    for (let j = 0; j < sizes[l]; j++) {
      const e = biasStart[l] + j;
      a[e] = offset[l] + j;
      b[e] = one;
      w0[e] = net.biases[l][j];
    }
  }
  const blocks: DenseBlock[] = [];
  for (let l = 0; l + 1 < L; l++) {
    const n = sizes[l + 1];
    blocks.push({ first: weightStart[l], rowStart: offset[l], rows: sizes[l], colStart: offset[l + 1], cols: n });
    for (let i = 0; i < sizes[l]; i++) {
      for (let j = 0; j < n; j++) {
        const e = weightStart[l] + i * n + j;
        a[e] = offset[l] + i;
        b[e] = offset[l + 1] + j;
        w0[e] = net.weights[l][i * n + j];
      }
    }
  }
  // Where synapse e lies: a bias of layer l (index j), or weight W_l[i, j].
  const locate = (e: number): { kind: 'weight' | 'bias'; layer: number; k: number } => {
    for (let l = L - 2; l >= 0; l--) if (e >= weightStart[l]) return { kind: 'weight', layer: l, k: e - weightStart[l] };
    for (let l = L - 1; l >= 1; l--) if (e >= biasStart[l]) return { kind: 'bias', layer: l, k: e - biasStart[l] };
    throw new RangeError(`no synapse ${e}`);
  };
  const synapseId = (e: number): string => {
    const { kind, layer, k } = locate(e);
    return kind === 'bias' ? `b${layer}[${k}]` : `W${layer}[${Math.floor(k / sizes[layer + 1])},${k % sizes[layer + 1]}]`;
  };

  const drive = (i: number) => {
    if (i === one) return of(1);
    if (i < offset[1]) return of(example.x[i]);
    if (i >= offset[L - 1]) return of(i - offset[L - 1] === example.label ? 1 : 0);
    return undefined;
  };
  return {
    name: 'hopfield',
    ids,
    roles,
    edgeA: a,
    edgeB: b,
    w0,
    synapseId,
    dynamics: { hidden: hopfieldHidden, output: hopfieldOutput, input: heldNode, ground: heldNode },
    nodeParams: params,
    coupling: hopfieldCoupling,
    conduction: 'tick',
    blocks,
    defaultDrive: drive,
    layout: {
      node: (l, j) => offset[l] + j,
      one,
      weight: (l, i, j) => weightStart[l] + i * sizes[l + 1] + j,
      bias: (l, j) => biasStart[l] + j,
      group: (e) => {
        const { kind, layer } = locate(e);
        return { kind, layer };
      },
    },
  };
}
