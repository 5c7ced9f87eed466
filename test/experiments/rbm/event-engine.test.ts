import fc from 'fast-check';
import { RandomSource } from '../../../src/scheduler/random';
import { createRbm } from '../../../src/substrates/rbm/rbm';
import { DEAD, HEALTHY, STUCK, chooseFaults } from '../../../src/engines/faults';
import { LocalAgentsOptions, runLocalAgents } from '../../../src/experiments/rbm/local-agents-run';
import { PhaseLengthArb } from './phase-arbs';
import { readRbmSpec } from '../../../src/experiments/rbm/rbm-spec';
import { RbmRow, prepareRbm } from '../../../src/experiments/rbm/rbm-experiment';
import { exactNllTv } from '../../../src/substrates/rbm/exact';
import { empiricalDistribution } from '../../../src/datasets/binary-dataset';
import { runs } from '../../support/property-runs';

/**
 * Asynchronous options of an RBM run, in Gibbs steps (every agent's nominal period): rate
 * spread, jitter, the synapses' view of their units and faults, each on or off.
 */
const asyncArb: fc.Arbitrary<LocalAgentsOptions> = fc.record(
  {
    rateSpread: fc.oneof(fc.constant(1), fc.double({ min: 1, max: 3, noNaN: true })),
    jitter: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.6, noNaN: true })),
    endpointView: fc.record(
      {
        delay: fc.double({ min: 0, max: 3, noNaN: true }),
        randomDelay: fc.double({ min: 0, max: 2, noNaN: true }).chain((min) => fc.record({ min: fc.constant(min), max: fc.double({ min, max: min + 3, noNaN: true }) })),
        sample: fc.record({ period: fc.double({ min: 0.3, max: 2, noNaN: true }), jitter: fc.double({ min: 0, max: 0.6, noNaN: true }) }),
        drop: fc.double({ min: 0, max: 0.5, noNaN: true }),
      },
      { requiredKeys: [] },
    ),
    faults: fc
      .record({ dead: fc.double({ min: 0, max: 0.5, noNaN: true }), stuck: fc.double({ min: 0, max: 0.5, noNaN: true }), drop: fc.double({ min: 0, max: 0.5, noNaN: true }) })
      .map((f) => ({ ...f, stuck: Math.min(f.stuck, 1 - f.dead) })),
  },
  { requiredKeys: [] },
);

describe('RBM on the event engine (rbmNetwork, runLocalAgents)', () => {
  it('equals the reactive engine bit for bit under rate spread, jitter, endpoint views and faults', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.double({ min: 0.2, max: 0.8, noNaN: true }),
        PhaseLengthArb,
        fc.boolean(),
        asyncArb,
        (seed, nv, nh, b, length, learnBias, o) => {
          const random = new RandomSource(seed);
          const bits = random.stream('test-data');
          const data = Array.from({ length: 3 }, () => Uint8Array.from({ length: nv }, () => (bits.uniform() < 0.5 ? 1 : 0)));
          const rbm0 = createRbm(nv, nh, random.stream('init'), 0.5);
          const p = { b, length, lr: 0.05 };
          const reactive = runLocalAgents(rbm0, data, p, seed, 60, learnBias, { ...o, engine: 'reactive' });
          const event = runLocalAgents(rbm0, data, p, seed, 60, learnBias, { ...o, engine: 'event' });
          expect(Array.from(event.rbm.W)).toEqual(Array.from(reactive.rbm.W));
          expect(Array.from(event.rbm.bh)).toEqual(Array.from(reactive.rbm.bh));
          expect(Array.from(event.v)).toEqual(Array.from(reactive.v));
          expect(Array.from(event.h)).toEqual(Array.from(reactive.h));
          expect(event.events).toBe(reactive.events);
        },
      ),
      { numRuns: runs(25) },
    );
  });

  it('dead synapses end at weight 0 and stuck ones at their initial weight; the healthy ones learn', () => {
    const data = [Uint8Array.of(1, 0, 1, 1), Uint8Array.of(0, 1, 1, 0)];
    const rbm0 = createRbm(4, 3, new RandomSource(5).stream('init'), 0.5);
    const p = { b: 0.5, length: { fixed: 5 }, lr: 0.02 };
    const faults = { dead: 0.25, stuck: 0.25, drop: 0 };
    const run = runLocalAgents(rbm0, data, p, 5, 400, true, { engine: 'event', jitter: 0.3, faults });
    // Synapses in the substrate's order: the hidden biases, then W row by row.
    const w0 = [...rbm0.bh, ...rbm0.W];
    const w = [...run.rbm.bh, ...run.rbm.W];
    const fault = chooseFaults(w.length, { ...faults, seed: undefined }, 5);
    expect(fault.filter((f) => f === DEAD).length).toBe(Math.round(0.25 * w.length));
    fault.forEach((f, e) => {
      if (f === DEAD) expect(w[e]).toBe(0);
      else if (f === STUCK) expect(w[e]).toBe(w0[e]);
    });
    // Every healthy weight learns (the biases start at 0 and move too).
    expect(fault.every((f, e) => f !== HEALTHY || w[e] !== w0[e])).toBe(true);
  });
});

