import { RandomSource } from '../../../src/scheduler/random';
import { stochasticPhases } from '../../../src/streams/protocols';
import { barsAndStripes } from '../../../src/datasets/bars-and-stripes';
import { createRbm, cloneRbm } from '../../../src/substrates/rbm/rbm';
import { RbmChain } from '../../../src/experiments/rbm/rbm-chain';
import { PhaseSource } from '../../../src/experiments/rbm/phase-source';
import { exactNll } from '../../../src/substrates/rbm/exact';
import { Progress, TrainContext, trainCdk, trainIsd, trainLocal } from '../../../src/experiments/rbm/train';

const data = barsAndStripes(2).rows; // 8 patterns of 4 pixels
const ctxOf = (seed: number, budget: number, evalEvery: number, onEval: (p: Progress) => void = () => undefined): TrainContext => {
  const random = new RandomSource(seed);
  return { rbm: createRbm(4, 4, random.stream('init')), random, data, budget, evalEvery, onEval, learnBias: true };
};

describe('phase source: the array engine reads the observable clock', () => {
  it('gives the clock phase types and whole-step lengths (geometric mean near 200)', () => {
    const src = new PhaseSource(stochasticPhases({ b: 0.3, beta: 1, length: { geometric: 200 } }), new RandomSource(1).stream('clock'));
    const phases = Array.from({ length: 3000 }, () => src.next());
    src.stop();
    expect(phases.every((p) => Number.isInteger(p.steps) && p.steps >= 1)).toBe(true);
    const mean = phases.reduce((s, p) => s + p.steps, 0) / phases.length;
    expect(Math.abs(mean - 200)).toBeLessThan(5 * (Math.sqrt(200 * 199) / Math.sqrt(3000)));
    const pos = phases.filter((p) => p.signal.z === 1).length / phases.length;
    expect(Math.abs(pos - 0.3)).toBeLessThan(5 * Math.sqrt(0.21 / 3000));
    expect(phases.map((p) => p.signal.index)).toEqual(phases.map((_, k) => k));
  });

  it('rejects phase lengths that are not whole Gibbs steps', () => {
    const src = new PhaseSource(stochasticPhases({ b: 0.5, beta: 1, length: { uniform: [1, 2] } }), new RandomSource(1).stream('clock'));
    expect(() => src.next()).toThrow(/^protocol.length: expected phase lengths that are whole numbers of Gibbs steps/);
  });
});

describe('training protocols (array engine)', () => {
  it('temporally local: a clamped phase holds the next datum in order; every step moves each active weight by +lr/b (clamped) or -lr/(1-b) (free)', () => {
    const b = 0.4;
    const lr = 0.01;
    const ctx = ctxOf(7, 3000, 1);
    const chain = new RbmChain(ctx.rbm, ctx.random);
    // Replay the clock on its own to know each step's phase.
    const replay = new PhaseSource(stochasticPhases({ b, beta: 1, length: { geometric: 15 } }), new RandomSource(7).stream('clock'));
    const zs: { z: number; datum: number }[] = [];
    let pos = 0;
    while (zs.length < 3000) {
      const { signal, steps } = replay.next();
      const datum = signal.z === 1 ? pos++ : -1;
      for (let k = 0; k < steps; k++) zs.push({ z: signal.z, datum });
    }
    let prev = cloneRbm(ctx.rbm);
    let checked = 0;
    const wrong: string[] = [];
    trainLocal(
      {
        ...ctx,
        chain,
        onEval: (p) => {
          if (p.gibbsSteps === 0) return;
          const { z, datum } = zs[p.gibbsSteps - 1];
          if (z === 1 && chain.v.some((x, i) => x !== data[datum % data.length][i])) wrong.push(`step ${p.gibbsSteps}: v is not datum ${datum}`);
          const step = z === 1 ? lr * (1 / b) : lr * (-1 / (1 - b));
          ctx.rbm.W.forEach((w, k) => {
            const on = chain.h[Math.floor(k / 4)] === 1 && chain.v[k % 4] === 1;
            if (Math.abs(w - prev.W[k] - (on ? step : 0)) > 1e-12) wrong.push(`step ${p.gibbsSteps}: weight ${k}`);
          });
          prev = cloneRbm(ctx.rbm);
          checked++;
        },
      },
      { b, length: { geometric: 15 }, lr },
    );
    expect(checked).toBe(3000);
    expect(wrong).toEqual([]);
  });

  it('every protocol stops at the Gibbs-step budget and counts phases and updates consistently', () => {
    const cd = trainCdk(ctxOf(1, 8000, 400), { K: 200, lr: 0.01 });
    expect(cd).toEqual({ gibbsSteps: 8000, phases: 40, positivePhases: 20, updates: 20 });
    const local = trainLocal(ctxOf(1, 8000, 400), { b: 0.5, length: { fixed: 200 }, lr: 1e-4 });
    expect(local).toMatchObject({ gibbsSteps: 8000, phases: 40, updates: 8000 });
    const isd = trainIsd(ctxOf(1, 8000, 400), { b: 0.5, length: { fixed: 200 }, lr: 0.01, batch: 2 });
    expect(isd.gibbsSteps).toBe(8000);
    expect(isd.phases).toBe(40);
    expect(isd.updates).toBe(Math.floor(isd.positivePhases / 2));
  });

  it('evaluations fall on the same Gibbs-step marks for every protocol', () => {
    const marks = (run: (c: TrainContext) => Progress) => {
      const seen: number[] = [];
      run(ctxOf(2, 4000, 800, (p) => seen.push(p.gibbsSteps)));
      return seen;
    };
    const want = [0, 800, 1600, 2400, 3200, 4000];
    expect(marks((c) => trainCdk(c, { K: 200, lr: 0.01 }))).toEqual(want);
    expect(marks((c) => trainLocal(c, { b: 0.5, length: { geometric: 200 }, lr: 1e-4 }))).toEqual(want);
    expect(marks((c) => trainIsd(c, { b: 0.5, length: { fixed: 200 }, lr: 0.01, batch: 1 }))).toEqual(want);
  });

  it('every protocol lowers the exact NLL of 2x2 bars and stripes (mean over the second half of training)', () => {
    const before = exactNll(ctxOf(3, 1, 1).rbm, data);
    expect(before).toBeCloseTo(4 * Math.log(2), 2); // near-uniform start
    const lr = 0.01;
    const runs: [string, (c: TrainContext) => Progress][] = [
      ['cd', (c) => trainCdk(c, { K: 20, lr })],
      ['local fixed', (c) => trainLocal(c, { b: 0.5, length: { fixed: 20 }, lr: lr / 20 })],
      ['local geometric', (c) => trainLocal(c, { b: 0.5, length: { geometric: 20 }, lr: lr / 20 })],
      ['isd', (c) => trainIsd(c, { b: 0.5, length: { fixed: 20 }, lr, batch: 1 })],
    ];
    const after = runs.map(([name, run]) => {
      const budget = 400_000;
      const nlls: number[] = [];
      const ctx: TrainContext = ctxOf(3, budget, budget / 20, (p) => {
        if (p.gibbsSteps > budget / 2) nlls.push(exactNll(ctx.rbm, data));
      });
      run(ctx);
      return [name, nlls.reduce((s, x) => s + x, 0) / nlls.length] as const;
    });
    // From log 16 = 2.77 nats towards the data entropy (1.73 nats); about 2.55 at this budget.
    for (const [name, nll] of after) expect({ name, dropped: nll < before - 0.15 }).toEqual({ name, dropped: true });
  });
});
