import { authorsMarkovConvention, markovKernel, markovKernelAt, markovKernelInfo, readMarkovParams } from '../../src/analysis/markov-adaptation';
import { readKernel } from '../../src/synapses/kernels/kernel-registry';
import { activityTrajectory, rates, stationaryByTrees } from './markov-reference';
import { specField } from '../support/spec-error';

/**
 * The two conventions for Markov kernels (docs/science.md#the-authors-conventions): ours (infinite
 * support, kappa by the signed first moment) and the authors' (the step response over 5 Markov
 * units = 1 synapse unit, kappa by |first moment| over that window). The reference is independent
 * of the closed forms: the master equation integrated by RK4 from the rate list of
 * markov-reference.ts, and the window's integrals by Simpson's rule on that trajectory.
 */
const T = 5;
const h = 1e-4;
const L = 5; // Markov units = window 1 in synapse time

function reference(gamma: number, RF = 25, step = 200) {
  const before = stationaryByTrees(rates(gamma, RF, 0));
  const a = activityTrajectory(rates(gamma, RF, step), before, L, h);
  // int_0^L t a'(t) dt = L a(L) - int_0^L a dt (by parts; no differentiation of the samples).
  let integral = 0;
  const K = a.length - 1;
  for (let k = 0; k <= K; k++) integral += (k === 0 || k === K ? 1 : k % 2 ? 4 : 2) * a[k];
  integral *= h / 3;
  const m1 = L * a[K] - integral;
  const kappa = (T * T) / Math.abs(m1);
  return { a, m1, kappa, area: (-kappa / T) * (a[K] - a[0]), U: (tau: number) => (-kappa / T) * (a[Math.round((Math.min(tau, 1) * T) / h)] - a[0]) };
}

const authors = (gamma: number) => ({ gamma, ...authorsMarkovConvention });

