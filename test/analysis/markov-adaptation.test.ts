import fc from 'fast-check';
import {
  dissipation,
  generator,
  markovKernel,
  markovKernelAt,
  markovKernelInfo,
  MARKOV_LIMITS,
  readMarkovParams,
  stationary,
} from '../../src/analysis/markov-adaptation';
import { LEVELS, N, activityTrajectory, rateOf, rates, st, stationaryByTrees } from './markov-reference';
import { specField } from '../support/spec-error';
import { runs } from '../support/property-runs';

const cases: [number, number, number][] = [
  // gamma, RF, s
  [1, 25, 0],
  [1, 3, 120],
  [0.3, 25, 0],
  [1e-3, 25, 0],
  [1e-3, 99, 200],
  [1e-8, 1, 57],
];


describe('Markov adaptation model: generator and steady state', () => {
  it('has exactly the rates of docs/science.md#markov-kernels (G[i][j] = rate j -> i, columns sum to 0)', () => {
    for (const [gamma, RF, s] of cases) {
      const G = generator({ gamma, RF }, s);
      const edges = rates(gamma, RF, s);
      for (let i = 0; i < N; i++) {
        let col = 0;
        for (let j = 0; j < N; j++) {
          col += G.a[j * N + i];
          if (i !== j) expect(G.a[i * N + j]).toBeCloseTo(rateOf(edges, j, i), 10);
        }
        expect(Math.abs(col)).toBeLessThan(1e-9);
      }
    }
  });

  it('the stationary distribution equals the matrix-tree theorem (spanning-tree enumeration)', () => {
    for (const [gamma, RF, s] of cases) {
      const p = stationary(generator({ gamma, RF }, s));
      const ref = stationaryByTrees(rates(gamma, RF, s));
      for (let i = 0; i < N; i++) expect(Math.abs(p[i] - ref[i])).toBeLessThan(1e-12 + 1e-9 * ref[i]);
    }
  });

  it('gamma = 1 is detailed balance: every pair of fluxes balances and the dissipation is 0 to 1e-12', () => {
    for (const RF of [1, 25, 99]) {
      for (const s of [0, 10, 200, 1000]) {
        const edges = rates(1, RF, s);
        const p = stationaryByTrees(edges);
        for (const e of edges) expect(Math.abs(p[e.from] * e.rate - p[e.to] * rateOf(edges, e.to, e.from))).toBeLessThan(1e-12);
        expect(Math.abs(dissipation(generator({ gamma: 1, RF }, s)))).toBeLessThan(1e-12);
      }
    }
  });

  it("dissipation equals Schnakenberg's cycle form: sum over the 4 plaquettes of current x affinity ln(gamma^2)", () => {
    // Each plaquette (m, m+1) is the only cycle through its active-row edge, so its current is
    // the net flux active m -> m+1; the product of rates around it one way over the other is gamma^2.
    for (const [gamma, RF, s] of cases) {
      const edges = rates(gamma, RF, s);
      const p = stationaryByTrees(edges);
      let sigma = 0;
      for (let m = 0; m + 1 < LEVELS; m++) {
        const J = p[st(0, m)] * rateOf(edges, st(0, m), st(0, m + 1)) - p[st(0, m + 1)] * rateOf(edges, st(0, m + 1), st(0, m));
        sigma += J * Math.log(gamma * gamma);
      }
      const d = dissipation(generator({ gamma, RF }, s));
      expect(Math.abs(d - sigma)).toBeLessThan(1e-10 + 1e-9 * Math.abs(sigma));
    }
  });

  it('dissipation is positive away from gamma = 1 and grows as gamma falls below it', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: -0.01, noNaN: true }), fc.double({ min: 0.05, max: 2, noNaN: true }), fc.integer({ min: 1, max: 99 }), (lg, dl, RF) => {
        const hi = dissipation(generator({ gamma: 10 ** lg, RF }, 0));
        const lo = dissipation(generator({ gamma: 10 ** (lg - dl), RF }, 0));
        expect(hi).toBeGreaterThan(0);
        expect(lo).toBeGreaterThan(hi);
      }),
      { numRuns: runs(40) },
    );
  });
});

