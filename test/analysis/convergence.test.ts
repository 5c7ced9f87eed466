import * as path from 'path';
import { checkConvergencePoint, ConvergenceResult } from '../../src/analysis/convergence';
import { SpecError } from '../../src/errors';
import { chemoK } from '../synapses/kernels/reference';
import { NodeWorker, nodeWorker } from '../support/node-worker';

const convergenceModule = path.join(__dirname, '../../src/analysis/convergence.ts');
let worker: NodeWorker;
beforeAll(() => (worker = nodeWorker()));
afterAll(() => worker.close());
const point = (tauF: number) => worker.call<ConvergenceResult>(convergenceModule, 'convergencePoint', { tauF });

/** Independent: dw/A by direct convolution of the closed-form kernel with the periodic signal. */
function bruteForce(tauF: number, h = 1e-3): number {
  const P = 20;
  const A = 20;
  const theta = (A / P + A / tauF) / 2;
  const saw = (t: number) => {
    const y = ((t % P) + P) % P;
    return y < tauF ? A * (y / tauF - 0.5) : A * (0.5 - (y - tauF) / (P - tauF));
  };
  const J = Math.round(1.5 / h);
  const K = Array.from({ length: J }, (_, j) => chemoK(20, 0, (j + 0.5) * h));
  let dw = 0;
  for (let i = 0; i < Math.round(P / h); i++) {
    const t = (i + 0.5) * h;
    let u = 0;
    for (let j = 0; j < J; j++) u += K[j] * saw(t - (j + 0.5) * h) * h;
    if (Math.abs(u) >= theta) dw += u * h;
  }
  return dw / A;
}

describe('convergence of dw/A to the contrastive update', () => {
  it('agrees with a direct convolution of the closed-form kernel at tau_f = 20 tau_K', async () => {
    const r = await point(1);
    expect(r.tauFOverTauK).toBeCloseTo(20, 12);
    expect(Math.abs(r.dwOverA - bruteForce(1))).toBeLessThan(5e-3);
  });

  it('is 0 for tau_f <= 2 tau_K, then rises monotonically towards 1 (> 0.97 at 160 tau_K)', async () => {
    for (const tauF of [0.01, 0.05, 0.1]) expect((await point(tauF)).dwOverA).toBe(0);
    let prev = 0;
    for (const tauF of [0.25, 0.5, 2, 8]) {
      const r = await point(tauF);
      expect(r.dwOverA).toBeGreaterThan(prev);
      prev = r.dwOverA;
    }
    expect(prev).toBeGreaterThan(0.97);
    expect(prev).toBeLessThan(1);
  });

  it('bad points name the field', () => {
    const field = (v: unknown) => {
      try {
        checkConvergencePoint(v);
      } catch (e) {
        expect(e).toBeInstanceOf(SpecError);
        return (e as SpecError).field;
      }
      return undefined;
    };
    expect(field({ tauF: 25 })).toBe('point.tauF');
    expect(field({ amplitude: 0 })).toBe('point.amplitude');
    expect(field({ tauF: 0.001 })).toBe('point.dt');
  });
});
