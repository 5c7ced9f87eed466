import fc from 'fast-check';
import { SpecError } from '../../../src/errors';
import { chemotaxisCoefficients, chemotaxisKernel } from '../../../src/synapses/kernels/chemotaxis';
import { chemoAC, chemoF, chemoK, simpson, staircaseConvolution } from './reference';
import { runs } from '../../support/property-runs';

const CASES: Array<{ B: number; I: number }> = [
  { B: 20, I: 0 },
  { B: 20, I: 0.05 },
  { B: 5, I: 0 },
  { B: 5, I: 0.05 },
  { B: 50, I: 0.05 },
];

/** Impulse response: a pulse of height 1/h over [0, h] from rest at 0, then u sampled every d. */
function impulseResponse(B: number, I: number, h: number, d: number, M: number): { t: number[]; u: number[] } {
  const k = chemotaxisKernel({ B, area: I });
  const x = new Float64Array(3);
  k.rest(x, 0, 0);
  const t = [h];
  const u = [k.step(x, 0, 1 / h, h)];
  for (let i = 1; i <= M; i++) {
    u.push(k.step(x, 0, 0, d));
    t.push(h + i * d);
  }
  return { t, u };
}

describe('chemotaxis kernel: coefficients and validation', () => {
  it('chemotaxisCoefficients matches A = 3IB^2 + B^3, C = (B^2 + 2BI)/(6I + 2B)', () => {
    for (const { B, I } of [...CASES, { B: 1, I: 2 }, { B: 0.3, I: -0.09 }]) {
      const ref = chemoAC(B, I);
      const got = chemotaxisCoefficients({ B, area: I });
      expect(got.A).toBeCloseTo(ref.A, 9);
      expect(got.C).toBeCloseTo(ref.C, 12);
    }
  });

  it('rejects a non-positive B with a SpecError naming kernel.B, and an area <= -B/3', () => {
    for (const B of [0, -1, NaN, Infinity]) {
      let err: unknown;
      try {
        chemotaxisKernel({ B });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SpecError);
      expect((err as SpecError).field).toBe('kernel.B');
    }
    expect(() => chemotaxisKernel({ B: 3, area: -1 })).toThrow(/kernel\.area/);
    expect(() => chemotaxisKernel({ B: 3, area: NaN })).toThrow(/kernel\.area/);
    expect(() => chemotaxisKernel({ B: 3, area: -0.9 })).not.toThrow();
  });

  it('defaults to B = 20, I = 0 and declares three state variables', () => {
    const k = chemotaxisKernel();
    expect(k.stateSize).toBe(3);
    // Unit step from rest at 0: compare with the closed-form step response for B = 20, I = 0.
    const x = new Float64Array(3);
    k.rest(x, 0, 0);
    const u = k.step(x, 0, 1, 0.05);
    expect(u).toBeCloseTo(chemoF(20, 0, 0.05), 12);
  });
});

