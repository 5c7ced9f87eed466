import { checkResponseSpec, defaultResponseSpec, responseCurve, ResponseSpec, sawtoothResponse } from '../../src/experiments/response';
import { integralFeedbackKernel } from '../../src/synapses/kernels/integral-feedback';
import { specField as specErrorField } from '../support/spec-error';

/**
 * Independent brute force: the periodic steady state u(t) = integral_0^Tk K(tau) s(t - tau) dtau
 * by Simpson quadrature of the closed-form kernel against the sawtooth sampled on a midpoint
 * grid (circular convolution over one period), then dw = sum g(u) h over the period.
 */
type BruteOpts = { tauF: number; tauS: number; theta: number; background?: number; linear?: boolean; placement?: 'centred' | 'above' };

function bruteForce(
  o: BruteOpts,
  A: number,
  K: (t: number) => number,
  Tk: number,
  h = 1e-3,
): number {
  return bruteForceParts(o, A, K, Tk, h).dw;
}

function bruteForceParts(
  o: BruteOpts,
  A: number,
  K: (t: number) => number,
  Tk: number,
  h = 1e-3,
): { dw: number; pos: number; neg: number } {
  const P = o.tauF + o.tauS;
  const M = Math.round(P / h);
  const hh = P / M;
  const saw = (t: number): number => {
    const y = t - Math.floor(t / P) * P;
    return y < o.tauF ? (A * y) / o.tauF : A * (1 - (y - o.tauF) / o.tauS);
  };
  // Centred (the authors' convention; docs/science.md#the-authors-conventions): s_bar +- A/2; 'above': s_bar .. s_bar + A.
  const bottom = (o.background ?? 0) - (o.placement === 'above' ? 0 : A / 2);
  const S = Array.from({ length: M }, (_, i) => bottom + saw((i + 0.5) * hh));
  let J = Math.round(Tk / hh);
  if (J % 2 === 1) J++;
  const wK = Array.from({ length: J + 1 }, (_, j) => ((j === 0 || j === J ? 1 : j % 2 === 1 ? 4 : 2) * hh * K(j * hh)) / 3);
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < M; i++) {
    let u = 0;
    for (let j = 0; j <= J; j++) u += wK[j] * S[(((i - j) % M) + M) % M];
    const g = o.linear || Math.abs(u) >= o.theta ? u : 0;
    if (g > 0) pos += g * hh;
    else neg += g * hh;
  }
  return { dw: pos + neg, pos, neg };
}

/** The paper's kernel, written from [TCL]'s formula (docs/science.md#the-memory-kernel). */
const chemoK = (B: number, I: number) => (t: number) => {
  const A = 3 * I * B * B + B ** 3;
  const C = (B * B + 2 * B * I) / (6 * I + 2 * B);
  return A * Math.exp(-B * t) * (t - C * t * t);
};

const paper = defaultResponseSpec;
const spec = (o: Partial<ResponseSpec>): ResponseSpec => ({ ...paper, ...o });