describe('Markov kernel conventions: window and normalisation', () => {
  // gamma, ours, the authors' (RF 25, step 200; the numbers of issue 15)
  const table: [number, number, number][] = [
    [0.1, 0.667, 1.198],
    [0.01, 0.184, 0.409],
    [1e-6, 0.147, 0.348],
  ];

  it.each(table)('gamma %p: the windowed area and first moment equal the RK4 step response by quadrature', (gamma, ours, theirs) => {
    const ref = reference(gamma);
    const info = markovKernelInfo(authors(gamma));
    expect(Math.abs(info.rawMoment - ref.m1)).toBeLessThan(1e-6 * Math.abs(ref.m1));
    expect(Math.abs(info.area - ref.area)).toBeLessThan(1e-6 * Math.abs(ref.area));
    expect(info.firstMoment).toBeCloseTo(-1, 12);
    expect(Math.abs(info.area - theirs)).toBeLessThan(1e-3);
    expect(Math.abs(markovKernelInfo({ gamma }).area - ours)).toBeLessThan(1e-3);
  });

  it('at gamma = 1 (no adaptation, m1 < 0) the signed area is negative, the absolute one positive with first moment +1', () => {
    const ref = reference(1);
    expect(ref.m1).toBeLessThan(0);
    const signed = markovKernelInfo({ gamma: 1 });
    const abs = markovKernelInfo(authors(1));
    expect(signed.area).toBeLessThan(0);
    expect(abs.area).toBeGreaterThan(0);
    expect(abs.firstMoment).toBeCloseTo(1, 12);
    expect(Math.abs(abs.area - ref.area)).toBeLessThan(1e-6 * Math.abs(ref.area));
    // Only the sign convention differs between these two: same window, same |area|.
    expect(markovKernelInfo({ gamma: 1, window: 1 }).area).toBeCloseTo(-abs.area, 10);
  });

  it('the windowed filter fed a pulse gives U(t) - U(t - P), U(tau) = int_0^min(tau, 1) K, for a clock that splits steps at the window edge', () => {
    const gamma = 0.01;
    const ref = reference(gamma);
    for (const dt of [1e-3, 7e-3]) {
      const kernel = markovKernel(authors(gamma));
      const x = new Float64Array(kernel.stateSize);
      kernel.rest(x, 0, 0);
      const P = 7 * dt;
      let worst = 0;
      for (let n = 1; n * dt <= 1.5; n++) {
        const u = kernel.step(x, 0, n <= 7 ? 1 : 0, dt);
        const t = n * dt;
        const expected = ref.U(t) - ref.U(Math.max(t - P, 0));
        worst = Math.max(worst, Math.abs(u - expected));
      }
      // Past t = 1 + P the pulse has left the window: u is exactly 0 (the infinite kernel's tail is not).
      expect(worst).toBeLessThan(1e-5 * ref.kappa);
      expect(Math.abs(kernel.step(x, 0, 0, dt))).toBeLessThan(1e-12);
    }
  });

  it('at rest under a constant signal it stays at rest with u = I s0, I the windowed area', () => {
    const kernel = markovKernel(authors(0.1));
    const x = new Float64Array(kernel.stateSize);
    kernel.rest(x, 0, 3.5);
    for (let n = 0; n < 300; n++) expect(kernel.step(x, 0, 3.5, 0.01)).toBeCloseTo(kernel.info.area * 3.5, 9);
  });

  it('samples are zero from the window on, and equal the infinite kernel (times the scale ratio) before it', () => {
    const inf = markovKernelInfo({ gamma: 0.01, normalisation: 'absolute' });
    const win = markovKernelInfo(authors(0.01));
    const [a, b] = [markovKernelAt({ gamma: 0.01, normalisation: 'absolute' }, [0.1, 0.5, 1, 2]), markovKernelAt(authors(0.01), [0.1, 0.5, 1, 2])];
    const ratio = inf.rawMoment / win.rawMoment;
    expect(b[0]).toBeCloseTo(a[0] * ratio, 8);
    expect(b[1]).toBeCloseTo(a[1] * ratio, 8);
    expect(b[2]).toBe(0);
    expect(b[3]).toBe(0);
  });

  it('a window holding more steps than windowSteps stops with an error naming it', () => {
    const kernel = markovKernel({ ...authors(0.01), windowSteps: 50 });
    const x = new Float64Array(kernel.stateSize);
    kernel.rest(x, 0, 0);
    expect(() => {
      for (let n = 0; n < 200; n++) kernel.step(x, 0, 1, 0.01);
    }).toThrow(/windowSteps/);
  });

  it('spec readers take window (a length or "infinite") and normalisation, naming bad fields', () => {
    expect(readMarkovParams({ window: 'infinite' }, 'k').window).toBe('infinite');
    expect(readMarkovParams({ window: 1, normalisation: 'absolute' }, 'k')).toMatchObject({ window: 1, normalisation: 'absolute' });
    expect(specField(() => readMarkovParams({ window: 0 }, 'rule.kernel'))).toBe('rule.kernel.window');
    expect(specField(() => readMarkovParams({ window: 'forever' }, 'rule.kernel'))).toBe('rule.kernel.window');
    expect(specField(() => readMarkovParams({ normalisation: 'abs' }, 'rule.kernel'))).toBe('rule.kernel.normalisation');
    expect(specField(() => readMarkovParams({ windowSteps: 0.5 }, 'rule.kernel'))).toBe('rule.kernel.windowSteps');
  });

  it("the kernel registry builds either convention from a spec ({kind: 'markov', window, normalisation})", () => {
    const built = readKernel({ kind: 'markov', gamma: 0.01, window: 1, normalisation: 'absolute', windowSteps: 600 }, 'rule.kernel');
    expect(built.kernel.stateSize).toBe(2 * 10 + 3 + 2 * 600);
    const x = new Float64Array(built.kernel.stateSize);
    built.kernel.rest(x, 0, 2);
    expect(built.kernel.step(x, 0, 2, 0.01)).toBeCloseTo(2 * markovKernelInfo(authors(0.01)).area, 9);
    expect(readKernel({ kind: 'markov', gamma: 0.01 }, 'k').kernel.stateSize).toBe(10);
    expect(specField(() => readKernel({ kind: 'markov', normalisation: 'abs' }, 'rule.kernel'))).toMatch(/^rule\.kernel\.normalisation/);
  });
});
