import fc from 'fast-check';
import { SpecError } from '../../../src/errors';
import { CycleTick, RuleReplay, sawtoothTicks } from '../../../src/engines/quasi-static';
import { zeroReplayStats } from '../../../src/engines/quasi-static/rule-replay';
import { readKernel } from '../../../src/synapses/kernels/kernel-registry';
import { sampledKernel } from '../../../src/synapses/kernels/sampled';
import { TclParams, temporalContrastive } from '../../../src/synapses/rules/temporal-contrastive';
import { runs } from '../../support/property-runs';

/**
 * The authors' kernel, written out here from their code (falkma/ContrastiveMemory-Exp,
 * train_convolution.py): np.sin(np.arange(10)/10. * 2 * np.pi)/3, on a grid of 100 points per
 * unit cycle (h = 0.01), the convolution divided by the grid's 100 points.
 */
const H = 0.01;
const authorsW = Array.from({ length: 10 }, (_, m) => Math.sin((m / 10) * 2 * Math.PI) / 3);

/** u_n = h sum_m w_m s_{n-m}, s before the first sample = s0: the direct sum. */
function direct(w: number[], h: number, s: number[], s0: number): number[] {
  return s.map((_, n) => h * w.reduce((acc, wm, m) => acc + wm * (n - m >= 0 ? s[n - m] : s0), 0));
}

/** The circular convolution of a cycle of T samples (the authors' periodic boundary), causal alignment. */
function circular(w: number[], h: number, s: number[]): number[] {
  const T = s.length;
  return s.map((_, n) => h * w.reduce((acc, wm, m) => acc + wm * s[(((n - m) % T) + T) % T], 0));
}

