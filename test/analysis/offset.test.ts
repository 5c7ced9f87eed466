import * as path from 'path';
import { checkDissipationPoint, DissipationResult } from '../../src/analysis/dissipation';
import { checkOffsetPoint, OffsetResult } from '../../src/analysis/offset';
import { markovKernelInfo } from '../../src/analysis/markov-adaptation';
import { NodeWorker, nodeWorker } from '../support/node-worker';
import { specField } from '../support/spec-error';

// The amplitude sweeps run in plain node (jest's sandbox makes these loops ~10x slower).
const offsetModule = path.join(__dirname, '../../src/analysis/offset.ts');
const dissipationModule = path.join(__dirname, '../../src/analysis/dissipation.ts');
let worker: NodeWorker;
beforeAll(() => (worker = nodeWorker()));
afterAll(() => worker.close());


describe('offset from a kernel area under a background signal (I = 0.05, s_bar = 25)', () => {
  it('the measured offset is within 20% of I s_bar (time above threshold) / A_max at three rise times', async () => {
    for (const tauF of [0.5, 1, 2]) {
      const r = await worker.call<OffsetResult>(offsetModule, 'offsetPoint', { tauF, tauS: 9 });
      expect(r.failed).toBe(false);
      expect(r.offset / r.prediction).toBeGreaterThan(0.8);
      expect(r.offset / r.prediction).toBeLessThan(1.2);
      // Without the lag correction (the I = 0 kernel's intercept) the claim does not hold.
      expect(Math.abs(r.intercept / r.prediction - 1)).toBeGreaterThan(0.2);
      // Time above threshold: most of the rise plus the kernel's lag, a few tau_K = 0.05.
      expect(r.timeAbove).toBeGreaterThan(0.6 * tauF);
      expect(r.timeAbove).toBeLessThan(tauF + 0.25);
    }
  });

  it('no area, no offset: with I = 0 the background changes nothing', async () => {
    const r = await worker.call<OffsetResult>(offsetModule, 'offsetPoint', { tauF: 1, tauS: 9, area: 0 });
    expect(r.failed).toBe(false);
    expect(Math.abs(r.offset)).toBeLessThan(1e-9);
    expect(Math.abs(r.shift)).toBeLessThan(1e-9);
  });

  it('the offset grows with the background: twice s_bar, about twice the offset', async () => {
    const a = await worker.call<OffsetResult>(offsetModule, 'offsetPoint', { tauF: 1, tauS: 9, background: 10 });
    const b = await worker.call<OffsetResult>(offsetModule, 'offsetPoint', { tauF: 1, tauS: 9, background: 20 });
    expect(b.offset / a.offset).toBeGreaterThan(1.8);
    expect(b.offset / a.offset).toBeLessThan(2.2);
  });

  it('bad points name the field', () => {
    expect(specField(() => checkOffsetPoint({ background: 'x' }))).toBe('point.background');
    expect(specField(() => checkOffsetPoint({ tauS: 0 }))).toBe('point.tauS');
    expect(specField(() => checkOffsetPoint({ slopeTolerance: 2 }))).toBe('point.slopeTolerance');
  });
});

describe('Markov kernels: offset against dissipation', () => {
  it('a more dissipative kernel (smaller gamma) learns with a smaller offset', async () => {
    const lo = await worker.call<DissipationResult>(dissipationModule, 'dissipationPoint', { gamma: 1e-2 });
    const hi = await worker.call<DissipationResult>(dissipationModule, 'dissipationPoint', { gamma: 1e-6 });
    expect(lo.failed).toBe(false);
    expect(hi.failed).toBe(false);
    expect(hi.dissipation).toBeGreaterThan(lo.dissipation);
    expect(hi.area).toBeLessThan(lo.area);
    expect(hi.shift).toBeLessThan(lo.shift);
    // Energy per cycle: dissipation per synapse time unit times the period.
    expect(hi.energyPerCycle).toBeCloseTo(hi.dissipation * 5 * 18, 6);
  });

  it("runs under the authors' kernel convention (window 1, |first moment|), a point field like any other", async () => {
    const r = await worker.call<DissipationResult>(dissipationModule, 'dissipationPoint', { gamma: 1e-2, window: 1, normalisation: 'absolute' });
    expect(r.convention).toBe('window 1, absolute normalisation');
    // The windowed area (tested against an RK4 step response in markov-window.test.ts).
    expect(r.area).toBeCloseTo(markovKernelInfo({ gamma: 1e-2, window: 1, normalisation: 'absolute' }).area, 12);
    expect(r.area).toBeCloseTo(0.4085, 3);
  });

  it('bad points name the field', () => {
    expect(specField(() => checkDissipationPoint({ window: -1 }))).toBe('point.window');
    expect(specField(() => checkDissipationPoint({ normalisation: 'abs' }))).toBe('point.normalisation');
    expect(specField(() => checkDissipationPoint({ gamma: -1 }))).toBe('point.gamma');
    expect(specField(() => checkDissipationPoint({ theta: 'authors' }))).toBe('point.theta');
    expect(specField(() => checkDissipationPoint({ RF: 25, rf: 3 }))).toBe('point.rf');
  });
});
