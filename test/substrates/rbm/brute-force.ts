/**
 * Brute force over every joint state (v, h) of a tiny RBM, written independently of src/substrates/rbm:
 * the reference the exact (summed-out) formulas are tested against.
 */
import fc from 'fast-check';
import { Rbm, rbmFrom } from '../../../src/substrates/rbm/rbm';

export function states(n: number): number[][] {
  return Array.from({ length: 2 ** n }, (_, k) => Array.from({ length: n }, (_, i) => (k >> i) & 1));
}

export function jointEnergy(r: Rbm, v: number[], h: number[]): number {
  let e = 0;
  for (let j = 0; j < r.nh; j++) {
    e -= r.bh[j] * h[j];
    for (let i = 0; i < r.nv; i++) e -= h[j] * r.W[j * r.nv + i] * v[i];
  }
  return e;
}

export interface Brute {
  Z: number;
  /** p(v) for v = states(nv)[k]. */
  pv: number[];
  /** E_model[h_j v_i], row-major. */
  neg: number[];
  /** E_model[(sum h)(sum v)]. */
  B: number;
}

export function bruteForce(r: Rbm): Brute {
  const V = states(r.nv);
  const H = states(r.nh);
  let Z = 0;
  const pv = V.map(() => 0);
  const neg = new Array(r.nv * r.nh).fill(0);
  let B = 0;
  V.forEach((v, a) =>
    H.forEach((h) => {
      const w = Math.exp(-jointEnergy(r, v, h));
      Z += w;
      pv[a] += w;
      for (let j = 0; j < r.nh; j++) for (let i = 0; i < r.nv; i++) neg[j * r.nv + i] += w * h[j] * v[i];
      B += w * h.reduce((s, x) => s + x, 0) * v.reduce((s, x) => s + x, 0);
    }),
  );
  return { Z, pv: pv.map((p) => p / Z), neg: neg.map((x) => x / Z), B: B / Z };
}

/** p(h_j = 1 | v) by summing over all h. */
export function bruteHiddenConditional(r: Rbm, v: number[]): number[] {
  const H = states(r.nh);
  const ws = H.map((h) => Math.exp(-jointEnergy(r, v, h)));
  const z = ws.reduce((s, w) => s + w, 0);
  return Array.from({ length: r.nh }, (_, j) => H.reduce((s, h, k) => s + h[j] * ws[k], 0) / z);
}

/** p(v_i = 1 | h) by summing over all v. */
export function bruteVisibleConditional(r: Rbm, h: number[]): number[] {
  const V = states(r.nv);
  const ws = V.map((v) => Math.exp(-jointEnergy(r, v, h)));
  const z = ws.reduce((s, w) => s + w, 0);
  return Array.from({ length: r.nv }, (_, i) => V.reduce((s, v, k) => s + v[i] * ws[k], 0) / z);
}

/** Random tiny RBMs (1-5 units per layer, weights and biases in [-scale, scale]). */
export function tinyRbmArb(o: { maxUnits?: number; scale?: number } = {}): fc.Arbitrary<Rbm> {
  const max = o.maxUnits ?? 5;
  const w = fc.double({ min: -(o.scale ?? 2), max: o.scale ?? 2, noNaN: true });
  return fc
    .tuple(fc.integer({ min: 1, max: max }), fc.integer({ min: 1, max: max }))
    .chain(([nv, nh]) =>
      fc.record({
        nv: fc.constant(nv),
        nh: fc.constant(nh),
        W: fc.array(w, { minLength: nv * nh, maxLength: nv * nh }),
        bh: fc.array(w, { minLength: nh, maxLength: nh }),
      }),
    )
    .map(({ nv, nh, W, bh }) => rbmFrom(nv, nh, W, bh));
}

/** An RBM with some binary data rows of its width. */
export function rbmWithDataArb(o: { maxUnits?: number; scale?: number } = {}): fc.Arbitrary<{ rbm: Rbm; data: Uint8Array[] }> {
  return tinyRbmArb(o).chain((rbm) =>
    fc.record({
      rbm: fc.constant(rbm),
      data: fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: rbm.nv, maxLength: rbm.nv }).map((r) => Uint8Array.from(r)), {
        minLength: 1,
        maxLength: 6,
      }),
    }),
  );
}