describe('single-synapse sawtooth response [TCL]', () => {
  it('the defaults are the paper parameters', () => {
    expect(paper).toMatchObject({ tauF: 1, tauS: 9, area: 0, background: 0, B: 20, dt: 1e-4, placement: 'centred' });
    expect(paper.theta).toBeCloseTo(100 / 9, 14);
    expect(checkResponseSpec({ ...paper })).toEqual(paper);
  });

  describe('the response curve with paper defaults (dt = 1e-4)', () => {
    const amplitudes = [0, 5, 10, 11, 15, 20, 30, 40, 60, 80, 120, 150, 200];
    const curve = responseCurve(spec({ amplitudes }));
    const at = (A: number) => curve.dwOverA[amplitudes.indexOf(A)];

    it('returns one value per amplitude', () => {
      expect(curve.amplitudes).toEqual(amplitudes);
      expect(curve.dwOverA).toHaveLength(amplitudes.length);
      expect(at(0)).toBe(0);
    });

    it('below A_min = theta tau_f (11.1): no learning', () => {
      for (const A of [5, 10, 11]) expect(Math.abs(at(A))).toBeLessThan(1e-3);
    });

    it('between A_min and A_max = theta tau_s (100): dw ~ A, the contrastive update', () => {
      for (const A of [15, 20, 30, 40, 60, 80]) {
        expect(at(A)).toBeGreaterThanOrEqual(0.8);
        expect(at(A)).toBeLessThanOrEqual(1.05);
      }
      // The lost part is the kernel's rise time, so dw/A grows with A in this regime.
      for (const [a, b] of [
        [15, 20],
        [20, 40],
        [40, 80],
      ])
        expect(at(b)).toBeGreaterThan(at(a));
    });

    it('above A_max the fall passes the threshold too and learning collapses', () => {
      for (const A of [120, 150, 200]) expect(Math.abs(at(A))).toBeLessThan(0.1);
    });

    it('agrees with a brute-force convolution of the closed-form kernel', () => {
      for (const A of [15, 40, 80, 150]) {
        const ref = bruteForce(paper, A, chemoK(20, 0), 1.5) / A;
        expect(Math.abs(at(A) - ref)).toBeLessThan(5e-3);
      }
    });
  });

  it('dt = 1e-3 gives the same curve to ~1e-3 (away from the borderline A = 100)', () => {
    const amplitudes = [5, 15, 40, 80, 150];
    const fine = responseCurve(spec({ amplitudes }));
    const coarse = responseCurve(spec({ amplitudes, dt: 1e-3 }));
    for (let i = 0; i < amplitudes.length; i++) expect(Math.abs(coarse.dwOverA[i] - fine.dwOverA[i])).toBeLessThan(2e-3);
  });

  // The remaining checks use dt = 1e-3 (same regimes, ten times faster; see the test above).
  const fast = (o: Partial<ResponseSpec>) => spec({ dt: 1e-3, ...o });

  it('linear g (a vanishing threshold): ~0 net update over a period at any amplitude', () => {
    for (const A of [5, 20, 60, 150]) {
      expect(Math.abs(sawtoothResponse(fast({ theta: 1e-12 }), A) / A)).toBeLessThan(0.02);
    }
    // Brute force with g(u) = u: the integral of K * s over a period is I times that of s = 0.
    expect(Math.abs(bruteForce({ ...paper, linear: true }, 40, chemoK(20, 0), 1.5) / 40)).toBeLessThan(1e-3);
  });

  it('a symmetric triangle (tau_f = tau_s) gives ~0 even though both ramps pass the threshold', () => {
    const A = 80; // slopes +-16 > theta = 11.1
    const dw = sawtoothResponse(fast({ tauF: 5, tauS: 5 }), A);
    expect(Math.abs(dw) / A).toBeLessThan(0.05);
    // The premise, by brute force: each ramp alone contributes ~ +-A, and they cancel.
    const parts = bruteForceParts({ tauF: 5, tauS: 5, theta: 100 / 9 }, A, chemoK(20, 0), 1.5);
    expect(parts.pos / A).toBeGreaterThan(0.9);
    expect(parts.neg / A).toBeLessThan(-0.9);
    expect(Math.abs(dw - parts.dw) / A).toBeLessThan(5e-3);
  });

  it('a reversed sawtooth (slow rise 9, fast fall 1) anti-learns: dw/A ~ -1', () => {
    const rev = fast({ tauF: 9, tauS: 1 });
    for (const A of [20, 40, 80]) {
      const r = sawtoothResponse(rev, A) / A;
      expect(r).toBeGreaterThanOrEqual(-1.05);
      expect(r).toBeLessThanOrEqual(-0.8);
    }
    const ref = bruteForce({ tauF: 9, tauS: 1, theta: 100 / 9 }, 40, chemoK(20, 0), 1.5) / 40;
    expect(Math.abs(sawtoothResponse(rev, 40) / 40 - ref)).toBeLessThan(5e-3);
  });

  it('with I = 0 a background signal changes nothing; with I = 0.05 it matches the brute force', () => {
    const A = 40;
    const d0 = sawtoothResponse(fast({}), A);
    expect(Math.abs(sawtoothResponse(fast({ background: 25 }), A) - d0)).toBeLessThan(1e-9 * A);
    const off = fast({ area: 0.05, background: 25 });
    const ref = bruteForce({ ...off }, A, chemoK(20, 0.05), 1.5);
    expect(Math.abs(sawtoothResponse(off, A) - ref) / A).toBeLessThan(5e-3);
    // The offset I s_bar = 1.25 keeps u above the threshold a little longer on the rise.
    expect(sawtoothResponse(off, A)).toBeGreaterThan(d0);
  });

  describe('placement on the background (I = 0.05, s_bar = 25)', () => {
    const base = { area: 0.05, background: 25 };
    it('both placements match a brute-force convolution of their own signal', () => {
      for (const placement of ['centred', 'above'] as const) {
        for (const A of [20, 60, 120, 150]) {
          const ref = bruteForce({ ...paper, ...base, placement }, A, chemoK(20, 0.05), 1.5) / A;
          expect(Math.abs(sawtoothResponse(fast({ ...base, placement }), A) / A - ref)).toBeLessThan(5e-3);
        }
      }
    });

    it('the default is centred, and it changes dw/A by up to 0.54 at A = 120 (dt 1e-4)', () => {
      const amplitudes = [40, 100, 120, 150];
      const centred = responseCurve(spec({ ...base, amplitudes }));
      const above = responseCurve(spec({ ...base, amplitudes, placement: 'above' }));
      const diff = amplitudes.map((_, i) => above.dwOverA[i] - centred.dwOverA[i]);
      // Measured: 0.030, 0.297, 0.542, 0.464; the brute force at A = 120 gives the same to 5e-3.
      expect(diff[2]).toBeCloseTo(0.542, 2);
      expect(Math.max(...diff)).toBe(diff[2]);
      const ref = (placement: 'centred' | 'above') => bruteForce({ ...paper, ...base, placement }, 120, chemoK(20, 0.05), 1.5) / 120;
      expect(Math.abs(diff[2] - (ref('above') - ref('centred')))).toBeLessThan(5e-3);
    });

    it('with I = 0 the placement changes nothing (the kernel has no DC gain)', () => {
      for (const A of [15, 60, 150]) {
        expect(Math.abs(sawtoothResponse(fast({ background: 25 }), A) - sawtoothResponse(fast({ background: 25, placement: 'above' }), A))).toBeLessThan(1e-9 * A);
      }
    });
  });

  it('an explicit kernel (integral feedback) shows the same regimes, matching its brute force', () => {
    const k = () => integralFeedbackKernel({ B: 20 });
    const K = (t: number) => 100 * (1 - 10 * t) * Math.exp(-10 * t); // (B^2/4)(1 - Bt/2) e^{-Bt/2}
    expect(Math.abs(sawtoothResponse(fast({}), 5, k()))).toBeLessThan(1e-3 * 5);
    const mid = sawtoothResponse(fast({}), 40, k()) / 40;
    expect(mid).toBeGreaterThan(0.8);
    expect(mid).toBeLessThan(1.05);
    expect(Math.abs(mid - bruteForce(paper, 40, K, 4) / 40)).toBeLessThan(5e-3);
    expect(Math.abs(sawtoothResponse(fast({}), 150, k()) / 150)).toBeLessThan(0.1);
  });

  it('the measured period is the periodic steady state: 1 or 2 warm-up periods agree', () => {
    const one = sawtoothResponse(spec({ dt: 1e-3 }), 40);
    const two = sawtoothResponse(spec({ dt: 1e-3, warmup: 2 }), 40);
    expect(Math.abs(one - two)).toBeLessThan(1e-9 * 40);
  });
});

