import { SpecError } from '../../errors';
import { Rng } from '../../scheduler/random';
import { integer, nonNegative } from '../../validate';

/**
 * A binary RBM: units in {0, 1}, no visible bias, inverse temperature 1,
 * E(v, h) = -h^T W v - bh^T h. W is stored row-major by hidden unit: W[j * nv + i] couples
 * hidden j and visible i.
 */
export interface Rbm {
  readonly nv: number;
  readonly nh: number;
  readonly W: Float64Array;
  readonly bh: Float64Array;
  /**
   * One array holding bh then W (W and bh are views into it): the substrate's synapse order
   * (rbm-substrate.ts), so the array engine's sweep reads the weights where learning writes them.
   */
  readonly x: Float64Array;
}

/** An RBM with zero weights, bh and W laid out in one array. */
function rbmStorage(nv: number, nh: number): Rbm {
  const x = new Float64Array(nh + nv * nh);
  return { nv, nh, x, bh: x.subarray(0, nh), W: x.subarray(nh) };
}

/** W ~ N(0, std^2) drawn in (j, i) order from the given substream, hidden bias 0 (the paper's init). */
export function createRbm(nv: number, nh: number, rng: Rng, std = 0.01): Rbm {
  integer('rbm.visible', nv, 1);
  integer('rbm.hidden', nh, 1);
  nonNegative('rbm.initStd', std);
  const r = rbmStorage(nv, nh);
  for (let k = 0; k < r.W.length; k++) r.W[k] = std * rng.normal();
  return r;
}

/**
 * An Rbm from given weights (nh x nv, row-major) and optional hidden biases (default 0), checked
 * for size.
 */
export function rbmFrom(nv: number, nh: number, W: ArrayLike<number>, bh?: ArrayLike<number>): Rbm {
  if (W.length !== nv * nh) throw new SpecError('rbm.W', `${nv * nh} weights (hidden x visible)`, W.length);
  if (bh !== undefined && bh.length !== nh) throw new SpecError('rbm.bh', `${nh} hidden biases`, bh.length);
  const r = rbmStorage(nv, nh);
  r.W.set(W);
  if (bh) r.bh.set(bh);
  return r;
}

/** A deep copy. */
export function cloneRbm(r: Rbm): Rbm {
  const c = rbmStorage(r.nv, r.nh);
  c.W.set(r.W);
  c.bh.set(r.bh);
  return c;
}

/** Energy E(v, h) = -h^T W v - bh^T h. */
export function energy(r: Rbm, v: ArrayLike<number>, h: ArrayLike<number>): number {
  let e = 0;
  for (let j = 0; j < r.nh; j++) {
    if (!h[j]) continue;
    let f = r.bh[j];
    for (let i = 0; i < r.nv; i++) if (v[i]) f += r.W[j * r.nv + i];
    e -= f;
  }
  return e;
}