describe('Markov kernel: step response, normalisation and the memory filter', () => {
  const T = 5;
  // Independent step response: RK4 of the master equation from the s = 0 steady state at s = 200.
  const params = { gamma: 1e-3, RF: 25, step: 200, base: 0, timeScale: T };
  const h = 2e-4;
  const tEnd = 40;
  const before = stationaryByTrees(rates(params.gamma, params.RF, 0));
  const a = activityTrajectory(rates(params.gamma, params.RF, 200), before, tEnd, h);
  const aInf = a[a.length - 1];
  // First moment of a'(t): int t a' dt = -int (a - a_inf) dt (trapezoid), so kappa = T^2 / that.
  let m1 = 0;
  for (let k = 0; k + 1 < a.length; k++) m1 -= (h * (a[k] - aInf + a[k + 1] - aInf)) / 2;
  const kappa = (T * T) / m1;
  const areaRef = (-kappa / T) * (aInf - a[0]);

  it('the area and the memory time agree with the RK4 step response', () => {
    const info = markovKernelInfo(params);
    expect(info.activityBefore).toBeCloseTo(a[0], 12);
    expect(info.activityAfter).toBeCloseTo(aInf, 9);
    expect(Math.abs(info.area - areaRef)).toBeLessThan(1e-5 * Math.abs(areaRef) + 1e-9);
    // The adapting part decays as e^{-t / (T tau_K)}: check the decay rate of a - a_inf late on.
    const k1 = Math.round(10 / h);
    const k2 = Math.round(15 / h);
    const rate = Math.log((a[k1] - aInf) / (a[k2] - aInf)) / (5 / T);
    expect(Math.abs(1 / rate - info.tauK)).toBeLessThan(1e-2 * info.tauK);
  });

  it('the filter fed a unit step gives u(tau) = int_0^tau K = -(kappa/T)(a(T tau) - a(0)), the RK4 curve', () => {
    const kernel = markovKernel(params);
    const x = new Float64Array(kernel.stateSize);
    kernel.rest(x, 0, 0);
    const dt = 1e-3;
    for (let n = 1; n <= 1000; n++) {
      const u = kernel.step(x, 0, 1, dt);
      if (n % 50 === 0) {
        const ref = (-kappa / T) * (a[Math.round((n * dt * T) / h)] - a[0]);
        expect(Math.abs(u - ref)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref)));
      }
    }
  });

  it('its impulse response has first moment -1 and the stated area (quadrature of the step response)', () => {
    for (const p of [params, { ...params, gamma: 0.05, RF: 7, step: 60 }, { ...params, gamma: 1, base: 50, step: 10 }]) {
      const kernel = markovKernel(p);
      const x = new Float64Array(kernel.stateSize);
      kernel.rest(x, 0, 0);
      // u(tau) = int_0^tau K; first moment int tau K = int_0^inf (u(inf) - u(tau)) d tau.
      // Fine steps through the fast activity switch, then coarser ones through the adaptation.
      const dts = [...new Array<number>(2000).fill(1e-5), ...new Array<number>(40000).fill(5e-4)];
      const us: number[] = [0];
      for (const dt of dts) us.push(kernel.step(x, 0, 1, dt));
      const uInf = us[us.length - 1];
      let moment = 0;
      for (let k = 0; k + 1 < us.length; k++) moment += (dts[k] * (uInf - us[k] + uInf - us[k + 1])) / 2;
      expect(moment).toBeCloseTo(-1, 4);
      expect(uInf).toBeCloseTo(kernel.info.area, 6);
    }
  });

  it('at rest under a constant signal it stays at rest, with u = I s0', () => {
    const kernel = markovKernel(params);
    const x = new Float64Array(kernel.stateSize);
    kernel.rest(x, 0, 3.5);
    for (let n = 0; n < 100; n++) expect(kernel.step(x, 0, 3.5, 0.01)).toBeCloseTo(kernel.info.area * 3.5, 9);
  });

  it('is exact in dt: one step of 0.1 equals ten steps of 0.01 with the signal held', () => {
    const k1 = markovKernel(params);
    const k2 = markovKernel(params);
    const x1 = new Float64Array(10);
    const x2 = new Float64Array(10);
    k1.rest(x1, 0, 0);
    k2.rest(x2, 0, 0);
    const u1 = k1.step(x1, 0, 2, 0.1);
    let u2 = 0;
    for (let n = 0; n < 10; n++) u2 = k2.step(x2, 0, 2, 0.01);
    expect(u1).toBeCloseTo(u2, 10);
  });

  it('kernel samples: positive first (the fast activity switch), then a negative tail (adaptation)', () => {
    const K = markovKernelAt({ gamma: 1e-4 }, [1e-4, 1e-3, 0.1, 0.3]);
    expect(K[0]).toBeGreaterThan(0);
    expect(K[1]).toBeGreaterThan(0);
    expect(K[2]).toBeLessThan(0);
    expect(K[3]).toBeLessThan(0);
  });

  it('more dissipation (smaller gamma) gives a kernel closer to zero area, down to a floor', () => {
    const areas = [0.1, 0.03, 0.01, 1e-3, 1e-6].map((gamma) => markovKernelInfo({ gamma }).area);
    for (let i = 1; i < areas.length; i++) expect(areas[i]).toBeLessThan(areas[i - 1]);
    expect(areas[areas.length - 1]).toBeGreaterThan(0.1);
  });
});

