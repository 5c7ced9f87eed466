import { prepareLearn } from '../../src/learning/learn';
import { defaultLearnSpec, readLearnSpec } from '../../src/learning/learn-spec';
import { NodeWorker, nodeWorker } from '../support/node-worker';
import { expectSpecError } from '../support/spec-error';

const cases = require.resolve('./learning-cases');
let worker: NodeWorker;
beforeAll(() => (worker = nodeWorker()));
afterAll(() => worker.close());

describe('network relaxation and the timescale check', () => {
  it('classic two-phase with phases of 1 learns as with phases of 20 on a 64-node network', async () => {
    // Phases of 1 are about 11 relaxation e-folds; before synapses conducted between learning
    // ticks the network needed about one e-fold per time unit and this run ended 15x worse.
    type Out = { errorRatio: number; relaxation: number };
    const a = await worker.call<Out>(cases, 'shippedRun', 'classic-64-phase1.json');
    const b = await worker.call<Out>(cases, 'shippedRun', 'classic-64-phase20.json');
    expect(a.relaxation).toBeLessThan(0.1);
    expect(b.errorRatio).toBeLessThan(0.7); // the quasi-static reference learns
    expect(a.errorRatio / b.errorRatio).toBeLessThan(1.5);
    expect(a.errorRatio / b.errorRatio).toBeGreaterThan(1 / 1.5);
  });

  it('rejects a TCL spec whose network relaxes slower than tau_K, unless overlap is allowed', () => {
    const network = { random: { n: 64, meanDegree: 4, kMin: 1, kMax: 1, inputs: 3, outputs: 2 } };
    const spec = readLearnSpec({ network });
    expect(spec.rule.kind).toBe('tcl');
    expectSpecError(() => prepareLearn(spec), 'timing');
    expect(() => prepareLearn(spec)).toThrow(/relaxes within the kernel time tau_K = 0.05; it takes 0\.0[6-9]\d+ per e-fold/);
    const allowed = prepareLearn(readLearnSpec({ network, allowTimescaleOverlap: true }));
    expect(allowed.relaxation.time).toBeGreaterThan(0.05);
  });

  it('the default network relaxes within tau_K', () => {
    const job = prepareLearn(defaultLearnSpec);
    expect(job.relaxation.converged).toBe(true);
    expect(job.relaxation.time).toBeLessThan(0.05);
  });
});