describe('chemotaxis kernel: impulse response K(t) = A e^{-Bt}(t - C t^2)', () => {
  const h = 1e-5;

  it.each(CASES)('B = $B, I = $I: u after a unit-area pulse equals K (midpoint) and the exact pulse average', ({ B, I }) => {
    const d = 1 / (100 * B);
    const { t, u } = impulseResponse(B, I, h, d, 4000);
    const { A, C } = chemoAC(B, I);
    const kMax = Math.max(...t.map((ti) => Math.abs(chemoK(B, I, ti))));
    expect(kMax).toBeGreaterThan(0.1 * B); // the kernel is not trivially small
    let errMid = 0;
    let errAvg = 0;
    for (let i = 0; i < t.length; i++) {
      // The pulse of width h is a point impulse at h/2 up to O(h^2) (midpoint rule).
      errMid = Math.max(errMid, Math.abs(u[i] - chemoK(B, I, t[i] - h / 2)));
      // Exactly: u(t) = (1/h) integral_{t-h}^{t} K.
      const avg = (chemoF(B, I, t[i]) - chemoF(B, I, t[i] - h)) / h;
      errAvg = Math.max(errAvg, Math.abs(u[i] - avg));
    }
    // Midpoint-rule error h^2/24 max|K''|; max|K''| = |K''(0)| = 2A(B + C).
    expect(errMid).toBeLessThan(((h * h) / 24) * 2 * A * (B + C) * 1.01);
    expect(errAvg).toBeLessThan(1e-8 * kMax);
  });

  it.each(CASES)('B = $B, I = $I: area I and first moment -1 by numerical integration', ({ B, I }) => {
    const d = 1 / (100 * B);
    const hp = 1e-7; // a narrower pulse: the part of the integral inside it is ~ A hp^2 / 6
    const { t, u } = impulseResponse(B, I, hp, d, 4000); // out to 40/B: e^{-40} is negligible
    // Simpson from hp on, trapezoid over the pulse itself (u rises from 0 at t = 0).
    const area = simpson(u, d) + (u[0] * hp) / 2;
    const moment = simpson(
      u.map((v, i) => v * t[i]),
      d,
    ) + (u[0] * hp * hp) / 2;
    expect(Math.abs(area - I)).toBeLessThan(1e-6);
    // The pulse is centred at h/2, which shifts the first moment by (h/2) * area.
    expect(Math.abs(moment - (-1 + (I * hp) / 2))).toBeLessThan(1e-6);
  });

  it('with I = 0 it is positive before 2/B and negative after (a differentiator)', () => {
    const B = 20;
    const { t, u } = impulseResponse(B, 0, 1e-6, 1 / (100 * B), 1000);
    for (let i = 0; i < t.length; i++) {
      if (t[i] < 2 / B - 0.01 / B) expect(u[i]).toBeGreaterThan(0);
      if (t[i] > 2 / B + 0.01 / B) expect(u[i]).toBeLessThan(0);
    }
  });
});

describe('chemotaxis kernel: step and ramp responses', () => {
  it.each(CASES)('B = $B, I = $I: unit step -> u follows integral_0^t K, tends to I, and integral (u - I) = 1', ({ B, I }) => {
    const k = chemotaxisKernel({ B, area: I });
    const x = new Float64Array(3);
    k.rest(x, 0, 0);
    const d = 1 / (100 * B);
    const u = [0];
    let err = 0;
    for (let i = 1; i <= 4000; i++) {
      u.push(k.step(x, 0, 1, d));
      err = Math.max(err, Math.abs(u[i] - chemoF(B, I, i * d)));
    }
    expect(err).toBeLessThan(1e-11);
    expect(Math.abs(u[4000] - I)).toBeLessThan(1e-12);
    // integral_0^inf (u - I) dt = -first moment = 1.
    expect(Math.abs(simpson(
      u.map((v) => v - I),
      d,
    ) - 1)).toBeLessThan(1e-7);
  });

  it.each(CASES)('B = $B, I = $I: ramp s = r t -> u - I s tends to r', ({ B, I }) => {
    for (const r of [3, -0.7]) {
      const k = chemotaxisKernel({ B, area: I });
      const x = new Float64Array(3);
      k.rest(x, 0, 0);
      const dt = 1e-3;
      const N = Math.round(40 / B / dt);
      let u = 0;
      // Zero-order hold of the ramp at the middle of each step.
      for (let n = 0; n < N; n++) u = k.step(x, 0, r * (n + 0.5) * dt, dt);
      expect(Math.abs(u - I * r * N * dt - r)).toBeLessThan(1e-6 * Math.abs(r));
    }
  });

  it('a slow sinusoid gives u ~ I s + ds/dt, and the residual is the second-moment term', () => {
    const B = 20;
    const I = 0.05;
    const w = 0.5; // period 4 pi >> tau_K = 0.05
    const { A, C } = chemoAC(B, I);
    // Moment expansion u = sum_k (-1)^k m_k s^(k) / k!, m_k = integral t^k K; m_2 by hand:
    const m2 = A * (6 / B ** 4 - (24 * C) / B ** 5);
    const k = chemotaxisKernel({ B, area: I });
    const x = new Float64Array(3);
    k.rest(x, 0, 0);
    const dt = 1e-3;
    let err1 = 0;
    let err2 = 0;
    for (let n = 0; n < 20000; n++) {
      const u = k.step(x, 0, Math.sin(w * (n + 0.5) * dt), dt);
      const t = (n + 1) * dt;
      if (t < 2) continue; // start-up transient
      const first = I * Math.sin(w * t) + w * Math.cos(w * t);
      err1 = Math.max(err1, Math.abs(u - first));
      err2 = Math.max(err2, Math.abs(u - first - (m2 / 2) * -w * w * Math.sin(w * t)));
    }
    expect(err1).toBeLessThan(0.1 * w); // "approximately" for slow signals
    expect(err2).toBeLessThan(0.2 * err1); // and the leftover is mostly the next moment
    expect(err2).toBeLessThan(3e-3);
  });
});

