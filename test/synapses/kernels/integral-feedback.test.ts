import fc from 'fast-check';
import { SpecError } from '../../../src/errors';
import { integralFeedbackKernel } from '../../../src/synapses/kernels/integral-feedback';
import { feedbackF, feedbackK, rk4, simpson, staircaseConvolution } from './reference';
import { runs } from '../../support/property-runs';

const Bs = [5, 20, 60];

/** The ODE of the source's doc comment, as a right-hand side for RK4: y = [q, m]. */
const ode = (B: number, s: number) => (y: number[]) => [B * (s - y[1] - y[0]), (B / 4) * y[0]];

describe('integral-feedback kernel', () => {
  it('validates B and defaults to B = 20 with two state variables', () => {
    let err: unknown;
    try {
      integralFeedbackKernel({ B: -2 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).field).toBe('kernel.B');
    const k = integralFeedbackKernel();
    expect(k.stateSize).toBe(2);
    const x = new Float64Array(2);
    k.rest(x, 0, 0);
    expect(k.step(x, 0, 1, 0.03)).toBeCloseTo(feedbackF(20, 0.03), 12);
  });

  it.each(Bs)('B = %p: perfect adaptation, u returns to the set point 0 after a step', (B) => {
    for (const [s0, s1] of [
      [0, 1],
      [3, -7],
      [-2, 40],
    ]) {
      const k = integralFeedbackKernel({ B });
      const x = new Float64Array(2);
      k.rest(x, 0, s0);
      const d = 1 / (100 * B);
      let u = NaN;
      let err = 0;
      let peak = 0;
      for (let i = 1; i <= 5000; i++) {
        u = k.step(x, 0, s1, d);
        // Closed-form step response (s1 - s0) G(t), G = (B^2/4) t e^{-Bt/2}.
        err = Math.max(err, Math.abs(u - (s1 - s0) * feedbackF(B, i * d)));
        peak = Math.max(peak, Math.abs(u));
      }
      expect(err).toBeLessThan(1e-11 * Math.abs(s1 - s0) * B);
      // Peak B/(2e) |step| at t = 2/B: the step is seen, then forgotten.
      expect(peak).toBeCloseTo((B / (2 * Math.E)) * Math.abs(s1 - s0), 2);
      // After 50/B (slowest mode e^{-Bt/2}): |u| ~ 25 B e^{-25} |step|.
      expect(Math.abs(u)).toBeLessThan(1e-6);
      // m has absorbed the new signal.
      expect(x[1]).toBeCloseTo(s1, 6);
    }
  });

  it.each(Bs)('B = %p: a ramp s = r t gives u -> r', (B) => {
    for (const r of [2, -5]) {
      const k = integralFeedbackKernel({ B });
      const x = new Float64Array(2);
      k.rest(x, 0, 1);
      const dt = 1e-3;
      const N = Math.round(60 / B / dt);
      let u = NaN;
      for (let n = 0; n < N; n++) u = k.step(x, 0, 1 + r * (n + 0.5) * dt, dt);
      // The midpoint staircase differs from the ramp by a zero-mean sawtooth of height r dt; its
      // filtered residue is ~ r dt^2 K(0) / 12 = r dt^2 B^2 / 48 (K(0) = B^2/4 for this kernel).
      expect(Math.abs(u - r)).toBeLessThan(1e-9 + (Math.abs(r) * dt * dt * B * B) / 40);
    }
  });

  it.each(Bs)('B = %p: impulse response has area 0 and first moment -1', (B) => {
    const k = integralFeedbackKernel({ B });
    const x = new Float64Array(2);
    k.rest(x, 0, 0);
    const h = 1e-7;
    const d = 1 / (100 * B);
    const u = [k.step(x, 0, 1 / h, h)];
    const t = [h];
    for (let i = 1; i <= 8000; i++) {
      u.push(k.step(x, 0, 0, d));
      t.push(h + i * d);
    }
    // Against the closed-form kernel, shifted to the pulse centre.
    const kMax = B * B / 4;
    const err = Math.max(...u.map((v, i) => Math.abs(v - feedbackK(B, t[i] - h / 2))));
    expect(err).toBeLessThan(1e-6 * kMax);
    const area = simpson(u, d) + (u[0] * h) / 2;
    const moment = simpson(
      u.map((v, i) => v * t[i]),
      d,
    );
    expect(Math.abs(area)).toBeLessThan(1e-6);
    expect(Math.abs(moment + 1)).toBeLessThan(1e-6);
  });

  it('agrees with a fine RK4 integration of q\' = B(s - m - q), m\' = (B/4) q to 1e-8', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 60, noNaN: true }),
        fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 1e-3, max: 0.1, noNaN: true }),
        (B, [q0, m0], s, dt) => {
          const k = integralFeedbackKernel({ B });
          const x = new Float64Array([q0, m0]);
          let y = [q0, m0];
          for (const sn of s) {
            const u = k.step(x, 0, sn, dt);
            // RK4 error ~ (B h)^4 per unit time: B h <= 0.02 here.
            y = rk4(ode(B, sn), y, dt, Math.ceil((B * dt) / 0.02));
            const scale = 1 + Math.abs(y[0]) + Math.abs(y[1]);
            expect(Math.abs(x[0] - y[0])).toBeLessThan(1e-8 * scale);
            expect(Math.abs(x[1] - y[1])).toBeLessThan(1e-8 * scale);
            expect(Math.abs(u - (B / 4) * y[0])).toBeLessThan(1e-8 * scale * B);
          }
        },
      ),
      { numRuns: runs(60) },
    );
  });

  it('a random staircase signal gives exactly the convolution of K with the staircase', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 2, max: 50, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 1e-3, max: 0.2, noNaN: true }),
        (B, s0, s, dt) => {
          const k = integralFeedbackKernel({ B });
          const x = new Float64Array(2);
          k.rest(x, 0, s0);
          let u = NaN;
          for (const sn of s) u = k.step(x, 0, sn, dt);
          expect(Math.abs(u - staircaseConvolution((t) => feedbackF(B, t), 0, s0, s, dt))).toBeLessThan(1e-9 * (1 + B));
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it('one step of dt equals two steps of dt/2 with the same held s; rest is an equilibrium with u = 0', () => {
    const v = fc.double({ min: -10, max: 10, noNaN: true });
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 100, noNaN: true }), v, v, v, fc.double({ min: 1e-4, max: 1, noNaN: true }), (B, q, m, s, dt) => {
        const k = integralFeedbackKernel({ B });
        const a = new Float64Array([9, q, m, 9]);
        const b = new Float64Array([9, q, m, 9]);
        const ua = k.step(a, 1, s, dt);
        k.step(b, 1, s, dt / 2);
        const ub = k.step(b, 1, s, dt / 2);
        const scale = 1 + Math.abs(q) + Math.abs(m) + Math.abs(s);
        // The deviation q can be amplified by B dt before it decays; allow that in the scale.
        const amp = 1 + B * dt;
        for (let i = 0; i < 4; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-12 * scale * amp);
        expect(Math.abs(ua - ub)).toBeLessThan(1e-12 * scale * amp * B);
        expect([a[0], a[3]]).toEqual([9, 9]);

        const r = new Float64Array(2);
        k.rest(r, 0, s);
        expect(k.step(r, 0, s, dt)).toBe(0);
        expect(r[1] === s).toBe(true); // -0 and 0 alike
      }),
      { numRuns: runs(300) },
    );
  });
});
