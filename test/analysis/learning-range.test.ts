import fc from 'fast-check';
import * as path from 'path';
import { RangeResult, checkRangePoint } from '../../src/analysis/learning-range';
import { fitThreeSegments } from '../../src/analysis/piecewise-linear';
import { sawtoothCycle } from '../../src/analysis/sawtooth-cycle';
import { defaultResponseSpec, sawtoothResponse } from '../../src/experiments/response';
import { chemotaxisKernel } from '../../src/synapses/kernels/chemotaxis';
import { chemoK } from '../synapses/kernels/reference';
import { NodeWorker, nodeWorker } from '../support/node-worker';
import { specField } from '../support/spec-error';
import { runs } from '../support/property-runs';

// The amplitude sweeps run in plain node (jest's sandbox makes these loops ~10x slower).
const rangeModule = path.join(__dirname, '../../src/analysis/learning-range.ts');
let worker: NodeWorker;
beforeAll(() => (worker = nodeWorker()));
afterAll(() => worker.close());
const learningRange = (p: object) => worker.call<RangeResult>(rangeModule, 'learningRange', p);


describe('three-segment piecewise-linear fit', () => {
  it('recovers the breakpoints and slopes of noisy continuous three-segment data', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 0.4, noNaN: true }),
        fc.double({ min: 0.1, max: 0.4, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.integer({ min: 1, max: 1e6 }),
        (b1, gap, s1, s2, s3, seed) => {
          // Distinct slopes, so both breakpoints are identifiable.
          fc.pre(Math.abs(s2 - s1) > 0.5 && Math.abs(s3 - s2) > 0.5);
          const b2 = b1 + gap + 0.05;
          const f = (x: number) => 0.3 + s1 * Math.min(x, b1) + s2 * Math.max(0, Math.min(x, b2) - b1) + s3 * Math.max(0, x - b2);
          let r = seed;
          const noise = () => ((r = (r * 16807) % 2147483647) / 2147483647 - 0.5) * 2e-3;
          const x = Array.from({ length: 300 }, (_, i) => i / 300);
          const y = x.map((v) => f(v) + noise());
          const fit = fitThreeSegments(x, y);
          expect(fit.breaks[1]).toBeCloseTo(b1, 1);
          expect(fit.breaks[2]).toBeCloseTo(b2, 1);
          expect(fit.slopes[0]).toBeCloseTo(s1, 1);
          expect(fit.slopes[1]).toBeCloseTo(s2, 1);
          expect(fit.slopes[2]).toBeCloseTo(s3, 1);
          // The last segment's line at x = 0.
          expect(fit.intercepts[2]).toBeCloseTo(f(1) - s3, 1);
        },
      ),
      { numRuns: runs(15) },
    );
  });
});

describe('the single-synapse cycle', () => {
  it('is the experiments/response.ts measurement when not centred', () => {
    const k = chemotaxisKernel();
    const spec = { ...defaultResponseSpec, dt: 1e-3, placement: 'above' as const };
    for (const A of [15, 60, 150]) {
      const c = sawtoothCycle({ tauF: 1, tauS: 9, theta: spec.theta, background: 0, centred: false, dt: 1e-3, warmup: 1 }, A, k);
      expect(c.dw).toBeCloseTo(sawtoothResponse(spec, A), 10);
    }
  });

  it('time above threshold agrees with a direct convolution of the closed-form kernel', () => {
    // Independent: u(t) = int_0^1.5 K(tau) s(t - tau) d tau by the midpoint rule on the periodic signal.
    const tauF = 1;
    const tauS = 9;
    const A = 50;
    const theta = 100 / 9;
    const h = 1e-3;
    const P = tauF + tauS;
    const saw = (t: number) => {
      const y = ((t % P) + P) % P;
      return y < tauF ? A * (y / tauF - 0.5) : A * (0.5 - (y - tauF) / tauS);
    };
    const J = Math.round(1.5 / h);
    const K = Array.from({ length: J }, (_, j) => chemoK(20, 0, (j + 0.5) * h));
    let rise = 0;
    let fall = 0;
    for (let i = 0; i < Math.round(P / h); i++) {
      const t = (i + 0.5) * h;
      let u = 0;
      for (let j = 0; j < J; j++) u += K[j] * saw(t - (j + 0.5) * h) * h;
      if (Math.abs(u) >= theta) {
        if (t < tauF) rise += h;
        else fall += h;
      }
    }
    const c = sawtoothCycle({ tauF, tauS, theta, background: 0, centred: true, dt: 1e-3, warmup: 1 }, A, chemotaxisKernel());
    expect(Math.abs(c.riseAbove - rise)).toBeLessThan(5e-3);
    expect(Math.abs(c.fallAbove - fall)).toBeLessThan(5e-3);
    // Most of the rise passes; in the fall only the kernel's lag after the peak (a few tau_K).
    expect(c.riseAbove).toBeGreaterThan(0.7 * tauF);
    expect(c.fallAbove).toBeLessThan(5 / 20);
  });
});

describe('learning range', () => {
  it('with tau_f = 20 tau_K, A_min from the fit is near theta tau_f and within the bound', async () => {
    const r = await learningRange(checkRangePoint({ tauF: 1, tauS: 9, amplitudes: 150 }));
    expect(r.failed).toBe(false);
    expect(Math.abs(r.slope - 1)).toBeLessThan(0.05);
    expect(r.aMin / r.aMinTheory).toBeGreaterThan(0.98);
    expect(r.aMin / r.aMinTheory).toBeLessThan(1.1);
    expect(r.lnRange).toBeLessThanOrEqual(r.bound + 0.02);
  });

  it('with tau_f ~ tau_K the kernel smooths the rise: A_min well above theta tau_f, range far below the bound', async () => {
    const r = await learningRange(checkRangePoint({ tauF: 0.15, tauS: 15, amplitudes: 150 }));
    expect(r.failed).toBe(false);
    expect(r.aMin).toBeGreaterThan(2 * r.aMinTheory);
    expect(r.lnRange).toBeLessThan(r.bound - 0.5);
  });

  it('tau_s < tau_f: no linear regime below 0.75 A_max, a failure with ln(A_max/A_min) = 0', async () => {
    const r = await learningRange(checkRangePoint({ tauF: 2, tauS: 1, amplitudes: 60 }));
    expect(r.failed).toBe(true);
    expect(r.lnRange).toBe(0);
  });

  it('bad points name the field', () => {
    expect(specField(() => checkRangePoint({ tauF: -1 }))).toBe('point.tauF');
    expect(specField(() => checkRangePoint({ tauf: 1 }))).toBe('point.tauf');
    expect(specField(() => checkRangePoint({ amplitudes: 3 }))).toBe('point.amplitudes');
    expect(specField(() => checkRangePoint({ top: 0 }))).toBe('point.top');
    expect(specField(() => checkRangePoint({ tauF: 0.01, dt: 1e-3 }))).toBe('point.dt');
    expect(specField(() => checkRangePoint({ area: -10 }))).toBe('point.area');
    expect(specField(() => checkRangePoint([1, 2]))).toBe('point');
  });
});
