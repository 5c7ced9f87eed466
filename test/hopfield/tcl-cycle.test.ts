import fc from 'fast-check';
import { BatchState } from '../../src/hopfield/batch-relaxation';
import { LayeredNetwork, cloneNetwork, initNetwork } from '../../src/hopfield/layered-network';
import { TclCycle, TclOptions, sawtoothTicks } from '../../src/hopfield/tcl-cycle';
import { RandomSource } from '../../src/scheduler/random';
import { VirtualScheduler } from '../../src/scheduler/virtual-scheduler';
import { ClampSignal } from '../../src/streams/clamp-signal';
import { sawtooth } from '../../src/streams/protocols';
import { chemotaxisKernel } from '../../src/synapses/kernels/chemotaxis';
import { TclParams, temporalContrastive } from '../../src/synapses/rules/temporal-contrastive';
import { runs } from '../support/property-runs';

const cycleSpec = { protocol: { period: 2, rise: 0.1, levels: 9 }, relaxPerLevel: 4, riseSubsteps: 1, fallSubsteps: 8 };
const options = (o: Partial<TclOptions> = {}): TclOptions => ({
  kernel: { B: 20, area: 0 },
  linear: false,
  weights: [],
  biases: [],
  start: 'periodic',
  levelStart: 'free',
  ...o,
});

/** The generic rule (temporalContrastive over chemotaxisKernel) stepped over the ticks, `cycles` times. */
function genericRule(ticks: { dt: number }[], signal: number[], theta: number, linear: boolean, cycles: number): number {
  const rule = temporalContrastive(chemotaxisKernel({ B: 20, area: 0 }));
  const x = new Float64Array(rule.stateSize);
  rule.init(x, 0, 0, { lr: 1, wMin: -Infinity, wMax: Infinity, theta, linear });
  let w = 0;
  for (let c = 0; c < cycles; c++) {
    // Earlier cycles only bring the filter to its periodic state; the last one is measured.
    const p: TclParams = { lr: c === cycles - 1 ? 1 : 0, wMin: -Infinity, wMax: Infinity, theta, linear };
    x[0] = 0;
    ticks.forEach((t, i) => rule.step(x, 0, signal[i], 0, t.dt, p));
    w = x[0];
  }
  return -w;
}

describe('the quantised sawtooth cycle', () => {
  it('follows the sawtooth protocol: its nudges and level durations', () => {
    const ticks = sawtoothTicks(cycleSpec);
    const scheduler = new VirtualScheduler();
    const seen: ClampSignal[] = [];
    const p = { ...cycleSpec.protocol, amplitude: 1 };
    const sub = sawtooth(p).signal({ scheduler, rng: new RandomSource(1).stream('clock') }).subscribe((s) => seen.push(s));
    scheduler.runUntil(p.period - 1e-9);
    sub.unsubscribe();
    // One level per emission: the first tick of each level carries its nudge; the level lasts
    // until the next emission (the last one until the period ends).
    const levels = ticks.slice(1).filter((t) => t.relax > 0);
    expect(levels.map((t) => t.beta)).toEqual(seen.map((s) => s.beta));
    let k = 1;
    seen.forEach((s, i) => {
      const end = i + 1 < seen.length ? seen[i + 1].t : p.period;
      let d = 0;
      do d += ticks[k++].dt;
      while (k < ticks.length && ticks[k].relax === 0);
      expect(d).toBeCloseTo(end - s.t, 12);
    });
    expect(ticks[0]).toEqual({ beta: 0, relax: 0, dt: 0 });
    expect(levels.map((t) => t.beta * 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((v) => expect.closeTo(v, 12)));
  });

  it('one synapse: the lockstep filter equals the generic TCL rule over the same ticks (rest and periodic starts, skip exact)', () => {
    const ticks = sawtoothTicks(cycleSpec);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 11, maxLength: 11 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.boolean(),
        fc.constantFrom<'rest' | 'periodic'>('rest', 'periodic'),
        (values, theta, linear, start) => {
          const cycle = new TclCycle([1, 1], 1, ticks, options({ linear, start }));
          // The signal of each tick: from-free levels share a state per nudge.
          const byBeta = new Map<number, number>();
          const signal = ticks.map((t, i) => {
            if (i === 0) return values[0];
            if (!byBeta.has(t.beta)) byBeta.set(t.beta, values[byBeta.size + 1]);
            return byBeta.get(t.beta)!;
          });
          const got = cycle.filterSignal(signal, theta);
          const want = genericRule(ticks, signal, theta, linear, start === 'periodic' ? 4 : 1);
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 + 1e-10 * Math.abs(want));
        },
      ),
      { numRuns: runs(300), seed: 11 },
    );
  });

  it('the whole network: each weight moves by -(lr / beta) times its own filtered signal', () => {
    const sizes = [6, 5, 3];
    const net = initNetwork(sizes, new RandomSource(3).stream('init'));
    const rs = new RandomSource(4).stream('data');
    const N = 4;
    const data = Float64Array.from({ length: N * 6 }, () => (rs.bernoulli(0.3) ? 0 : rs.uniform()));
    const labels = [0, 2, 1, 2];
    const batch = new BatchState(sizes, N);
    batch.load(data, labels, [0, 1, 2, 3], sizes.map((n, l) => new Float64Array(l === 0 ? 0 : N * n)));
    batch.prepare(net);
    batch.relax(net, 0, 0.5, 20);
    const ticks = sawtoothTicks(cycleSpec);
    const o = options({ weights: [{ lr: 0.1, theta: 0.01 }, { lr: 0.05, theta: 0.02 }], biases: [{ lr: 0.1, theta: 0.01 }, { lr: 0.05, theta: 0.05 }] });
    const cycle = new TclCycle(sizes, N, ticks, o);
    const beta = -0.5;
    cycle.follow(net, batch, beta, 0.5);
    const after = cloneNetwork(net);
    cycle.learn(after, batch, beta);

    const single = new TclCycle([1, 1], 1, ticks, o);
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
          const want = -(o.weights[l].lr / beta) * single.filterSignal(signal, o.weights[l].theta);
          const k = i * sizes[l + 1] + j;
          expect(after.weights[l][k] - net.weights[l][k]).toBeCloseTo(want, 14);
          if (want !== 0) moved++;
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
        const want = -(o.biases[l - 1].lr / beta) * single.filterSignal(signal, o.biases[l - 1].theta);
        expect(after.biases[l][j] - net.biases[l][j]).toBeCloseTo(want, 14);
      }
    }
    expect(moved).toBeGreaterThan(5);
  });

  it('linear g on a closed cycle in its periodic state moves a weight by much less than the thresholded rule', () => {
    const ticks = sawtoothTicks(cycleSpec);
    // A signal proportional to the nudge, as a synapse's s_beta - s_free to first order.
    const signal = ticks.map((t, i) => (i === 0 ? 0 : t.beta));
    const lin = new TclCycle([1, 1], 1, ticks, options({ linear: true })).filterSignal(signal, 0);
    const thr = new TclCycle([1, 1], 1, ticks, options()).filterSignal(signal, 1);
    expect(thr).toBeGreaterThan(0.5);
    expect(Math.abs(lin)).toBeLessThan(0.02 * thr);
  });
});
