import fc from 'fast-check';
import { RandomSource } from '../../../src/scheduler/random';
import { rbmFrom } from '../../../src/substrates/rbm/rbm';
import { bernoulliUnit, pHidden, pVisible, sigmoid, softplus } from '../../../src/substrates/rbm/gibbs';
import { RbmChain } from '../../../src/experiments/rbm/rbm-chain';
import { visibleLogProbs } from '../../../src/substrates/rbm/exact';
import { patternIndex } from '../../../src/datasets/binary-dataset';
import { bruteHiddenConditional, bruteVisibleConditional, tinyRbmArb } from './brute-force';
import { runs } from '../../support/property-runs';

const bits = (n: number) => fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n });

describe('Gibbs conditionals against their closed forms', () => {
  it('p(h_j = 1 | v) = sigmoid((W v + bh)_j) equals the ratio of sums over all h', () => {
    fc.assert(
      fc.property(tinyRbmArb({ scale: 3 }).chain((r) => fc.tuple(fc.constant(r), bits(r.nv))), ([r, v]) => {
        const closed = pHidden(r, v);
        bruteHiddenConditional(r, v).forEach((p, j) => expect(Math.abs(closed[j] - p)).toBeLessThan(1e-12));
      }),
      { numRuns: runs(100) },
    );
  });

  it('p(v_i = 1 | h) = sigmoid((W^T h)_i) (no visible bias) equals the ratio of sums over all v', () => {
    fc.assert(
      fc.property(tinyRbmArb({ scale: 3 }).chain((r) => fc.tuple(fc.constant(r), bits(r.nh))), ([r, h]) => {
        const closed = pVisible(r, h);
        bruteVisibleConditional(r, h).forEach((p, i) => expect(Math.abs(closed[i] - p)).toBeLessThan(1e-12));
      }),
      { numRuns: runs(100) },
    );
  });

  it('the unit step is 1 exactly when u < sigmoid(field), so P(1) = sigmoid(field) for u ~ U[0, 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (f, u) => {
        expect(bernoulliUnit.step(f, u)).toBe(u < sigmoid(f) ? 1 : 0);
      }),
    );
    expect(sigmoid(0)).toBe(0.5);
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(softplus(0)).toBeCloseTo(Math.log(2), 15);
  });

  it("the array engine's sampled frequencies match the conditionals (within 5 standard errors)", () => {
    const r = rbmFrom(4, 3, [0.5, -1, 2, 0, -0.3, 0.8, -1.5, 1, 0, 0.2, 1.1, -0.7], [0.4, -0.6, 0]);
    const chain = new RbmChain(r, new RandomSource('freq'));
    const v = [1, 0, 1, 1];
    const n = 20000;
    const onH = new Array(3).fill(0);
    // Visible samples counted per hidden pattern they were drawn from (8 patterns).
    const onV = Array.from({ length: 8 }, () => new Array(4).fill(0));
    const seen = new Array(8).fill(0);
    for (let k = 0; k < n; k++) {
      // A clamped step draws h given the datum and keeps v.
      chain.setVisible(v);
      chain.step(true);
      chain.h.forEach((x, j) => (onH[j] += x));
      // A free step from the datum draws h given v, then v given that h.
      chain.setVisible(v);
      chain.step(false);
      const hk = patternIndex(chain.h);
      seen[hk]++;
      chain.v.forEach((x, i) => (onV[hk][i] += x));
    }
    const check = (counts: number[], total: number, p: Float64Array) =>
      counts.forEach((c, k) => expect(Math.abs(c / total - p[k])).toBeLessThan(5 * Math.sqrt((p[k] * (1 - p[k])) / total))); // 5 SE
    check(onH, n, pHidden(r, v));
    let checked = 0;
    for (let hk = 0; hk < 8; hk++) {
      if (seen[hk] < 1000) continue;
      const h = Array.from({ length: 3 }, (_, j) => (hk >> j) & 1);
      check(onV[hk], seen[hk], pVisible(r, h));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('a long free chain visits visible states with the exact marginal p(v) (TV < 0.02)', () => {
    const r = rbmFrom(3, 2, [1.2, -0.8, 0.5, -1, 0.7, 1.5], [-0.5, 0.3]);
    const chain = new RbmChain(r, new RandomSource('stationary'));
    const counts = new Float64Array(8);
    const n = 60000;
    for (let k = 0; k < n + 100; k++) {
      chain.step(false);
      if (k >= 100) counts[patternIndex(chain.v)] += 1 / n;
    }
    const lp = visibleLogProbs(r);
    const tv = counts.reduce((s, c, k) => s + Math.abs(c - Math.exp(lp[k])), 0) / 2;
    expect(tv).toBeLessThan(0.02);
  });
});
