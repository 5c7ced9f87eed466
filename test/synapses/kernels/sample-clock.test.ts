import fc from 'fast-check';
import { advanceClock, wholeSamples } from '../../../src/synapses/kernels/sample-clock';
import { runs } from '../../support/property-runs';

describe('the sample clock', () => {
  it('counts the sample times each step crosses; over a run, the floor of the elapsed samples', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.constantFrom(0.01, 0.1, 0.013, 7), (units, h) => {
        const x = Float64Array.of(0);
        let count = 0;
        let t = 0;
        for (const u of units) {
          count += advanceClock(x, 0, u * h, h);
          t += u * h;
          expect(x[0]).toBeGreaterThanOrEqual(0);
          expect(x[0]).toBeLessThan(1);
        }
        const elapsed = t / h;
        // Off a sample time by more than rounding, the count is exact.
        if (Math.abs(elapsed - Math.round(elapsed)) > 1e-8) expect(count).toBe(Math.floor(elapsed));
      }),
      { numRuns: runs(200) },
    );
  });

  it('does not drift: 300,000 ticks of about h / 3, each third closing the sample, end on a sample with none lost', () => {
    const h = 0.1;
    const dt = 0.0333333333333333; // 15 digits, below h / 3
    const x = Float64Array.of(0);
    let count = 0;
    for (let i = 0; i < 3e5; i++) count += advanceClock(x, 0, i % 3 === 2 ? h - 2 * dt : dt, h);
    expect(count).toBe(1e5);
    expect(x[0]).toBe(0);
  });

  it('whole samples of a length: within the tolerance, >= 1, or 0 for 0', () => {
    expect(wholeSamples(0.3, 0.1)).toBe(3);
    expect(wholeSamples(0, 0.1)).toBe(0);
    expect(wholeSamples(0.25, 0.1)).toBeUndefined();
    expect(wholeSamples(0.04, 0.1)).toBeUndefined();
    expect(wholeSamples(1, 0.01)).toBe(100);
  });
});
