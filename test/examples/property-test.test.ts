import fc from 'fast-check';
import { checkRelaxation, relaxationError } from '../../examples/property-test/relaxation';

/** examples/property-test: a user's property test composing phaseless/arbitraries with fast-check. */
describe('examples/property-test (relaxation to Kirchhoff on drawn networks and timings)', () => {
  it('holds on the drawn cases, with the worst error far below the tolerance', () => {
    expect(checkRelaxation(10)).toBeLessThan(1e-6);
  });

  it('fails, with fast-check reporting a counterexample, when the run is too short to relax', () => {
    // The same property cut off after 0.1 time units (one node tau) must be refuted: it could not pass vacuously.
    const spec = { nodes: ['g', 'in', 'a', 'out'], edges: [{ a: 'g', b: 'a', k: 1 }, { a: 'in', b: 'a', k: 1 }, { a: 'a', b: 'out', k: 1 }, { a: 'out', b: 'g', k: 1 }], ground: 'g', inputs: [{ node: 'in', v: 1 }], outputs: [{ node: 'out', target: 0 }] };
    const timing = { tau: 0.1, nodePeriod: 0.05, synapsePeriod: 0.05, rateSpread: 1, jitter: 0 };
    expect(relaxationError(spec, timing, 1, 0.1)).toBeGreaterThan(1e-2);
    expect(relaxationError(spec, timing, 1, 60)).toBeLessThan(1e-6);
    expect(() => fc.assert(fc.property(fc.constant(spec), (s) => relaxationError(s, timing, 1, 0.1) < 1e-6))).toThrow(/Property failed/);
  });
});