describe('chemotaxis kernel: exact zero-order-hold integration', () => {
  const arbB = fc.double({ min: 0.5, max: 100, noNaN: true });
  const arbI = fc.double({ min: 0, max: 1, noNaN: true });
  const arbV = fc.double({ min: -10, max: 10, noNaN: true });

  it('one step of dt equals two steps of dt/2 with the same held s (to 1e-12)', () => {
    fc.assert(
      fc.property(arbB, arbI, fc.tuple(arbV, arbV, arbV), arbV, fc.double({ min: 1e-4, max: 1, noNaN: true }), (B, I, x0, s, dt) => {
        const k = chemotaxisKernel({ B, area: I });
        const a = new Float64Array([7, ...x0, 7]);
        const b = new Float64Array([7, ...x0, 7]);
        const ua = k.step(a, 1, s, dt);
        k.step(b, 1, s, dt / 2);
        const ub = k.step(b, 1, s, dt / 2);
        const scale = 1 + Math.max(...x0.map(Math.abs), Math.abs(s));
        for (let i = 0; i < 5; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-12 * scale);
        expect(Math.abs(ua - ub)).toBeLessThan(1e-12 * scale * (B + 3 * I + 1));
        // Neighbours of the slice are untouched.
        expect(a[0]).toBe(7);
        expect(a[4]).toBe(7);
      }),
      { numRuns: runs(300) },
    );
  });

  it('a random staircase signal gives exactly the convolution of K with the staircase', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 2, max: 50, noNaN: true }),
        arbI,
        arbV,
        fc.array(arbV, { minLength: 1, maxLength: 60 }),
        fc.double({ min: 1e-3, max: 0.2, noNaN: true }),
        (B, I, s0, s, dt) => {
          const k = chemotaxisKernel({ B, area: I });
          const x = new Float64Array(3);
          k.rest(x, 0, s0);
          const ref: number[] = [];
          let u = NaN;
          for (let n = 0; n < s.length; n++) {
            u = k.step(x, 0, s[n], dt);
            ref.push(s[n]);
          }
          const expected = staircaseConvolution((t) => chemoF(B, I, t), I, s0, ref, dt);
          expect(Math.abs(u - expected)).toBeLessThan(1e-9 * (1 + B));
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it('rest(s0) is an equilibrium with u = I s0', () => {
    fc.assert(
      fc.property(arbB, arbI, arbV, fc.double({ min: 1e-4, max: 10, noNaN: true }), (B, I, s0, dt) => {
        const k = chemotaxisKernel({ B, area: I });
        const x = new Float64Array(3);
        k.rest(x, 0, s0);
        const u = k.step(x, 0, s0, dt);
        expect(Math.abs(u - I * s0)).toBeLessThan(1e-12 * (1 + B) * (1 + Math.abs(s0)));
        for (let i = 0; i < 3; i++) expect(Math.abs(x[i] - s0)).toBeLessThan(1e-12 * (1 + Math.abs(s0)));
      }),
      { numRuns: runs(200) },
    );
  });
});
