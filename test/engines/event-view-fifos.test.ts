import fc from 'fast-check';
import { RandomSource, VirtualScheduler, clampClock, readResistorSpec, sawtooth } from '../../src';
import { SpecError } from '../../src/errors';
import { ViewFifos } from '../../src/engines/event/view-fifos';
import { readAtTick } from '../../src/engines/event/endpoint-views';
import { reactiveEngine } from '../../src/engines/reactive-engine';
import { eventCore } from '../../src/engines/event/event-engine';
import { resistorSubstrate } from '../../src/substrates/resistor/resistor-substrate';
import { resistorDrives } from '../../src/engines/networks/resistor-agents';
import { temporalContrastive } from '../../src/synapses/rules/temporal-contrastive';
import { chemotaxisKernel } from '../../src/synapses/kernels/chemotaxis';
import { randomNetwork } from '../../src/substrates/resistor/generators';
import { Build, cycleDrives, expectSameBits } from '../support/event-case';
import { runs } from '../support/property-runs';

/** Record layout of the lines' ends: one synapse per record of `stride` numbers, ends at `first`. */
const STRIDE = 7;
const FIRST = 2;

type Op = { push: { k: number; gap: number; tie: boolean; v: number } } | { take: { k: number; ahead: number; s: number } };

describe('ViewFifos (values in flight on endpoint views, read at the synapse tick)', () => {
  it('a read takes exactly the values due before the event (time, then insertion number), the last one wins; save and load keep the lines', () => {
    const views = 6;
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ push: fc.record({ k: fc.nat(views - 1), gap: fc.double({ min: 0, max: 2, noNaN: true }), tie: fc.boolean(), v: fc.double({ noNaN: true }) }) }),
      fc.record({ take: fc.record({ k: fc.nat(views - 1), ahead: fc.integer({ min: -1, max: 3 }), s: fc.nat(400) }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.nat(200), (ops, cut) => {
        const rec = new Float64Array((views / 2) * STRIDE);
        let f = new ViewFifos(views, rec, STRIDE, FIRST);
        // The model: a plain array per view of [at, seq, value].
        const model: [number, number, number][][] = Array.from({ length: views }, () => []);
        const lastAt = new Array<number>(views).fill(0);
        let seq = 0;
        ops.forEach((o, j) => {
          if (j === cut) {
            // A snapshot mid-way: a fresh store loaded from the saved lines carries on the same.
            const saved = f.save();
            f.check(saved);
            f = new ViewFifos(views, rec, STRIDE, FIRST);
            f.load(saved);
          }
          if ('push' in o) {
            const { k, gap, tie, v } = o.push;
            // Arrival times never decrease along a view; ties are common (fixed delays).
            const at = tie ? lastAt[k] : lastAt[k] + gap;
            lastAt[k] = at;
            f.push(k, at, seq, v);
            model[k].push([at, seq, v]);
            seq++;
          } else {
            const { k, ahead, s } = o.take;
            const t = Math.max(0, lastAt[k] + ahead);
            const none = -12345;
            const got = f.takeDue(k, t, s, none);
            const due = model[k].filter(([a, q]) => a < t || (a === t && q < s));
            model[k] = model[k].filter(([a, q]) => !(a < t || (a === t && q < s)));
            expect(got).toBe(due.length > 0 ? due[due.length - 1][2] : none);
          }
        });
        const left: number[] = [];
        model.forEach((line, k) => line.forEach(([a, q, v]) => left.push(k, a, q, v)));
        expect(Array.from(f.save())).toEqual(left);
      }),
      { numRuns: runs(200) },
    );
  });

  it('refuses a saved state that is not quadruples of a view it has', () => {
    const f = new ViewFifos(4, new Float64Array(2 * STRIDE), STRIDE, FIRST);
    expect(() => f.check(Float64Array.of(0, 1, 2))).toThrow(SpecError);
    expect(() => f.check(Float64Array.of(4, 1, 2, 3))).toThrow(/snapshot.arrays.views\[0\].*a view from 0 to 3/);
    expect(() => f.check(Float64Array.of(1.5, 1, 2, 3))).toThrow(SpecError);
    expect(() => f.check(Float64Array.of(3, 1, 2, 3, 0, 2, 3, 4))).not.toThrow();
  });

  it('read-time delivery applies to a view with one delay stage and nothing after it', () => {
    expect(readAtTick({ delay: 0.1 })).toBe(true);
    expect(readAtTick({ randomDelay: { min: 0, max: 0.1 } })).toBe(true);
    expect(readAtTick({ delay: 0.1, randomDelay: { min: 0, max: 0.1 } })).toBe(false);
    expect(readAtTick({ delay: 0.1, drop: 0.2 })).toBe(false);
    expect(readAtTick({ randomDelay: { min: 0, max: 0.1 }, sample: { period: 0.1, jitter: 0 } })).toBe(false);
    expect(readAtTick({ drop: 0.2 })).toBe(false);
    expect(readAtTick({ delay: 0 })).toBe(false);
  });
});

/**
 * A fixed delay of exactly whole node periods on one tick grid: every value arrives at the very
 * time its synapse ticks, so which comes first is decided by insertion numbers alone, the case
 * read-time delivery must get right to stay the reactive engine bit for bit. With a synapse
 * period of two node periods and a delay of one, a value sent after the synapse scheduled its
 * tick arrives at that tick's time and must wait for the next one.
 */
describe('read-time delivery on ties', () => {
  const spec = readResistorSpec(randomNetwork({ n: 10, meanDegree: 3, kMin: 0.5, kMax: 2, inputs: 2, outputs: 1 }, new RandomSource(3).stream('net')));
  const P = 0.03125;
  const run = (build: Build, delay: number, synapsePeriods: number, tickOffset?: number): Float64Array[] => {
    const scheduler = new VirtualScheduler();
    const random = new RandomSource(11);
    const clock = clampClock(sawtooth({ period: 1, rise: 0.1, amplitude: 2, levels: 4 }), { scheduler, rng: random.stream('clock') });
    const timing = { tau: 2 * P, nodePeriod: P, synapsePeriod: synapsePeriods * P, rateSpread: 1, jitter: 0 };
    const engine = build(resistorSubstrate(spec, { tau: timing.tau }), {
      scheduler,
      random,
      clock,
      timing,
      tickOffset,
      endpointView: { delay },
      rule: temporalContrastive(chemotaxisKernel()),
      ruleParams: { lr: 0.5, theta: 1e-3, linear: false, wMin: 1e-3, wMax: 1e3 },
      driveOf: resistorDrives(spec, cycleDrives(clock, spec.sources.length, spec.outputs.length)),
    });
    const out: Float64Array[] = [];
    for (let k = 1; k <= 4; k++) {
      scheduler.runUntil(k * 0.5);
      out.push(engine.states(), engine.weights());
    }
    engine.stop();
    return out;
  };
  it.each([
    [1, 1, undefined],
    [2, 1, undefined],
    [1, 1, 0],
    [3, 1, P],
    [1, 2, undefined],
    [1, 2, 0],
    [3, 2, undefined],
  ])('a delay of %d node periods, synapse period %d, tick offset %s: the event engine equals the reactive engine bit for bit', (periods, synapse, offset) => {
    const a = run(reactiveEngine, periods * P, synapse, offset);
    const b = run(eventCore, periods * P, synapse, offset);
    expectSameBits(a, b);
    // The delay matters: the weights differ from those of a delay one synapse period longer.
    const c = run(eventCore, (periods + synapse) * P, synapse, offset);
    expect(c[c.length - 1].some((w, e) => w !== b[b.length - 1][e])).toBe(true);
  });
});
