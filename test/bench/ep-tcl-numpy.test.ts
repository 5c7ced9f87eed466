import { spawnSync } from 'child_process';
import { EpNumpyFigure, epTclNumpyFigure } from '../../src/bench/ep-bench';

/**
 * The bench's numpy TCL yardstick (bench/ep_tcl_numpy.py, written from the equations: the
 * kernel integrated in closed form over the sawtooth's levels, u = H s for every synapse at
 * every tick) and phaseless's TCL (the quasi-static cycle replaying the temporal contrastive
 * rule through the chemotaxis cascade), from the same digits, initial weights and nudge signs,
 * end one epoch with the same weights up to summation order (1e-10, against weight changes of
 * 1e-4 and more) and the same test error. Skipped, with a notice, where python3 has no numpy.
 */
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
if (!hasNumpy) process.stderr.write('note: python3 with numpy not found: test/bench/ep-tcl-numpy.test.ts skipped\n');

function expectSame(f: EpNumpyFigure): void {
  expect(f.rule).toBe('tcl');
  expect(f.weightSums).toHaveLength(2);
  f.weightSums.forEach((w, l) => expect(Math.abs(w - f.numpyWeightSums[l])).toBeLessThanOrEqual(1e-10 * w));
  expect(f.maxWeightChange).toBeGreaterThan(1e-4);
  expect(f.maxWeightDifference).toBeLessThanOrEqual(1e-10);
  expect(f.testError).toBe(f.numpyTestError);
}

(hasNumpy ? describe : describe.skip)('TCL: phaseless and numpy', () => {
  it('the shipped experiment (784-500-10, periodic filter start, levels from the free state), one epoch on 100 digits', () => {
    const f = epTclNumpyFigure(100)!;
    expectSame(f);
    expect(f.testError).toBeLessThan(0.9);
  });

  it('the other definitions (filter at rest on the free signal, levels chained, kernel area 0.5: no skipping), 784-32-10, 100 digits', () => {
    expectSame(epTclNumpyFigure(100, process.cwd(), undefined, { layers: [784, 32, 10], rule: { filterStart: 'rest', levelStart: 'previous', kernel: { B: 20, area: 0.5 } } })!);
  });
});