describe('RBM experiments on the event engine (engine: "event")', () => {
  const raw = {
    name: 'ev',
    dataset: { kind: 'bas', size: 2 },
    hidden: 3,
    gibbsSteps: 600,
    evalEvery: 200,
    protocols: [
      { id: 'fixed', kind: 'local', length: { fixed: 10 }, lr: 0.01 },
      { id: 'geometric', kind: 'local', b: 0.3, length: { geometric: 7 }, lr: 0.01 },
    ],
  };
  const rowsOf = (spec: unknown): RbmRow[] => {
    const rows: RbmRow[] = [];
    prepareRbm(readRbmSpec(spec)).run((r) => rows.push(r));
    return rows;
  };
  const withoutWall = ({ wallMs: _, ...r }: RbmRow) => r;

  it('synchronous: the array engine sweeps (its Gibbs chain), every row bit for bit, events counted alike', () => {
    const array = rowsOf(raw).map(withoutWall);
    const event = rowsOf({ ...raw, engine: 'event' }).map(withoutWall);
    // The event engine runs synchronous timing as the array engine's sweeps: the same scheduler
    // events (two clocks per Gibbs step, not a tick of each of the 23 agents).
    expect(event.map(({ events: _, ...r }) => r)).toEqual(array);
    for (const r of event) expect(r.events).toBeLessThanOrEqual(r.gibbsSteps * 4 + 4);
    expect(event[event.length - 1].events).toBeGreaterThan(0);
  });

  it('jittered clocks (asynchronous single-site Gibbs) on BAS 3 x 3: the exact NLL and TV fall below the untrained ones', () => {
    const spec = readRbmSpec({
      name: 'jitter',
      dataset: { kind: 'bas', size: 3 },
      hidden: 8,
      gibbsSteps: 40000,
      evalEvery: 10000,
      engine: 'event',
      timing: { jitter: 0.3 },
      protocols: [{ id: 'local', kind: 'local', length: { geometric: 10 }, lr: 0.005 }],
    });
    const job = prepareRbm(spec);
    const rbm0 = createRbm(9, 8, new RandomSource(spec.seed).stream('init'), spec.initStd);
    const untrained = exactNllTv(rbm0, job.train.rows, empiricalDistribution(job.train));
    const rows: RbmRow[] = [];
    const res = job.run((r) => rows.push(r));
    // The runner's first row is the untrained model, computed the same way.
    expect(rows[0]).toMatchObject(untrained);
    const final = res.protocols[0].final;
    expect(final.gibbsSteps).toBe(40000);
    expect(final.nll!).toBeLessThan(untrained.nll - 0.2);
    expect(final.tv!).toBeLessThan(untrained.tv);
    expect(final.nll!).toBeGreaterThan(res.nllFloor!);
    // Asynchronous: the agents' ticks no longer fall on k + 1/2, yet about one per agent and step.
    expect(final.events! / 40000).toBeCloseTo(9 + 8 + 1 + 72 + 8, -1);
  });
});