describe('checkResponseSpec', () => {
  it('rejects bad fields with a SpecError naming the field', () => {
    const cases: Array<[Partial<ResponseSpec>, string]> = [
      [{ theta: 0 }, 'theta'],
      [{ theta: -1 }, 'theta'],
      [{ tauF: -1 }, 'tau-f'],
      [{ tauF: 0 }, 'tau-f'],
      [{ tauS: -9 }, 'tau-s'],
      [{ dt: -1e-4 }, 'dt'],
      [{ dt: 2 }, 'dt'], // more than a tenth of the period
      [{ B: 0 }, 'B'],
      [{ area: -10 }, 'kernel-area'], // <= -B/3
      [{ area: NaN }, 'kernel-area'],
      [{ background: Infinity }, 'background'],
      [{ amplitudes: [] }, 'amplitudes'],
      [{ amplitudes: [5, -1] }, 'amplitudes[1]'],
      [{ warmup: -1 }, 'warmup'],
      // A fractional warm-up never lines up with a step count (bug: it used to be accepted and
      // sawtoothResponse then returned the update of the whole run).
      [{ warmup: 0.5 }, 'warmup'],
      [{ placement: 'below' as ResponseSpec['placement'] }, 'placement'],
    ];
    for (const [o, field] of cases) {
      expect(specErrorField(() => checkResponseSpec(spec(o)))).toBe(field);
    }
    expect(specErrorField(() => checkResponseSpec(spec({ amplitudes: 'all' as unknown as number[] })))).toBe('amplitudes');
  });

  it('responseCurve validates its spec', () => {
    expect(specErrorField(() => responseCurve(spec({ theta: 0 })))).toBe('theta');
    expect(specErrorField(() => responseCurve(spec({ amplitudes: [] })))).toBe('amplitudes');
  });
});