describe('Markov kernel: the same steps give the same numbers', () => {
  it('a step of dt does not depend on the steps of nearby dt the kernel took before', () => {
    const dt = 0.1;
    const near = 0.1 + 3e-15;
    const stepOnce = (k: ReturnType<typeof markovKernel>) => {
      const x = new Float64Array(k.stateSize);
      k.rest(x, 0, 0.3);
      return [k.step(x, 0, 1.7, near), ...x];
    };
    const fresh = stepOnce(markovKernel());
    const used = markovKernel();
    const x = new Float64Array(used.stateSize);
    used.rest(x, 0, 0.1);
    used.step(x, 0, 0.5, dt);
    expect(stepOnce(used)).toEqual(fresh);
  });
});

describe('Markov kernel: bad input', () => {
  it('names the field', () => {
    expect(specField(() => markovKernelInfo({ gamma: 0 }))).toBe('markov.gamma');
    expect(specField(() => markovKernelInfo({ RF: Number.NaN }))).toBe('markov.RF');
    expect(specField(() => markovKernelInfo({ step: 0 }))).toBe('markov.step');
    expect(specField(() => markovKernelInfo({ base: -20 }))).toBe('markov.base');
    expect(specField(() => markovKernelInfo({ base: 0, step: -30 }))).toBe('markov.base + step');
    expect(specField(() => readMarkovParams({ gamma: 0.1, rf: 3 }, 'rule.kernel'))).toBe('rule.kernel.rf');
    expect(specField(() => readMarkovParams({ timeScale: '5' }, 'rule.kernel'))).toBe('rule.kernel.timeScale');
  });

  // Found by the spec fuzz test: past these the rates overflow double precision, and the
  // kernel was a singular-matrix stack trace or a computation that never ended.
  it.each([
    [{ gamma: 1e300 }, 'markov.gamma'],
    [{ gamma: 1e-300 }, 'markov.gamma'],
    [{ RF: 1e-300 }, 'markov.RF'],
    [{ RF: 1e12 }, 'markov.RF'],
    [{ base: 9007199254740994 }, 'markov.base'],
    [{ step: 1e300 }, 'markov.step'],
    [{ timeScale: 1e-300 }, 'markov.timeScale'],
  ])('refuses rates past double precision: %j', (p, field) => {
    expect(specField(() => markovKernelInfo(p))).toBe(field);
  });

  it('computes at the corners of the accepted box', () => {
    for (const gamma of MARKOV_LIMITS.gamma) {
      for (const RF of MARKOV_LIMITS.RF) {
        for (const timeScale of MARKOV_LIMITS.timeScale) {
          const info = markovKernelInfo({ gamma, RF, timeScale, base: MARKOV_LIMITS.signal, step: -MARKOV_LIMITS.signal });
          expect(Number.isFinite(info.area) && Number.isFinite(info.tauK) && Number.isFinite(info.dissipation)).toBe(true);
        }
      }
    }
  });
});
