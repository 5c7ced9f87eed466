import * as path from 'path';
import { NodeWorker, nodeWorker } from '../support/node-worker';

const cases = path.join(__dirname, 'learning-cases.ts');
let worker: NodeWorker;
beforeAll(() => (worker = nodeWorker()));
afterAll(() => worker.close());

/**
 * The qualitative ordering the theory predicts ([FLEX], [TCL]; docs/science.md), on the default
 * task shortened to 6 epochs, over several seeds. The thresholds come from measurements (README); a
 * broken rule, sign or protocol moves a ratio across them.
 */
describe('compare (small): the ordering of rules and protocols', () => {
  it.each([1, 2, 4])('seed %i', async (seed) => {
    const ratio = await worker.call<Record<string, number>>(cases, 'compareRatios', seed, 6);
    // Learn: classic, TCL with the asymmetric sawtooth, and (slowly) phase-signed.
    expect(ratio['classic two-phase']).toBeLessThan(0.5);
    expect(ratio['TCL sawtooth']).toBeLessThan(0.6);
    expect(ratio['phase-signed, stochastic phases']).toBeLessThan(1);
    // The phase-free peers: continual EP telescopes to classic; frequency propagation learns.
    expect(ratio['continual EP two-phase']).toBeLessThan(0.5);
    expect(ratio['frequency propagation']).toBeLessThan(0.5);
    // The time-reversed sawtooth anti-learns.
    expect(ratio['TCL reversed sawtooth']).toBeGreaterThan(1.5);
    // No asymmetry or no nonlinearity: no net learning.
    for (const name of ['TCL triangle', 'TCL linear g']) {
      expect(ratio[name]).toBeGreaterThan(0.7);
      expect(ratio[name]).toBeLessThan(1.4);
    }
    expect(ratio['TCL sawtooth']).toBeLessThan(ratio['TCL triangle'] / 2);
    // Hebbian decay only: never better.
    expect(ratio['Hebbian']).toBeGreaterThan(1);
  });
});
