import { SpecError } from '../../errors';
import { Rbm } from './rbm';
import { sigmoid, softplus } from './gibbs';

/** Exhaustive sums run over 2^n states of one layer: keep n small. */
export const MAX_ENUMERATED_UNITS = 24;

function checkEnumerable(what: string, n: number): void {
  if (n > MAX_ENUMERATED_UNITS) {
    throw new SpecError(what, `at most ${MAX_ENUMERATED_UNITS} units to enumerate 2^n states`, n);
  }
}

/** Bits of k as a 0/1 vector of length n (bit i of k is entry i). */
export function bitsOf(k: number, n: number, out: Uint8Array = new Uint8Array(n)): Uint8Array {
  for (let i = 0; i < n; i++) out[i] = Math.floor(k / 2 ** i) % 2;
  return out;
}

function logSumExp(xs: Float64Array): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity) return m;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** log sum_h exp(-E(v, h)) = sum_j softplus(bh_j + (W v)_j): hidden states summed out exactly. */
export function logUnnormalizedVisible(r: Rbm, v: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < r.nh; j++) {
    let f = r.bh[j];
    const o = j * r.nv;
    for (let i = 0; i < r.nv; i++) if (v[i]) f += r.W[o + i];
    s += softplus(f);
  }
  return s;
}

/** log sum_v exp(-E(v, h)) = bh.h + sum_i softplus((W^T h)_i). */
export function logUnnormalizedHidden(r: Rbm, h: ArrayLike<number>): number {
  let s = 0;
  const f = new Float64Array(r.nv);
  for (let j = 0; j < r.nh; j++) {
    if (!h[j]) continue;
    s += r.bh[j];
    const o = j * r.nv;
    for (let i = 0; i < r.nv; i++) f[i] += r.W[o + i];
  }
  for (let i = 0; i < r.nv; i++) s += softplus(f[i]);
  return s;
}

/** log p~ of every state of the enumerated layer ('visible' or 'hidden'), index = bits. */
export function layerLogWeights(r: Rbm, layer: 'visible' | 'hidden'): Float64Array {
  const n = layer === 'visible' ? r.nv : r.nh;
  checkEnumerable(`rbm.${layer}`, n);
  const out = new Float64Array(2 ** n);
  const x = new Uint8Array(n);
  for (let k = 0; k < out.length; k++) {
    bitsOf(k, n, x);
    out[k] = layer === 'visible' ? logUnnormalizedVisible(r, x) : logUnnormalizedHidden(r, x);
  }
  return out;
}

/** The smaller layer (ties: hidden): the one the partition function enumerates. */
export const smallerLayer = (r: Rbm): 'visible' | 'hidden' => (r.nv < r.nh ? 'visible' : 'hidden');

/** log Z, by enumerating the smaller layer and summing the other out in closed form. */
export function logPartition(r: Rbm): number {
  return logSumExp(layerLogWeights(r, smallerLayer(r)));
}

/** Exact log p(v) of every visible configuration (index = bits of v); needs nv <= 24. */
export function visibleLogProbs(r: Rbm, logZ = logPartition(r)): Float64Array {
  const lw = layerLogWeights(r, 'visible');
  for (let k = 0; k < lw.length; k++) lw[k] -= logZ;
  return lw;
}

/** Exact mean negative log-likelihood (nats per example) of the rows. */
export function exactNll(r: Rbm, rows: readonly ArrayLike<number>[], logZ = logPartition(r)): number {
  let s = 0;
  for (const x of rows) s += logZ - logUnnormalizedVisible(r, x);
  return s / rows.length;
}

/** Exact total-variation distance 1/2 sum_v |p(v) - pStar(v)| over all 2^nv configurations. */
export function exactTv(r: Rbm, pStar: Float64Array, logP = visibleLogProbs(r)): number {
  if (pStar.length !== logP.length) throw new SpecError('pStar', `${logP.length} probabilities`, pStar.length);
  let s = 0;
  for (let k = 0; k < logP.length; k++) s += Math.abs(Math.exp(logP[k]) - pStar[k]);
  return s / 2;
}

