import fc from 'fast-check';
import { chemotaxisKernel } from '../../../src/synapses/kernels/chemotaxis';
import { integralFeedbackKernel } from '../../../src/synapses/kernels/integral-feedback';
import { MemoryKernel } from '../../../src/synapses/kernels/memory-kernel';
import { temporalContrastive, thresholdG, TclParams } from '../../../src/synapses/rules';

const base: TclParams = { lr: 1, wMin: -Infinity, wMax: Infinity, theta: 1, linear: false };

/** K = delta (u = s), with a log of the calls, written here as a test double. */
function deltaKernel(log: string[] = []): MemoryKernel {
  return {
    name: 'delta',
    stateSize: 1,
    rest(x, o, s0) {
      log.push(`rest ${s0}`);
      x[o] = s0;
    },
    step(x, o, s) {
      log.push(`step ${s}`);
      x[o] = s;
      return s;
    },
  };
}

describe('threshold nonlinearity g', () => {
  it('g(u) = u if |u| >= theta else 0; linear g(u) = u', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 1e-3, max: 50, noNaN: true }), (u, theta) => {
        const p = { ...base, theta };
        expect(thresholdG(u, p)).toBe(Math.abs(u) >= theta ? u : 0);
        expect(thresholdG(u, { ...p, linear: true })).toBe(u);
      }),
    );
    expect(thresholdG(2, { ...base, theta: 2 })).toBe(2); // the boundary passes
    expect(thresholdG(-2, { ...base, theta: 2 })).toBe(-2);
  });
});

describe('temporal contrastive rule', () => {
  it('reads its endpoints only and lays out [w, u, kernel...]', () => {
    const rule = temporalContrastive(chemotaxisKernel());
    expect(rule.reads).toEqual(['endpoints']);
    expect(rule.stateSize).toBe(5);
    expect(rule.name).toBe('tcl-chemotaxis');
    expect(temporalContrastive(integralFeedbackKernel()).stateSize).toBe(4);
  });

  it('u is NaN before the first step; the kernel is put at rest on the first signal, once', () => {
    const log: string[] = [];
    const rule = temporalContrastive(deltaKernel(log));
    const x = new Float64Array(5).fill(8);
    rule.init(x, 1, 0.25, base);
    expect(x[1]).toBe(0.25);
    expect(Number.isNaN(x[2])).toBe(true);
    expect([x[0], x[4]]).toEqual([8, 8]);
    rule.step(x, 1, 3, 0, 0.1, base);
    rule.step(x, 1, 4, 0, 0.1, base);
    expect(log).toEqual(['rest 3', 'step 3', 'step 4']);
    expect(x[2]).toBe(4);
    expect([x[0], x[4]]).toEqual([8, 8]);
  });

  it('with K = delta it is dw = -lr g(s) dt: no change while |u| < theta', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: 1e-3, max: 0.5, noNaN: true })), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0.1, max: 15, noNaN: true }),
        fc.double({ min: 1e-3, max: 2, noNaN: true }),
        fc.boolean(),
        (steps, theta, lr, linear) => {
          const p = { ...base, theta, lr, linear };
          const rule = temporalContrastive(deltaKernel());
          const x = new Float64Array(rule.stateSize);
          rule.init(x, 0, 0, p);
          let w = 0;
          for (const [s, dt] of steps) {
            rule.step(x, 0, s, 0, dt, p);
            if (linear || Math.abs(s) >= theta) w -= lr * s * dt;
            expect(x[0]).toBeCloseTo(w, 10);
            expect(x[1]).toBe(s);
          }
        },
      ),
    );
  });

  it('starts at rest: a constant signal gives no weight change (no jump transient)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.double({ min: 1e-4, max: 0.1, noNaN: true }), (s, dt) => {
        // I = 0 kernels, even with linear g: u stays ~0.
        for (const kernel of [chemotaxisKernel({ B: 20, area: 0 }), integralFeedbackKernel({ B: 20 })]) {
          const rule = temporalContrastive(kernel);
          const p = { ...base, linear: true };
          const x = new Float64Array(rule.stateSize);
          rule.init(x, 0, 1, p);
          for (let n = 0; n < 50; n++) rule.step(x, 0, s, 0, dt, p);
          expect(Math.abs(x[0] - 1)).toBeLessThan(1e-12 * (1 + Math.abs(s)));
        }
        // With the threshold, exactly no change.
        const rule = temporalContrastive(chemotaxisKernel({ B: 20, area: 0 }));
        const x = new Float64Array(rule.stateSize);
        rule.init(x, 0, 1, base);
        for (let n = 0; n < 50; n++) rule.step(x, 0, s, 0, dt, base);
        expect(x[0]).toBe(1);
      }),
    );
  });

  it('a kernel area I gives u = I s at rest: an offset update only when |I s| >= theta', () => {
    const I = 0.05;
    const dt = 0.01;
    for (const [s, moves] of [
      [10, false], // I s = 0.5 < theta = 1
      [-10, false],
      [40, true], // I s = 2
      [-40, true],
    ] as Array<[number, boolean]>) {
      const rule = temporalContrastive(chemotaxisKernel({ B: 20, area: I }));
      const x = new Float64Array(rule.stateSize);
      rule.init(x, 0, 0, base);
      for (let n = 0; n < 100; n++) rule.step(x, 0, s, 0, dt, base);
      expect(x[1]).toBeCloseTo(I * s, 10);
      expect(x[0]).toBeCloseTo(moves ? -I * s * 100 * dt : 0, 9);
    }
  });

  it('a ramp of slope r: u -> r, so dw/dt -> -lr r if |r| >= theta, and nothing if |r| < theta', () => {
    const B = 20;
    const dt = 1e-3;
    const theta = 5;
    for (const r of [8, -8, 4.5, -4.5]) {
      const rule = temporalContrastive(chemotaxisKernel({ B, area: 0 }));
      const p = { ...base, theta, lr: 0.3 };
      const x = new Float64Array(rule.stateSize);
      rule.init(x, 0, 0, p);
      const N = 2000;
      let wHalf = 0;
      for (let n = 0; n < N; n++) {
        if (n === N / 2) wHalf = x[0];
        rule.step(x, 0, 7 + r * (n + 0.5) * dt, 0, dt, p);
      }
      // For I = 0 the ramp response rises monotonically to r (it is r times the integral of
      // the step response, which is >= 0), so |u| < theta throughout when |r| < theta.
      if (Math.abs(r) < theta) expect(x[0]).toBe(0);
      else expect(x[0] - wHalf).toBeCloseTo(-0.3 * r * (N / 2) * dt, 6);
    }
  });

  it('respects the weight bounds', () => {
    const rule = temporalContrastive(deltaKernel());
    const p = { ...base, wMin: -0.5, wMax: 0.5 };
    const x = new Float64Array(rule.stateSize);
    rule.init(x, 0, 0, p);
    rule.step(x, 0, -10, 0, 1, p);
    expect(x[0]).toBe(0.5);
    rule.step(x, 0, 10, 0, 1, p);
    expect(x[0]).toBe(-0.5);
  });
});
