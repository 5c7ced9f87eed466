import fc from 'fast-check';
import { of } from 'rxjs';
import { RandomSource, VirtualScheduler, classicTwoPhase, phaseType, twoPhase } from '../../src';
import { arrayEngine } from '../../src/engines/array-engine';
import { reactiveEngine } from '../../src/engines/reactive-engine';
import { HopfieldBatch } from '../../src/experiments/ep/hopfield-batch';
import { hopfieldSubstrate } from '../../src/substrates/hopfield/hopfield-substrate';
import { LayeredNetwork } from '../../src/substrates/hopfield/layered-network';
import { classicReference } from '../support/classic-cycle';
import { runs } from '../support/property-runs';

/**
 * The array engine's batch: examples that share the synapses, each with its own node states
 * and drives; the rules see the batch mean of the local signal.
 */
function tinyNet(sizes: number[], seed: number): LayeredNetwork {
  const rng = new RandomSource(seed).stream('net');
  const u = (a: number) => a * (2 * rng.uniform() - 1);
  return {
    sizes,
    weights: sizes.slice(0, -1).map((n, l) => Float64Array.from({ length: n * sizes[l + 1] }, () => u(0.8))),
    biases: sizes.map((n, l) => (l === 0 ? new Float64Array(0) : Float64Array.from({ length: n }, () => 0.1 + u(0.2)))),
  };
}

interface Example {
  x: number[];
  label: number;
}

/** The Hopfield substrate with each example's pixels and one-hot label as drives. */
function batchRun(net: LayeredNetwork, examples: Example[], eps: number, opts: { protocol?: ReturnType<typeof twoPhase>; lr?: number; batch?: boolean }) {
  const sub = hopfieldSubstrate(net, examples[0], { eps, sign: 1 });
  const { layout } = sub;
  const L = net.sizes.length;
  const drive = (i: number, b: number) => {
    const ex = examples[b];
    if (i === layout.one) return undefined;
    if (i < net.sizes[0]) return of(ex.x[i]);
    const out = layout.node(L - 1, 0);
    return i >= out ? of(i - out === ex.label ? 1 : 0) : undefined;
  };
  const initial = new Float64Array(sub.ids.length * examples.length);
  examples.forEach((ex, b) => {
    for (let j = 0; j < net.sizes[0]; j++) initial[b * sub.ids.length + j] = ex.x[j];
    initial[b * sub.ids.length + layout.one] = 1;
  });
  const scheduler = new VirtualScheduler();
  // The clock's edges fall on integers, the ticks half way between (no ties).
  const engine = arrayEngine(sub, {
    scheduler,
    random: new RandomSource(1),
    timing: { tau: 1, nodePeriod: 1, synapsePeriod: 1, rateSpread: 1, jitter: 0 },
    tickOffset: 0.5,
    protocol: opts.protocol,
    rule: opts.lr === undefined ? undefined : classicTwoPhase,
    ruleParams: opts.lr === undefined ? undefined : { lr: opts.lr, wMin: -Infinity, wMax: Infinity },
    modulator: opts.lr === undefined ? undefined : phaseType,
    driveOf: drive,
    initial,
    batch: examples.length,
  });
  return { sub, scheduler, engine };
}

const exampleArb = (n0: number, out: number) => fc.record({ x: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n0, maxLength: n0 }), label: fc.nat(out - 1) });

