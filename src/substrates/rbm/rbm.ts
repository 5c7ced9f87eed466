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
}

/** W ~ N(0, std^2) drawn in (j, i) order from the given substream, hidden bias 0 (the paper's init). */
export function createRbm(nv: number, nh: number, rng: Rng, std = 0.01): Rbm {
  integer('rbm.visible', nv, 1);
  integer('rbm.hidden', nh, 1);
  nonNegative('rbm.initStd', std);
  const W = new Float64Array(nv * nh);
  for (let k = 0; k < W.length; k++) W[k] = std * rng.normal();
  return { nv, nh, W, bh: new Float64Array(nh) };
}

/**
 * An Rbm from given weights (nh x nv, row-major) and optional hidden biases (default 0), checked
 * for size.
 */
export function rbmFrom(nv: number, nh: number, W: ArrayLike<number>, bh?: ArrayLike<number>): Rbm {
  if (W.length !== nv * nh) throw new SpecError('rbm.W', `${nv * nh} weights (hidden x visible)`, W.length);
  if (bh !== undefined && bh.length !== nh) throw new SpecError('rbm.bh', `${nh} hidden biases`, bh.length);
  return { nv, nh, W: Float64Array.from(W), bh: bh ? Float64Array.from(bh) : new Float64Array(nh) };
}

/** A deep copy. */
export function cloneRbm(r: Rbm): Rbm {
  return { nv: r.nv, nh: r.nh, W: r.W.slice(), bh: r.bh.slice() };
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
