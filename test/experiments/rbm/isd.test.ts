import fc from 'fast-check';
import { RandomSource } from '../../../src/scheduler/random';
import { rbmFrom } from '../../../src/substrates/rbm/rbm';
import { exactGradient, exactNll, signalMoments } from '../../../src/substrates/rbm/exact';
import { chainEstimate, isdStudy, optimalB, secondMomentTheory, studyCase } from '../../../src/experiments/rbm/isd-study';
import { bruteForce, rbmWithDataArb, states } from '../../substrates/rbm/brute-force';
import { runs } from '../../support/property-runs';

/**
 * The IS estimator g_hat = (z/b) s+ - ((1-z)/(1-b)) s- with s = -h v^T, z ~ Bernoulli(b),
 * s+ from the clamped phase (datum, h ~ p(h|x)) and s- from the free phase (the model).
 */
describe('IS estimator: unbiased, with second moment A/b + B/(1-b)', () => {
  it('exactly: summing g_hat over its whole sample space gives the derivative of the exact NLL', () => {
    fc.assert(
      fc.property(rbmWithDataArb({ scale: 1.5 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), ({ rbm, data }, b) => {
        const { nv, nh, W, bh } = rbm;
        const H = states(nh);
        // The estimator's outcomes: (z = 1, datum x, h) and (z = 0, joint state (v, h)), with probabilities.
        const mean = new Array(nv * nh).fill(0);
        let second = 0;
        const add = (p: number, c: number, v: ArrayLike<number>, h: number[]) => {
          let n2 = 0;
          for (let j = 0; j < nh; j++)
            for (let i = 0; i < nv; i++) {
              const g = c * -(h[j] * v[i]);
              mean[j * nv + i] += p * g;
              n2 += g * g;
            }
          second += p * n2;
        };
        for (const x of data) {
          const ws = H.map((h) => Math.exp(h.reduce((s, hj, j) => s + hj * (bh[j] + Array.from(x).reduce((t, xi, i) => t + W[j * nv + i] * xi, 0)), 0)));
          const z = ws.reduce((s, w) => s + w, 0);
          H.forEach((h, k) => add((b * ws[k]) / z / data.length, 1 / b, x, h));
        }
        const { Z } = bruteForce(rbm);
        for (const v of states(nv)) {
          for (const h of H) {
            let e = 0;
            for (let j = 0; j < nh; j++) {
              e += bh[j] * h[j];
              for (let i = 0; i < nv; i++) e += h[j] * W[j * nv + i] * v[i];
            }
            add(((1 - b) * Math.exp(e)) / Z, -1 / (1 - b), v, h);
          }
        }
        // Unbiased: the mean is the NLL gradient, by finite differences of the exact NLL.
        const eps = 1e-5;
        for (let k = 0; k < W.length; k++) {
          const w = W[k];
          W[k] = w + eps;
          const up = exactNll(rbm, data);
          W[k] = w - eps;
          const down = exactNll(rbm, data);
          W[k] = w;
          expect(Math.abs(mean[k] - (up - down) / (2 * eps))).toBeLessThan(1e-6);
        }
        // Second moment: A/b + B/(1-b) with A, B the exact moments of the two phases.
        const m = signalMoments(rbm, data);
        expect(Math.abs(second - secondMomentTheory(m.A, m.B, b))).toBeLessThan(1e-9 * Math.max(1, second));
      }),
      { numRuns: runs(60) },
    );
  });

  it('by Monte Carlo over random tiny RBMs: the sample mean is within 5 standard errors of the exact gradient, the second moment of A/b + B/(1-b)', () => {
    fc.assert(
      fc.property(rbmWithDataArb({ scale: 1.5, maxUnits: 4 }), fc.integer({ min: 1, max: 1e6 }), ({ rbm, data }, seed) => {
        const c = studyCase('prop', rbm, data, [0.25, 0.5, 0.75], 4000, new RandomSource(seed).stream('mc'));
        for (const r of c.rows) {
          // maxZ is the largest of up to 16 coordinates' z-scores.
          expect(r.maxZ).toBeLessThan(5);
          expect(Math.abs(r.measured - r.theory)).toBeLessThanOrEqual(5 * r.measuredSe + 1e-12);
        }
      }),
      { numRuns: runs(25) },
    );
  });

  it('b* = sqrt(A) / (sqrt(A) + sqrt(B)) minimises A/b + B/(1-b)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 100, noNaN: true }), fc.double({ min: 1e-3, max: 100, noNaN: true }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), (A, B, b) => {
        const bs = optimalB(A, B);
        expect(secondMomentTheory(A, B, bs)).toBeLessThanOrEqual(secondMomentTheory(A, B, b) * (1 + 1e-12));
        expect(secondMomentTheory(A, B, bs)).toBeCloseTo((Math.sqrt(A) + Math.sqrt(B)) ** 2, 6);
      }),
    );
    expect(optimalB(1, 1)).toBe(0.5);
  });

  it('IS-D on the actual Gibbs chain under the clock (end-of-phase samples) estimates the exact gradient', () => {
    // Weak couplings: the chain mixes in far fewer than K = 30 steps, so the bias is negligible.
    const rbm = rbmFrom(3, 2, [0.4, -0.3, 0.2, -0.5, 0.3, 0.1], [0.1, -0.2]);
    const data = [Uint8Array.of(1, 0, 1), Uint8Array.of(0, 1, 1), Uint8Array.of(1, 1, 0), Uint8Array.of(0, 0, 1)];
    const g = exactGradient(signalMoments(rbm, data));
    const { mean, se } = chainEstimate(rbm, data, 0.5, 30, 16000, 'chain-test');
    g.forEach((gk, k) => expect(Math.abs(mean[k] - gk)).toBeLessThan(5 * se[k]));
  });

  it("the study's unequal case has b* far from 1/2 and its measured second moment beats b = 1/2", () => {
    const [generic, unequal] = isdStudy({ seed: 1, samples: 20000, bs: [0.5], chainPhases: 0, K: 200 });
    expect(Math.abs(generic.bStar - 0.5)).toBeLessThan(0.1);
    expect(unequal.bStar).toBeLessThan(0.35);
    const half = unequal.rows.find((r) => r.b === 0.5)!;
    const star = unequal.rows.find((r) => r.b === unequal.bStar)!;
    // Beats b = 1/2 by more than the two estimates' noise.
    expect(half.measured - star.measured).toBeGreaterThan(4 * Math.hypot(half.measuredSe, star.measuredSe));
    expect(bruteForce(rbmFrom(1, 1, [0])).Z).toBe(4);
  });
});
