import fc from 'fast-check';
import { SpecError } from '../../../src/errors';
import { rbmFrom } from '../../../src/substrates/rbm/rbm';
import {
  exactGradient,
  exactNll,
  exactNllTv,
  exactTv,
  logPartition,
  signalMoments,
  smallerLayer,
  visibleLogProbs,
} from '../../../src/substrates/rbm/exact';
import { patternIndex } from '../../../src/datasets/binary-dataset';
import { bruteForce, rbmWithDataArb, states, tinyRbmArb } from './brute-force';
import { runs } from '../../support/property-runs';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

describe('exact partition function, NLL and TV against brute-force enumeration of (v, h)', () => {
  it('log Z equals log of the sum over all joint states, whichever layer is enumerated', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(tinyRbmArb({ scale: 3 }), (r) => {
        seen.add(smallerLayer(r));
        const { Z } = bruteForce(r);
        expect(rel(logPartition(r), Math.log(Z))).toBeLessThan(1e-12);
      }),
      { numRuns: runs(150) },
    );
    // Both code paths ran: models with nv < nh (visible enumerated) and nv >= nh (hidden).
    expect(seen).toEqual(new Set(['visible', 'hidden']));
  });

  it('p(v) of every visible configuration matches the brute-force marginal and sums to 1', () => {
    fc.assert(
      fc.property(tinyRbmArb({ scale: 3 }), (r) => {
        const { pv } = bruteForce(r);
        const lp = visibleLogProbs(r);
        states(r.nv).forEach((v, k) => {
          expect(patternIndex(v)).toBe(k);
          expect(Math.abs(Math.exp(lp[k]) - pv[k])).toBeLessThan(1e-12);
        });
        expect(Math.abs(lp.reduce((s, x) => s + Math.exp(x), 0) - 1)).toBeLessThan(1e-12);
      }),
      { numRuns: runs(100) },
    );
  });

  it('NLL is the mean of -log p(x) over the rows, and TV is half the L1 distance to the data distribution', () => {
    fc.assert(
      fc.property(rbmWithDataArb({ scale: 3 }), ({ rbm, data }) => {
        const { pv } = bruteForce(rbm);
        const nll = data.reduce((s, x) => s - Math.log(pv[patternIndex(x)]), 0) / data.length;
        expect(rel(exactNll(rbm, data), nll)).toBeLessThan(1e-10);
        const pStar = new Float64Array(pv.length);
        for (const x of data) pStar[patternIndex(x)] += 1 / data.length;
        const tv = pv.reduce((s, p, k) => s + Math.abs(p - pStar[k]), 0) / 2;
        expect(Math.abs(exactTv(rbm, pStar) - tv)).toBeLessThan(1e-12);
        const both = exactNllTv(rbm, data, pStar);
        expect(rel(both.nll, nll)).toBeLessThan(1e-10);
        expect(Math.abs(both.tv - tv)).toBeLessThan(1e-12);
      }),
      { numRuns: runs(100) },
    );
  });

  it('the uniform model: W = 0, bh = 0 gives NLL = nv log 2 and the known TV', () => {
    const r = rbmFrom(4, 3, new Array(12).fill(0));
    const data = [Uint8Array.of(1, 0, 0, 1), Uint8Array.of(1, 0, 0, 1)];
    expect(exactNll(r, data)).toBeCloseTo(4 * Math.log(2), 12);
    const pStar = new Float64Array(16);
    pStar[patternIndex([1, 0, 0, 1])] = 1;
    expect(exactTv(r, pStar)).toBeCloseTo(1 - 1 / 16, 12);
  });

  it('rejects layers too large to enumerate and a pStar of the wrong size, naming the field', () => {
    const big = rbmFrom(25, 1, new Array(25).fill(0));
    expect(() => visibleLogProbs(big)).toThrow(SpecError);
    expect(() => visibleLogProbs(big)).toThrow(/rbm.visible: expected at most 24 units/);
    const r = rbmFrom(3, 2, new Array(6).fill(0));
    expect(() => exactTv(r, new Float64Array(4))).toThrow(/pStar: expected 8 probabilities, got 4/);
    expect(() => rbmFrom(3, 2, [1, 2])).toThrow(/rbm.W: expected 6 weights/);
  });
});

describe('exact signal moments and gradient', () => {
  it('E+, E- of h v^T and A = E+|s|^2, B = E-|s|^2 match brute force', () => {
    fc.assert(
      fc.property(rbmWithDataArb({ scale: 2 }), ({ rbm, data }) => {
        const m = signalMoments(rbm, data);
        const bf = bruteForce(rbm);
        bf.neg.forEach((x, k) => expect(Math.abs(m.neg[k] - x)).toBeLessThan(1e-12));
        expect(rel(m.B, bf.B)).toBeLessThan(1e-10);
        // Positive phase: sum over h of p(h | x) for each datum, by enumeration.
        let A = 0;
        const pos = new Array(rbm.nv * rbm.nh).fill(0);
        for (const x of data) {
          const xs = Array.from(x);
          const H = states(rbm.nh);
          const ws = H.map((h) => Math.exp(h.reduce((s, hj, j) => s + hj * (rbm.bh[j] + xs.reduce((t, xi, i) => t + rbm.W[j * rbm.nv + i] * xi, 0)), 0)));
          const z = ws.reduce((s, w) => s + w, 0);
          H.forEach((h, k) => {
            const p = ws[k] / z / data.length;
            for (let j = 0; j < rbm.nh; j++) for (let i = 0; i < rbm.nv; i++) pos[j * rbm.nv + i] += p * h[j] * xs[i];
            A += p * h.reduce((s, t) => s + t, 0) * xs.reduce((s, t) => s + t, 0);
          });
        }
        pos.forEach((x, k) => expect(Math.abs(m.pos[k] - x)).toBeLessThan(1e-12));
        expect(Math.abs(m.A - A)).toBeLessThan(1e-10 * Math.max(1, A));
      }),
      { numRuns: runs(100) },
    );
  });

  it('E+[s] - E-[s] (s = -h v^T) is the derivative of the exact mean NLL in W (finite differences)', () => {
    fc.assert(
      fc.property(rbmWithDataArb({ scale: 1.5 }), ({ rbm, data }) => {
        const g = exactGradient(signalMoments(rbm, data));
        const eps = 1e-5;
        for (let k = 0; k < rbm.W.length; k++) {
          const w = rbm.W[k];
          rbm.W[k] = w + eps;
          const up = exactNll(rbm, data);
          rbm.W[k] = w - eps;
          const down = exactNll(rbm, data);
          rbm.W[k] = w;
          expect(Math.abs((up - down) / (2 * eps) - g[k])).toBeLessThan(1e-6);
        }
      }),
      { numRuns: runs(60) },
    );
  });
});