const specError = (f: () => unknown): SpecError => {
  try {
    f();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('no SpecError');
};

describe('sampled kernel (the authors\' MNIST kernel)', () => {
  it("defaults to the authors' sine: 10 samples of (1/3) sin(2 pi m / 10), 0.01 apart, area 0", () => {
    const { kernel, tauK } = readKernel({ kind: 'sampled' }, 'k');
    expect(kernel.name).toBe('sampled');
    // The delay line of 10 samples and the sample clock's phase.
    expect(kernel.stateSize).toBe(11);
    expect(tauK).toBeCloseTo(0.05, 15);
    // A unit impulse reads the samples back, times h.
    const x = new Float64Array(kernel.stateSize);
    kernel.rest(x, 0, 0);
    const u = [kernel.step(x, 0, 1, H), ...Array.from({ length: 11 }, () => kernel.step(x, 0, 0, H))];
    u.forEach((v, n) => expect(v).toBeCloseTo(H * (authorsW[n] ?? 0), 15));
    // At rest on a constant the response is the area, 0.
    kernel.rest(x, 0, 7);
    expect(Math.abs(kernel.step(x, 0, 7, H))).toBeLessThan(1e-15);
  });

  it('equals the direct sum u_n = h sum_m w_m s_{n-m} on random signals and kernels', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.constantFrom(0.01, 0.25, 3),
        (w, s, s0, h) => {
          const k = sampledKernel({ spacing: h, weights: w });
          const x = new Float64Array(k.stateSize);
          k.rest(x, 0, s0);
          const got = s.map((v) => k.step(x, 0, v, h));
          const want = direct(w, h, s, s0);
          got.forEach((v, n) => expect(Math.abs(v - want[n])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(want[n]))));
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it('closed forms: a constant gives the area (0), a ramp s_n = r n gives h r (A N / 2) cot(pi / N) for the sine', () => {
    for (const N of [4, 10, 17]) {
      const A = 1 / 3;
      const w = Array.from({ length: N }, (_, m) => A * Math.sin((2 * Math.PI * m) / N));
      const k = sampledKernel({ spacing: H, weights: w });
      const x = new Float64Array(k.stateSize);
      k.rest(x, 0, -4);
      let u = NaN;
      for (let n = 0; n < 3 * N; n++) u = k.step(x, 0, -4, H);
      expect(Math.abs(u)).toBeLessThan(1e-14);
      // sum_m m sin(2 pi m / N) = -(N/2) cot(pi / N), so u = -h r A sum_m m sin(...).
      const r = 2.5;
      k.rest(x, 0, 0);
      for (let n = 1; n <= 3 * N; n++) u = k.step(x, 0, r * n, H);
      expect(u).toBeCloseTo(H * r * A * (N / 2) / Math.tan(Math.PI / N), 12);
    }
  });

  it('a step of q samples equals q steps of one; dt = 0 advances nothing; other dt run on the clock; a periodic start needs whole samples', () => {
    const k = sampledKernel({ spacing: 0.1, weights: authorsW });
    const a = new Float64Array(k.stateSize);
    const b = new Float64Array(k.stateSize);
    k.rest(a, 0, 1);
    k.rest(b, 0, 1);
    let ua = NaN;
    for (let i = 0; i < 3; i++) ua = k.step(a, 0, 2, 0.1);
    expect(k.step(b, 0, 2, 0.30000000000000004)).toBeCloseTo(ua, 15);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(k.step(b, 0, 99, 0)).toBeCloseTo(ua, 15);
    expect(Array.from(b)).toEqual(Array.from(a));
    // Two ticks of 0.15 take one sample (at 0.1) and then two (0.2, 0.3): as steps of 0.1 with 5, 6, 6.
    const c = new Float64Array(k.stateSize);
    k.rest(c, 0, 1);
    k.step(c, 0, 5, 0.15);
    const uc = k.step(c, 0, 6, 0.15);
    k.rest(a, 0, 1);
    [5, 6, 6].forEach((v) => (ua = k.step(a, 0, v, 0.1)));
    expect(uc).toBe(ua);
    expect(Array.from(c)).toEqual(Array.from(a));
    expect(k.checkTick).toBeUndefined();
    // A periodic start repeats the cycle: its period must be whole samples.
    expect(() => k.checkCycle!(2, 'rule.kernel')).not.toThrow();
    expect(specError(() => k.checkCycle!(0.25, 'rule.kernel')).field).toBe('rule.kernel.spacing');
    expect(specError(() => k.checkCycle!(0.05, 'rule.kernel')).field).toBe('rule.kernel.spacing');
  });

  it('its step response bound is the largest |h P_n| over the samples a jump may have had by that age, 0 past the support; nonnegative for the sine', () => {
    const k = sampledKernel({ spacing: H, weights: authorsW });
    const P = authorsW.map((_, n) => authorsW.slice(0, n + 1).reduce((a, b) => a + b, 0));
    expect(k.stepResponse!.nonNegative).toBe(true);
    expect(k.stepResponse!.bound(0)).toBeCloseTo(H * Math.max(...P), 15);
    expect(k.stepResponse!.bound(0.1)).toBe(0);
    // By age 0.07 a jump has been sampled at least 7 times (the first sample comes within h of
    // it, on any tick), so u = h P_n with n >= 6.
    expect(k.stepResponse!.bound(0.07)).toBeCloseTo(H * Math.max(...P.slice(6).map(Math.abs)), 15);
    // A kernel with area has no such bound (the rule cannot skip by it).
    expect(sampledKernel({ spacing: H, weights: [1, 2] }).stepResponse).toBeUndefined();
  });

  it.each([
    [{ kind: 'sampled', spacing: -1 }, 'k.spacing'],
    [{ kind: 'sampled', spacing: 0 }, 'k.spacing'],
    [{ kind: 'sampled', samples: 1 }, 'k.samples'],
    [{ kind: 'sampled', samples: 2.5 }, 'k.samples'],
    [{ kind: 'sampled', weights: [] }, 'k.weights'],
    [{ kind: 'sampled', weights: [1, 'a'] }, 'k.weights[1]'],
    [{ kind: 'sampled', weights: [1, -1], samples: 2 }, 'k.weights'],
    [{ kind: 'sampled', weights: [1, -1], amplitude: 2 }, 'k.weights'],
    [{ kind: 'sampled', width: 3 }, 'k.width'],
  ])('%j: a SpecError naming %s', (spec, field) => {
    const e = specError(() => readKernel(spec, 'k'));
    expect(e.field).toBe(field);
  });

  it('sampledKernel refuses non-finite samples naming them', () => {
    expect(specError(() => sampledKernel({ weights: [0, NaN] })).field).toBe('kernel.weights[1]');
    expect(specError(() => sampledKernel({ spacing: Infinity })).field).toBe('kernel.spacing');
  });
});

describe("the sampled kernel on the quasi-static path is the authors' circular convolution", () => {
  // The authors' cycle on their grid: period 1, rise 10%, 10 levels a ramp, so every tick is one
  // sample of 0.01 (10 rise ticks, 10 fall levels of 9 ticks): 100 samples, as their eval_grid.
  const ticks = sawtoothTicks({ protocol: { period: 1, rise: 0.1, levels: 10 }, relaxPerLevel: 4, riseSubsteps: 1, fallSubsteps: 9 });
  const kernel = sampledKernel({ spacing: H, weights: authorsW });
  const tcl = temporalContrastive(kernel);

  /** Kept state of each tick: one per distinct nudge (levels from the free state), the first tick its own. */
  function keptFromFree(ts: CycleTick[]): { snap: Int32Array; kept: number } {
    const byBeta = new Map<number, number>();
    const snap = Int32Array.from(ts, (t, i) => {
      if (i === 0) return 0;
      if (!byBeta.has(t.beta)) byBeta.set(t.beta, byBeta.size + 1);
      return byBeta.get(t.beta)!;
    });
    return { snap, kept: byBeta.size + 1 };
  }
  const { snap, kept } = keptFromFree(ticks);

  it('100 ticks of one sample each, the first (the free state) of none', () => {
    expect(ticks[0].dt).toBe(0);
    expect(ticks.length).toBe(101);
    for (const t of ticks.slice(1)) expect(t.dt).toBeCloseTo(H, 12);
  });

  it('with a periodic start, dw = -lr sum_n g(u_n) h, u the circular convolution of the held signal (threshold and linear g)', () => {
    let passedSome = false;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: kept, maxLength: kept }),
        fc.double({ min: 0, max: 3e-3, noNaN: true }),
        fc.boolean(),
        (values, theta, linear) => {
          const p: TclParams = { lr: 1.7, wMin: -Infinity, wMax: Infinity, theta, linear };
          // The signal held over each sample: tick n (1..100) holds its kept state's value.
          const s = Array.from(ticks.slice(1), (_, i) => values[snap[i + 1]]);
          const u = circular(authorsW, H, s);
          const g = u.map((v) => (linear || Math.abs(v) >= theta ? v : 0));
          const want = -p.lr * g.reduce((a, v) => a + v * H, 0);
          if (g.some((v) => v !== 0)) passedSome = true;
          const r = new RuleReplay(tcl, ticks, snap, kept, 'periodic');
          r.use(p);
          const w = Float64Array.of(0.3);
          r.row(w, 0, 1, Float64Array.from(values), zeroReplayStats());
          expect(Math.abs(w[0] - 0.3 - want)).toBeLessThanOrEqual(1e-13 + 1e-10 * Math.abs(want));
        },
      ),
      { numRuns: runs(100) },
    );
    expect(passedSome).toBe(true);
  });

  it('a signal linear in beta, jump D: with the threshold between the fall steps\' peak and the rise\'s plateau only the rise learns', () => {
    const D = 1e-3;
    const values = Array.from({ length: kept }, (_, k) => (k === 0 ? 0 : ticks[snap.indexOf(k)].beta * D));
    // Closed forms for the sine (A = 1/3, N = 10): the rise's plateau h A (N/2) cot(pi/N) D/10 =
    // 5.13e-6, a fall step's peak h max_n P_n D/10 = 1.03e-6; the rise's whole response sum_n h u_n =
    // h^2 A (N/2) cot(pi/N) D, all of it positive (P_n >= 0).
    const cot = 1 / Math.tan(Math.PI / 10);
    const plateau = (H * (5 / 3) * cot * D) / 10;
    const fallPeak = (H * Math.max(...authorsW.map((_, n) => authorsW.slice(0, n + 1).reduce((a, b) => a + b, 0))) * D) / 10;
    const whole = H * H * (5 / 3) * cot * D;
    expect(plateau).toBeCloseTo(5.13e-6, 8);
    expect(fallPeak).toBeCloseTo(1.026e-6, 8);
    const dw = (theta: number, linear = false): number => {
      const r = new RuleReplay(tcl, ticks, snap, kept, 'periodic');
      r.use({ lr: 1, wMin: -Infinity, wMax: Infinity, theta, linear });
      const w = Float64Array.of(0);
      r.row(w, 0, 1, Float64Array.from(values), zeroReplayStats());
      return w[0];
    };
    // Between the two: the rise's samples above theta only (its first ones are below: P_0 = 0).
    const mid = dw(2e-6);
    expect(-mid).toBeGreaterThan(0.5 * whole);
    expect(-mid).toBeLessThan(whole);
    // Above the plateau nothing passes; with linear g the closed cycle nets 0.
    expect(dw(1.01 * plateau)).toBe(0);
    expect(Math.abs(dw(0, true))).toBeLessThan(1e-12 * whole);
  });
});
