import { FfNetwork } from '../../src/ff/ff-network';
import { estimateBStar, ffSamples, isdSamples, isdWeight } from '../../src/ff/isd';
import { secondMomentTheory } from '../../src/experiments/rbm/isd-study';
import { RandomSource } from '../../src/scheduler/random';
import { phaseWeight } from '../../src/synapses/rules/phase-signed';
import { ClampSignal } from '../../src/streams/clamp-signal';

/** A small network with active units, and a positive and a negative input. */
function setup(seed: number) {
  const rng = new RandomSource(seed).stream('isd');
  const net = new FfNetwork([12, 6, 5], 2);
  for (const L of net.layers) {
    for (let i = 0; i < L.params.length; i++) L.params[i] = rng.normal();
    for (let j = 0; j < L.nOut; j++) L.params[L.nOut * L.nIn + j] = Math.abs(L.params[L.nOut * L.nIn + j]) + 0.5;
  }
  const pos = Array.from({ length: 12 }, () => rng.uniform());
  const neg = Array.from({ length: 12 }, () => rng.uniform());
  return { net, pos, neg };
}

const copy = (gs: Float64Array[]) => gs.map((g) => Float64Array.from(g));

describe('the IS-D estimator', () => {
  it.each([0.5, 0.3, 0.88, 0.05])('b = %d: its expectation over z ~ Bernoulli(b), both outcomes enumerated, is the FF gradient', (b) => {
    const { net, pos, neg } = setup(1);
    const ff = copy(net.gradients(ffSamples(pos, neg)));
    const g1 = copy(net.gradients(isdSamples(1, pos, neg, b)));
    const g0 = copy(net.gradients(isdSamples(0, pos, neg, b)));
    let checked = 0;
    ff.forEach((g, l) =>
      g.forEach((v, i) => {
        const mean = b * g1[l][i] + (1 - b) * g0[l][i];
        expect(Math.abs(mean - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)));
        if (v !== 0) checked++;
      }),
    );
    expect(checked).toBeGreaterThan(50);
  });

  it('with the authors\' indicator weights (1 and 1) the expectation is b g+ + (1-b) g-: unbiased (up to the factor 1/2) only at b = 1/2', () => {
    const { net, pos, neg } = setup(2);
    const gPos = copy(net.gradients([{ x: pos, positive: true, weight: 1 }]));
    const gNeg = copy(net.gradients([{ x: neg, positive: false, weight: 1 }]));
    const b = 0.8;
    const g1 = copy(net.gradients(isdSamples(1, pos, neg, b, 'indicator')));
    const g0 = copy(net.gradients(isdSamples(0, pos, neg, b, 'indicator')));
    gPos.forEach((g, l) => g.forEach((v, i) => expect(b * g1[l][i] + (1 - b) * g0[l][i]).toBeCloseTo(b * v + (1 - b) * gNeg[l][i], 12)));
  });

  it('its weights are the magnitudes of the phase-signed rule\'s c(z)', () => {
    for (const b of [0.1, 0.5, 0.7]) {
      for (const z of [0, 1] as const) {
        const sig = { t: 0, beta: 0, phase: 'free', z, index: 0 } as unknown as ClampSignal;
        expect(isdWeight(z, b)).toBe(Math.abs(phaseWeight(b)(sig)));
        expect(isdWeight(z, b, 'indicator')).toBe(1);
      }
    }
  });

  it('b* from A = mean |g+|^2 and B = mean |g-|^2 (gradients formed in full) minimises A/b + B/(1-b)', () => {
    const { net, pos, neg } = setup(3);
    const rng = new RandomSource(3).stream('pilot');
    const jitter = (x: number[]) => x.map((v) => v + 0.3 * rng.uniform());
    const ps = Array.from({ length: 5 }, () => jitter(pos));
    const ns = Array.from({ length: 5 }, () => jitter(neg));
    const norm2 = (x: number[], positive: boolean) => net.gradients([{ x, positive, weight: 1 }]).reduce((s, g) => s + g.reduce((t, v) => t + v * v, 0), 0);
    const A = ps.reduce((s, x) => s + norm2(x, true), 0) / 5;
    const B = ns.reduce((s, x) => s + norm2(x, false), 0) / 5;
    const est = estimateBStar(net, ps, ns);
    expect(est.A).toBeCloseTo(A, 12);
    expect(est.B).toBeCloseTo(B, 12);
    const best = Array.from({ length: 999 }, (_, k) => (k + 1) / 1000).reduce((a, c) => (secondMomentTheory(A, B, c) < secondMomentTheory(A, B, a) ? c : a));
    expect(Math.abs(est.bStar - best)).toBeLessThan(1e-3);
  });
});
