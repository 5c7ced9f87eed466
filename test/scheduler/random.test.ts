import fc from 'fast-check';
import { RandomSource, Rng, rngFromFunction } from '../../src/scheduler/random';
import { runs } from '../support/property-runs';

const take = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.uniform());

function meanVar(xs: number[]): { mean: number; variance: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, variance };
}

/** |observed - expected| within 5 standard errors. */
function within5Sigma(observed: number, expected: number, sigma: number): void {
  expect(Math.abs(observed - expected)).toBeLessThanOrEqual(5 * sigma);
}

const N = 100_000;

describe('RandomSource substreams', () => {
  it('the same (seed, name) gives the identical sequence', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), fc.string(), (seed, name) => {
        const a = take(new RandomSource(seed).stream(name), 50);
        const b = take(new RandomSource(seed).stream(name), 50);
        expect(b).toEqual(a);
      }),
      { numRuns: runs(50) },
    );
  });

  it('different names, or different seeds, give different sequences', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), fc.string(), (seed, n1, n2) => {
        fc.pre(n1 !== n2);
        const src = new RandomSource(seed);
        expect(take(src.stream(n1), 20)).not.toEqual(take(src.stream(n2), 20));
        expect(take(new RandomSource(seed + 1).stream(n1), 20)).not.toEqual(take(src.stream(n1), 20));
      }),
      { numRuns: runs(50) },
    );
  });

  it('creating and consuming other streams in between does not change a stream', () => {
    const alone = take(new RandomSource(7).stream('node:a'), 200);

    const src = new RandomSource(7);
    const other1 = src.stream('node:b');
    const a = src.stream('node:a');
    const other2 = src.stream('edge:a-b#0');
    const interleaved: number[] = [];
    for (let i = 0; i < 200; i++) {
      other1.uniform();
      other2.normal();
      other2.geometric(0.3);
      interleaved.push(a.uniform());
      src.stream(`fresh:${i}`).uniform();
    }
    expect(interleaved).toEqual(alone);
  });

  it('streams of the same source are uncorrelated', () => {
    const src = new RandomSource('corr');
    const xs = take(src.stream('x'), N);
    const ys = take(src.stream('y'), N);
    let c = 0;
    for (let i = 0; i < N; i++) c += (xs[i] - 0.5) * (ys[i] - 0.5);
    const corr = c / N / (1 / 12);
    within5Sigma(corr, 0, 1 / Math.sqrt(N));
  });
});

