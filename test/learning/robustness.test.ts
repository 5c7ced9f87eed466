import fc from 'fast-check';
import * as path from 'path';
import { NodeWorker, nodeWorker } from '../support/node-worker';
import { runs } from '../support/property-runs';

const cases = path.join(__dirname, 'learning-cases.ts');
let worker: NodeWorker;
beforeAll(() => (worker = nodeWorker()));
afterAll(() => worker.close());

/**
 * TCL needs no phase signal and no synchrony: every synapse sees its endpoints through its
 * own random delays (up to 10% of tau_f) and updates at jittered times, and still learns as
 * well as the synchronous run (error ratio within 1.5x).
 */
describe('TCL under asynchrony', () => {
  it('learns within 1.5x of the synchronous run with random endpoint delays and jittered clocks', async () => {
    const tauF = 0.5; // default sawtooth: period 5, rise 0.1
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.2, max: 0.9, noNaN: true }), async (seed, jitter) => {
        const r = await worker.call<{ sync: number; async: number }>(cases, 'syncAndAsync', seed, 5, jitter, 0.1 * tauF);
        expect(r.sync).toBeLessThan(1);
        expect(r.async).toBeLessThan(1.5 * r.sync);
      }),
      { numRuns: runs(3) },
    );
  });
});