describe('array engine: a batch of examples', () => {
  it('without learning, each example moves exactly as it would alone', () => {
    fc.assert(
      fc.property(fc.nat(1e6), fc.array(exampleArb(3, 2), { minLength: 2, maxLength: 5 }), (seed, examples) => {
        const net = tinyNet([3, 4, 2], seed);
        const all = batchRun(net, examples, 0.5, {});
        all.scheduler.runUntil(12);
        const together = all.engine.states();
        const n = all.sub.ids.length;
        examples.forEach((ex, b) => {
          const one = batchRun(net, [ex], 0.5, {});
          one.scheduler.runUntil(12);
          expect(Array.from(together.subarray(b * n, (b + 1) * n))).toEqual(Array.from(one.engine.states()));
          expect(all.engine.read({ node: n - 2, example: b })).toBe(one.engine.read({ node: n - 2 }));
        });
      }),
      { numRuns: runs(20) },
    );
  });

  it('classic EP on a batch gives the classic EP update (free phase, nudged phase, batch-mean update)', () => {
    const sizes = [3, 4, 2];
    const net = tinyNet(sizes, 7);
    const examples: Example[] = [
      { x: [0.9, 0.2, 0.6], label: 1 },
      { x: [0.1, 0.7, 0.3], label: 0 },
      { x: [0.5, 0.5, 0.0], label: 1 },
    ];
    const F = 20;
    const C = 4;
    const beta = 0.5;
    const lr = 0.1;
    const eps = 0.5;
    // The clock: free for F ticks, nudged for C, then free again: the synapses apply the
    // update on their first tick of the next free phase.
    const run = batchRun(net, examples, eps, { protocol: twoPhase({ free: F, clamped: C, beta }), lr: lr / beta });
    run.scheduler.runUntil(F + C + 0.75);

    const b = new HopfieldBatch(sizes, examples.length);
    const persistent = [new Float64Array(0), new Float64Array(examples.length * 4), new Float64Array(examples.length * 2)];
    b.load(
      Float64Array.from(examples.flatMap((e) => e.x)),
      examples.map((e) => e.label),
      examples.map((_, k) => k),
      persistent,
    );
    b.prepare(net);
    b.relax(0, eps, F);
    const free = b.makeSnapshot();
    b.snapshot(free);
    b.relax(beta, eps, C);
    const after = classicReference(net, b.states[0], free, b.states, examples.length, beta, [lr, lr]);

    const w = run.engine.weights();
    const { layout } = run.sub;
    let moved = 0;
    for (let l = 0; l < 2; l++) {
      for (let i = 0; i < sizes[l]; i++) {
        for (let j = 0; j < sizes[l + 1]; j++) {
          const want = after.weights[l][i * sizes[l + 1] + j];
          expect(Math.abs(w[layout.weight(l, i, j)] - want)).toBeLessThanOrEqual(1e-12);
          moved = Math.max(moved, Math.abs(want - net.weights[l][i * sizes[l + 1] + j]));
        }
      }
    }
    for (let l = 1; l < 3; l++) for (let j = 0; j < sizes[l]; j++) expect(Math.abs(w[layout.bias(l, j)] - after.biases[l][j])).toBeLessThanOrEqual(1e-12);
    expect(moved).toBeGreaterThan(1e-3);
    run.engine.stop();
  });

  it('refuses a bad batch, initial states of the wrong length, a batch on the reactive engine and a probe of a missing example', () => {
    const net = tinyNet([2, 2], 3);
    const sub = hopfieldSubstrate(net, { x: [0, 1], label: 0 }, { eps: 0.5, sign: 1 });
    const base = { scheduler: new VirtualScheduler(), random: new RandomSource(1), timing: { tau: 1, nodePeriod: 1, synapsePeriod: 1, rateSpread: 1, jitter: 0 } };
    expect(() => arrayEngine(sub, { ...base, batch: 0 })).toThrow('batch: expected an integer >= 1');
    expect(() => arrayEngine(sub, { ...base, batch: 2, initial: new Float64Array(3) })).toThrow(`initial: expected ${sub.ids.length} node states, or ${2 * sub.ids.length}`);
    expect(() => reactiveEngine(sub, { ...base, batch: 2 })).toThrow('batch: expected 1 with the reactive engine');
    const e = arrayEngine(sub, { ...base, batch: 2 });
    expect(() => e.read({ node: 0, example: 2 })).toThrow('probe: example must be an integer in [0, 2) (the batch), got 2');
    e.stop();
  });
});
