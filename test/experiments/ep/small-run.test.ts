import * as path from 'path';
import { NodeWorker, nodeWorker } from '../../support/node-worker';

const cases = path.join(__dirname, 'ep-cases.ts');
let worker: NodeWorker;
beforeAll(() => (worker = nodeWorker()));
afterAll(() => worker.close());

/**
 * A small fast run on real digits (784-32-10, 500 training / 500 held-out, 3 epochs): classic
 * EP and temporal contrastive learning both beat 50% test error, the linear-g control does not.
 */
describe('EP on MNIST, small run', () => {
  it.each([1, 2])('seed %i: classic and TCL learn, linear g does not', async (seed) => {
    const [classic, tcl, linear] = await Promise.all(
      (['classic', 'tcl', 'linear'] as const).map((r) => worker.call<number[]>(cases, 'smallRun', r, seed)),
    );
    // Untrained: near chance (all three start from the same network).
    expect(classic[0]).toBeGreaterThan(0.8);
    expect(tcl[0]).toBe(classic[0]);
    expect(linear[0]).toBe(classic[0]);
    expect(classic[3]).toBeLessThan(0.5);
    expect(tcl[3]).toBeLessThan(0.5);
    expect(linear[3]).toBeGreaterThan(0.5);
    expect(classic[3]).toBeLessThan(classic[1]);
    expect(tcl[3]).toBeLessThan(tcl[1]);
  });
});
