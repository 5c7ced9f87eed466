import { spawnSync } from 'child_process';
import { epNumpyFigure } from '../../src/bench/ep-bench';

/**
 * The bench's numpy yardstick (bench/ep_numpy.py, written from the equations) and phaseless's
 * classic EP, from the same digits, initial weights and nudge signs, end one epoch with the same
 * weights up to summation order and the same test error: an independent check of the EP
 * experiment as much as of the yardstick. Skipped, with a notice, where python3 has no numpy.
 */
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
if (!hasNumpy) process.stderr.write('note: python3 with numpy not found: test/bench/ep-numpy.test.ts skipped\n');

(hasNumpy ? describe : describe.skip)('classic EP: phaseless and numpy', () => {
  it('one epoch on 200 digits: the same weights to 1e-10 and the same test error', () => {
    const f = epNumpyFigure(200)!;
    expect(f.weightSums).toHaveLength(2);
    f.weightSums.forEach((w, l) => expect(Math.abs(w - f.numpyWeightSums[l])).toBeLessThanOrEqual(1e-10 * w));
    expect(f.maxWeightDifference).toBeLessThanOrEqual(1e-10);
    expect(f.testError).toBe(f.numpyTestError);
    expect(f.testError).toBeLessThan(0.9);
  });
});
