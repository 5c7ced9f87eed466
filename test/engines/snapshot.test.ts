import fc from 'fast-check';
import * as arbitraries from '../../src/arbitraries';
import { runs } from '../support/property-runs';
import { ENGINES, P, atArb, checkResumes, checkResumesTwice, resistorCases, resistorRun, snapshotTimingArb } from '../support/snapshot-case';

/**
 * Snapshot at a random event, JSON round trip, restore into a freshly built engine, run on: the
 * states, weights and event counts must equal those of the uninterrupted run, bit for bit. On
 * random resistor networks with every registered rule and kernel (rule-cases.ts), on every engine,
 * with the timing each engine snapshots (snapshotTimingArb: synchronous for the array engine;
 * rates, jitter, offsets and, on the event engine, delayed, sampled and lossy endpoint views).
 * The other substrates are in snapshot-substrates.test.ts, another process in
 * snapshot-process.test.ts.
 */
const cases = resistorCases();
const GRID = [0.2, 0.4, 0.6, 0.8, 1];

describe.each(ENGINES)('%s engine: snapshot, restore, continue bit for bit (resistor networks)', (engine) => {
  it.each(cases)('$name', (c) => {
    fc.assert(
      fc.property(arbitraries.resistorSpecArb({ maxNodes: 10 }), fc.nat(1e6), snapshotTimingArb(engine, P), atArb, (raw, seed, t, at) => {
        checkResumes(resistorRun(engine, raw, c.name, t, seed), GRID, at);
      }),
      { numRuns: runs(10) },
    );
  });
});

describe.each(ENGINES)('%s engine: a restored run snapshots and restores again', (engine) => {
  it('follows the straight run after two hops (a random registered rule)', () => {
    fc.assert(
      fc.property(arbitraries.resistorSpecArb({ maxNodes: 10 }), fc.nat(1e6), snapshotTimingArb(engine, P), fc.constantFrom(...cases.map((c) => c.name)), atArb, atArb, (raw, seed, t, name, a, b) => {
        checkResumesTwice(resistorRun(engine, raw, name, t, seed), GRID, Math.min(a, b), Math.max(a, b));
      }),
      { numRuns: runs(8) },
    );
  });
});