describe('Rng samplers (statistics, 5-sigma tolerances)', () => {
  const rng = () => new RandomSource(20240601).stream('stats');

  it('uniform() lies in [0, 1) with mean 1/2, variance 1/12 and flat deciles', () => {
    const r = rng();
    const xs = take(r, N);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const { mean, variance } = meanVar(xs);
    within5Sigma(mean, 0.5, Math.sqrt(1 / 12 / N));
    // Var of the sample variance of U(0,1): (mu4 - sigma^4)/n = (1/80 - 1/144)/n.
    within5Sigma(variance, 1 / 12, Math.sqrt((1 / 80 - 1 / 144) / N));
    const bins = new Array(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]++;
    for (const b of bins) within5Sigma(b / N, 0.1, Math.sqrt(0.1 * 0.9 / N));
  });

  it('between(lo, hi) lies in [lo, hi) with mean (lo + hi)/2', () => {
    const r = rng();
    const lo = -3;
    const hi = 5;
    const xs = Array.from({ length: N }, () => r.between(lo, hi));
    expect(xs.every((x) => x >= lo && x < hi)).toBe(true);
    within5Sigma(meanVar(xs).mean, 1, (hi - lo) / Math.sqrt(12 * N));
  });

  it.each([0.01, 0.3, 0.5, 0.9])('bernoulli(%p) has mean p', (p) => {
    const r = rng();
    let hits = 0;
    for (let i = 0; i < N; i++) if (r.bernoulli(p)) hits++;
    within5Sigma(hits / N, p, Math.sqrt((p * (1 - p)) / N));
  });

  it('bernoulli(0) is never true and bernoulli(1) always', () => {
    const r = rng();
    const draws = Array.from({ length: 1000 }, () => [r.bernoulli(0), r.bernoulli(1)]);
    expect(draws.every(([never, always]) => !never && always)).toBe(true);
  });

  it('int(n) gives integers in [0, n), each with frequency 1/n', () => {
    const r = rng();
    const n = 7;
    const counts = new Array(n).fill(0);
    const ks = Array.from({ length: N }, () => r.int(n));
    expect(ks.every((k) => Number.isInteger(k) && k >= 0 && k < n)).toBe(true);
    for (const k of ks) counts[k]++;
    for (const c of counts) within5Sigma(c / N, 1 / n, Math.sqrt((1 / n) * (1 - 1 / n) / N));
  });

  it('normal() has mean 0, variance 1 and 68.27% of its mass within one sigma', () => {
    const r = rng();
    const xs = Array.from({ length: N }, () => r.normal());
    const { mean, variance } = meanVar(xs);
    within5Sigma(mean, 0, 1 / Math.sqrt(N));
    within5Sigma(variance, 1, Math.sqrt(2 / N));
    const p1 = 0.6826894921370859; // erf(1/sqrt(2))
    within5Sigma(xs.filter((x) => Math.abs(x) < 1).length / N, p1, Math.sqrt((p1 * (1 - p1)) / N));
    // Third moment 0 (the Box-Muller pair is not skewed), sd of the estimate sqrt(15/N).
    within5Sigma(xs.reduce((a, x) => a + x ** 3, 0) / N, 0, Math.sqrt(15 / N));
  });

  it.each([0.05, 0.2, 0.5, 0.9])('geometric(%p) is an integer >= 1 with mean 1/p and P(1) = p', (p) => {
    const r = rng();
    const xs = Array.from({ length: N }, () => r.geometric(p));
    expect(xs.every((x) => Number.isInteger(x) && x >= 1)).toBe(true);
    // Var of a geometric on {1, 2, ...}: (1 - p)/p^2.
    within5Sigma(meanVar(xs).mean, 1 / p, Math.sqrt((1 - p) / (p * p) / N));
    within5Sigma(xs.filter((x) => x === 1).length / N, p, Math.sqrt((p * (1 - p)) / N));
  });

  it('geometric(1) is 1 and geometric rejects p outside (0, 1]', () => {
    const r = rng();
    expect(r.geometric(1)).toBe(1);
    for (const p of [0, -0.1, 1.5, NaN]) expect(() => r.geometric(p)).toThrow(RangeError);
  });
});

describe('rngFromFunction: samplers as closed forms of the underlying uniforms', () => {
  const seq = (xs: number[]) => {
    let i = 0;
    return rngFromFunction(() => xs[i++ % xs.length]);
  };

  it('between, bernoulli and int are the obvious transforms', () => {
    const r = seq([0.25, 0.75, 0.5, 0.999]);
    expect(r.between(2, 6)).toBe(3); // 2 + 4 * 0.25
    expect(r.bernoulli(0.75)).toBe(false); // 0.75 < 0.75 is false
    expect(r.bernoulli(0.51)).toBe(true); // 0.5 < 0.51
    expect(r.int(10)).toBe(9); // floor(9.99)
  });

  it('normal() is Box-Muller: a pair (r cos 2 pi v, r sin 2 pi v), r = sqrt(-2 ln u)', () => {
    const u = 0.3;
    const v = 0.7;
    const r = seq([u, v]);
    const rad = Math.sqrt(-2 * Math.log(u));
    expect(r.normal()).toBeCloseTo(rad * Math.cos(2 * Math.PI * v), 12);
    expect(r.normal()).toBeCloseTo(rad * Math.sin(2 * Math.PI * v), 12);
  });

  it('normal() never takes log(0): a zero uniform is redrawn', () => {
    const r = seq([0, 0.5, 0.25]);
    const x = r.normal();
    expect(Number.isFinite(x)).toBe(true);
    expect(x).toBeCloseTo(Math.sqrt(-2 * Math.log(0.5)) * Math.cos(2 * Math.PI * 0.25), 12);
  });

  it('geometric(p) inverts the CDF: the smallest k with 1 - (1-p)^k >= 1 - u', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (u, p) => {
          const k = seq([u]).geometric(p);
          // Independent: P(X > k) = (1-p)^k, so X = the k with (1-p)^k < u <= (1-p)^(k-1).
          let expected = 1;
          while ((1 - p) ** expected >= u) expected++;
          // Allow one step of rounding at an exact boundary.
          expect(Math.abs(k - expected)).toBeLessThanOrEqual(
            Math.abs((1 - p) ** expected - u) < 1e-12 || Math.abs((1 - p) ** (expected - 1) - u) < 1e-12 ? 1 : 0,
          );
        },
      ),
    );
  });
});