/** NLL and TV together (one enumeration of the visible layer). */
export function exactNllTv(r: Rbm, rows: readonly ArrayLike<number>[], pStar: Float64Array): { nll: number; tv: number } {
  const logZ = logPartition(r);
  return { nll: exactNll(r, rows, logZ), tv: exactTv(r, pStar, visibleLogProbs(r, logZ)) };
}

/**
 * Exact first and second moments of the synapse signals s_ij = -h_j v_i in the two phases.
 * pos/neg: E+[h_j v_i] (data, h ~ p(h|x)) and E-[h_j v_i] (model), row-major like W.
 * A = E+|s|^2 and B = E-|s|^2, with |s|^2 = sum_ij (h_j v_i)^2 = (sum_j h_j)(sum_i v_i).
 * The model expectations enumerate the smaller layer.
 */
export interface SignalMoments {
  pos: Float64Array;
  neg: Float64Array;
  A: number;
  B: number;
}

/** Computes SignalMoments exactly, by enumeration (tiny RBMs only). */
export function signalMoments(r: Rbm, rows: readonly ArrayLike<number>[]): SignalMoments {
  const { nv, nh } = r;
  const pos = new Float64Array(nv * nh);
  const neg = new Float64Array(nv * nh);
  let A = 0;
  const ph = new Float64Array(nh);
  const condH = (v: ArrayLike<number>) => {
    for (let j = 0; j < nh; j++) {
      let f = r.bh[j];
      for (let i = 0; i < nv; i++) if (v[i]) f += r.W[j * nv + i];
      ph[j] = sigmoid(f);
    }
  };
  for (const x of rows) {
    condH(x);
    let nx = 0;
    let sh = 0;
    for (let i = 0; i < nv; i++) nx += x[i] ? 1 : 0;
    for (let j = 0; j < nh; j++) {
      sh += ph[j];
      for (let i = 0; i < nv; i++) if (x[i]) pos[j * nv + i] += ph[j] / rows.length;
    }
    A += (nx * sh) / rows.length;
  }
  let B = 0;
  const layer = smallerLayer(r);
  const lw = layerLogWeights(r, layer);
  const logZ = logSumExp(lw);
  if (layer === 'visible') {
    const v = new Uint8Array(nv);
    for (let k = 0; k < lw.length; k++) {
      const p = Math.exp(lw[k] - logZ);
      bitsOf(k, nv, v);
      condH(v);
      let nx = 0;
      let sh = 0;
      for (let i = 0; i < nv; i++) nx += v[i];
      for (let j = 0; j < nh; j++) {
        sh += ph[j];
        for (let i = 0; i < nv; i++) if (v[i]) neg[j * nv + i] += p * ph[j];
      }
      B += p * nx * sh;
    }
  } else {
    const h = new Uint8Array(nh);
    const pv = new Float64Array(nv);
    for (let k = 0; k < lw.length; k++) {
      const p = Math.exp(lw[k] - logZ);
      bitsOf(k, nh, h);
      pv.fill(0);
      for (let j = 0; j < nh; j++) if (h[j]) for (let i = 0; i < nv; i++) pv[i] += r.W[j * nv + i];
      let nh1 = 0;
      let sv = 0;
      for (let i = 0; i < nv; i++) {
        pv[i] = sigmoid(pv[i]);
        sv += pv[i];
      }
      for (let j = 0; j < nh; j++) {
        if (!h[j]) continue;
        nh1++;
        for (let i = 0; i < nv; i++) neg[j * nv + i] += p * pv[i];
      }
      B += p * nh1 * sv;
    }
  }
  return { pos, neg, A, B };
}

/**
 * The exact gradient of the mean NLL with respect to W: E+[s] - E-[s] with s = -h v^T, that is
 * E-[h v^T] - E+[h v^T].
 */
export function exactGradient(m: SignalMoments): Float64Array {
  return Float64Array.from(m.pos, (p, k) => m.neg[k] - p);
}
