import { of } from '../../rx';
import { NodeDynamics } from '../../nodes/node-dynamics';
import { heldNode } from '../../nodes/held-node';
import { Coupling } from '../../synapses/synapse-rule';
import { Role, Substrate } from '../substrate';
import { bernoulliUnit } from './gibbs';
import { Rbm } from './rbm';

/** Substream names of the units: the engines and RbmChain use the same, so both draw the same numbers. */
export const hiddenStream = (j: number): string => `hidden:${j}`;
/** Substream name of visible unit i. */
export const visibleStream = (i: number): string => `visible:${i}`;

/**
 * The RBM coupling between a visible unit or the always-on unit (end a) and a hidden unit (end
 * b): local signal s = dE/dw = -v h, and each end receives w times the other end's state as its
 * field. It transmits at once (conduction 'event'): a unit's field must be current when it samples.
 */
export const rbmCoupling: Coupling = {
  name: 'rbm',
  signal: (_w, v, h) => -(v * h),
  g: () => 0,
  i: (w, _self, other) => w * other,
  product: (v) => v,
};

/** A hidden unit: on its tick, state ~ Bernoulli(sigmoid(field)), one draw from its own substream. */
export const bernoulliHidden: NodeDynamics<unknown> = {
  name: 'bernoulli',
  reads: ['contributions'],
  draws: true,
  step: (_v, input, _dt, _p, draws) => bernoulliUnit.step(input.i, draws!.uniform()),
};

/**
 * A visible unit: while the clock clamps (beta > 0) it holds its datum, taken the moment it is
 * clamped or the datum changes, and draws nothing; when free it samples like a hidden unit.
 * The clock, not the unit, decides the phase.
 */
export const bernoulliVisible: NodeDynamics<unknown> = {
  name: 'bernoulli-visible',
  reads: ['contributions', 'clamp', 'drive'],
  draws: true,
  holdsWhileClamped: true,
  step: (v, input, _dt, _p, draws) => (input.beta > 0 ? v : bernoulliUnit.step(input.i, draws!.uniform())),
  onInput: (v, input) => (input.beta > 0 ? input.drive : v),
};

/** Where the substrate put each unit and synapse. */
export interface RbmLayout {
  /** Node of hidden unit j. */
  hidden(j: number): number;
  /** Node of visible unit i. */
  visible(i: number): number;
  readonly one: number;
  /** Synapse of W[j * nv + i], and of the hidden bias bh[j] (a synapse to the always-on unit). */
  weight(j: number, i: number): number;
  /** Synapse of hidden unit j's bias. */
  bias(j: number): number;
}

/**
 * A binary RBM as a substrate: hidden units first, then visible units, then the always-on unit
 * that carries the hidden biases. In node order a synchronous sweep samples h given v, then v
 * given the new h: block Gibbs. Bias synapses come first, so a hidden unit sums bias + W v in
 * the order the closed forms use (adding w * 0 for an inactive unit is exact). The units draw
 * from the substreams `hidden:j` and `visible:i`.
 */
export function rbmSubstrate(rbm: Rbm): Substrate<unknown> & { layout: RbmLayout } {
  const { nv, nh } = rbm;
  const ids: string[] = [];
  const roles: Role[] = [];
  for (let j = 0; j < nh; j++) (ids.push(`h${j}`), roles.push('hidden'));
  for (let i = 0; i < nv; i++) (ids.push(`v${i}`), roles.push('output'));
  ids.push('one');
  roles.push('input');
  const one = nh + nv;
  const m = nh + nh * nv;
  const edgeA = new Int32Array(m);
  const edgeB = new Int32Array(m);
  const w0 = new Float64Array(m);
  for (let j = 0; j < nh; j++) {
    edgeA[j] = one;
    edgeB[j] = j;
    w0[j] = rbm.bh[j];
    for (let i = 0; i < nv; i++) {
      const e = nh + j * nv + i;
      edgeA[e] = nh + i;
      edgeB[e] = j;
      w0[e] = rbm.W[j * nv + i];
    }
  }
  return {
    name: 'rbm',
    ids,
    roles,
    edgeA,
    edgeB,
    w0,
    synapseId: (e) => (e < nh ? `bias-h${e}` : `v${(e - nh) % nv}-h${Math.floor((e - nh) / nv)}`),
    dynamics: { hidden: bernoulliHidden, output: bernoulliVisible, input: heldNode, ground: heldNode },
    nodeParams: undefined,
    coupling: rbmCoupling,
    conduction: 'event',
    // W as one block: row j (hidden unit j, each synapse's edgeB), column i (visible unit i).
    blocks: [{ first: nh, rowStart: 0, rows: nh, colStart: nh, cols: nv, rowEnd: 'b' }],
    drawStream: (k) => (k < nh ? hiddenStream(k) : visibleStream(k - nh)),
    defaultDrive: (k) => (k === one ? of(1) : undefined),
    layout: {
      hidden: (j) => j,
      visible: (i) => nh + i,
      one,
      weight: (j, i) => nh + j * nv + i,
      bias: (j) => j,
    },
  };
}
