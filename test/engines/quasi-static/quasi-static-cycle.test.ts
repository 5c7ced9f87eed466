import { QuasiStaticCycle, sawtoothTicks } from '../../../src/engines/quasi-static';
import { HopfieldBatch } from '../../../src/experiments/ep/hopfield-batch';
import { cloneNetwork, initNetwork } from '../../../src/substrates/hopfield/layered-network';
import { RandomSource } from '../../../src/scheduler/random';
import { chemotaxisKernel } from '../../../src/synapses/kernels/chemotaxis';
import { TclParams, temporalContrastive } from '../../../src/synapses/rules/temporal-contrastive';
import { classicCycleUpdate, classicReference } from '../../support/classic-cycle';

const sizes = [6, 5, 3];
const N = 4;

function loaded(seed: number) {
  const net = initNetwork(sizes, new RandomSource(seed).stream('init'));
  const rs = new RandomSource(seed + 1).stream('data');
  const data = Float64Array.from({ length: N * sizes[0] }, () => (rs.bernoulli(0.3) ? 0 : rs.uniform()));
  const batch = new HopfieldBatch(sizes, N);
  batch.load(data, [0, 2, 1, 2], [0, 1, 2, 3], sizes.map((n, l) => new Float64Array(l === 0 ? 0 : N * n)));
  batch.prepare(net);
  batch.relax(0, 0.5, 20);
  return { net, data, batch };
}

describe('the quasi-static cycle on a batch of a layered network', () => {
  it('TCL: each weight moves by its rule stepped over its own batch-mean signal, the lr divided by the signed nudge', () => {
    const { net, data, batch } = loaded(3);
    const ticks = sawtoothTicks({ protocol: { period: 2, rise: 0.1, levels: 9 }, relaxPerLevel: 4, riseSubsteps: 1, fallSubsteps: 8 });
    const p = (lr: number, theta: number): TclParams => ({ lr, theta, linear: false, wMin: -Infinity, wMax: Infinity });
    const weights = [p(0.1, 0.01), p(0.05, 0.02)];
    const biases = [p(0.1, 0.01), p(0.05, 0.05)];
    const rule = temporalContrastive(chemotaxisKernel({ B: 20, area: 0 }));
    const cycle = new QuasiStaticCycle(sizes, N, ticks, { rule, weights, biases, start: 'periodic', levelStart: 'free' });
    const beta = -0.5;
    cycle.follow(batch, (b, steps) => batch.relax(b, 0.5, steps), beta);
    const after = cloneNetwork(net);
    cycle.learn(after, batch, beta);

    // The rule stepped tick by tick, four cycles (the periodic state), on the signal written out.
    const want = (signal: number[], q: TclParams) => {
      const x = new Float64Array(rule.stateSize);
      const scaled = { ...q, lr: q.lr / beta };
      rule.init(x, 0, 0, scaled);
      for (let c = 0; c < 4; c++) {
        x[0] = 0;
        ticks.forEach((t, i) => rule.step(x, 0, signal[i], t.m, t.dt, scaled));
      }
      return x[0];
    };
    const stateAt = (i: number, l: number) => (l === 0 ? data : cycle.statesAfter(i)[l]);
    let moved = 0;
    for (let l = 0; l < 2; l++) {
      for (let i = 0; i < sizes[l]; i++) {
        for (let j = 0; j < sizes[l + 1]; j++) {
          const signal = ticks.map((_, t) => {
            let s = 0;
            for (let e = 0; e < N; e++) s -= stateAt(t, l)[e * sizes[l] + i] * stateAt(t, l + 1)[e * sizes[l + 1] + j];
            return s / N;
          });
          const k = i * sizes[l + 1] + j;
          const dw = want(signal, weights[l]);
          expect(after.weights[l][k] - net.weights[l][k]).toBeCloseTo(dw, 14);
          if (dw !== 0) moved++;
        }
      }
    }
    for (let l = 1; l < 3; l++) {
      for (let j = 0; j < sizes[l]; j++) {
        const signal = ticks.map((_, t) => {
          let s = 0;
          for (let e = 0; e < N; e++) s -= stateAt(t, l)[e * sizes[l] + j];
          return s / N;
        });
        expect(after.biases[l][j] - net.biases[l][j]).toBeCloseTo(want(signal, biases[l - 1]), 14);
      }
    }
    expect(moved).toBeGreaterThan(5);
    // Counted: every synapse, once.
    expect(cycle.stats.weights.map((s) => s.synapses)).toEqual([30, 15]);
    expect(cycle.stats.biases.map((s) => s.synapses)).toEqual([5, 3]);
  });

  it('classic EP: the classic rule on the two-phase ticks gives the classic EP update', () => {
    const { net, data, batch } = loaded(5);
    const free = batch.makeSnapshot();
    batch.snapshot(free);
    const beta = 0.5;
    const lrs = [0.1, 0.05];
    const after = classicCycleUpdate(net, batch, beta, 0.5, 4, lrs);
    // The batch was left nudged: the formula reads the free copy and the nudged batch.
    const want = classicReference(net, data, free, batch.states, N, beta, lrs);
    let moved = 0;
    for (let l = 0; l < 2; l++) {
      after.weights[l].forEach((w, k) => {
        expect(Math.abs(w - want.weights[l][k])).toBeLessThanOrEqual(1e-14);
        moved = Math.max(moved, Math.abs(w - net.weights[l][k]));
      });
    }
    for (let l = 1; l < 3; l++) after.biases[l].forEach((b, k) => expect(Math.abs(b - want.biases[l][k])).toBeLessThanOrEqual(1e-14));
    expect(moved).toBeGreaterThan(1e-4);
  });

  it('refuses rule parameters that do not cover every group, or leave one out', () => {
    const rule = temporalContrastive(chemotaxisKernel());
    const q: TclParams = { lr: 0.1, theta: 0, linear: true, wMin: -Infinity, wMax: Infinity };
    expect(() => new QuasiStaticCycle(sizes, N, [{ beta: 0, relax: 0, dt: 0, m: 0 }], { rule, weights: [q], biases: [q, q], start: 'rest', levelStart: 'previous' })).toThrow('rule parameters: expected 2 groups');
    expect(() => new QuasiStaticCycle(sizes, N, [], { rule, weights: [q, q], biases: [q, q], start: 'rest', levelStart: 'previous' })).toThrow('cycle: expected at least one tick');
    const noTheta = { ...q, theta: undefined } as unknown as TclParams;
    const tick = [{ beta: 0, relax: 0, dt: 0, m: 0 }];
    expect(() => new QuasiStaticCycle(sizes, N, tick, { rule, weights: [q, q], biases: [q, noTheta], start: 'rest', levelStart: 'previous' })).toThrow(
      new Error('biases[1].theta: expected a number (rule tcl-chemotaxis reads it)'),
    );
  });
});
