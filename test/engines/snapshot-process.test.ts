import fc from 'fast-check';
import * as arbitraries from '../../src/arbitraries';
import { packF64 } from '../../src/engines/snapshot/f64-codec';
import { runs } from '../support/property-runs';
import { ENGINES, P, atArb, planResume, resistorCases, resistorRun, resumeInProcess, snapshotTimingArb } from '../support/snapshot-case';

/**
 * Snapshot at a random event, restore in a fresh node process, continue: bit-identical to the
 * uninterrupted run of this process. Every engine (with the timing it runs), a random registered
 * rule. The other process builds the run from plain data (spec, rule name, timing, seed) and gets
 * the snapshot as JSON text on its stdin, as a file would hand it over.
 */
const GRID = [0.25, 0.5, 0.75, 1];
const caseArb = (engine: string) =>
  fc.record({
    engine: fc.constant(engine),
    raw: arbitraries.resistorSpecArb({ maxNodes: 8 }),
    caseName: fc.constantFrom(...resistorCases().map((c) => c.name)),
    timing: snapshotTimingArb(engine, P),
    seed: fc.nat(1e6),
    at: atArb,
  });

describe('snapshot, restore in a fresh process, continue', () => {
  it.each(ENGINES)('%s engine: bit-identical to the uninterrupted run', async (name) => {
    await fc.assert(
      fc.asyncProperty(caseArb(name), async ({ engine, raw, caseName, timing, seed, at }) => {
        const p = planResume(resistorRun(engine, raw, caseName, timing, seed), GRID, at);
        const got = await resumeInProcess({ engine, raw, caseName, timing, seed, json: p.json, times: p.times });
        // Packed bytes: equal strings are equal bits.
        expect(got).toEqual(p.expected.map(packF64));
      }),
      { numRuns: runs(2) },
    );
  }, 120_000);
});
