import { RandomSource } from '../../../src/scheduler/random';
import { rbmFrom } from '../../../src/substrates/rbm/rbm';
import { labelSamplingError, predictLabel } from '../../../src/experiments/rbm/label-error';

/**
 * 2 pixels + 2 label units, 2 hidden units: hidden j is tied strongly to pixel j and label j,
 * so clamping pixel j and sampling the labels turns label j on.
 */
const nv = 4;
const W = [
  [6, -6, 6, -6], // h0: pixel 0, label 0
  [-6, 6, -6, 6], // h1: pixel 1, label 1
].flat();
const tied = rbmFrom(nv, 2, W, [-4, -4]);
const rows = [Uint8Array.of(1, 0, 1, 0), Uint8Array.of(0, 1, 0, 1)];
const opts = { nLabels: 2, steps: 80, burnIn: 40 };

describe('label-sampling error', () => {
  it('classifies a model whose hidden units tie pixel j to label j perfectly, and scores swapped labels as all wrong', () => {
    const rng = new RandomSource(1).stream('eval');
    expect(labelSamplingError(tied, rows, [0, 1], opts, rng)).toBe(0);
    expect(labelSamplingError(tied, rows, [1, 0], opts, rng)).toBe(1);
  });

  it('ignores the label units of the row: they start at 0 (the answer does not leak)', () => {
    const rng = new RandomSource(2).stream('eval');
    expect(predictLabel(tied, Uint8Array.of(1, 0, 0, 1), opts, rng)).toBe(0);
    expect(predictLabel(tied, Uint8Array.of(0, 1, 1, 0), opts, rng)).toBe(1);
  });

  it('a model without weights guesses: error near 1 - 1/nLabels', () => {
    const zero = rbmFrom(6, 2, new Array(12).fill(0));
    const n = 3000;
    const many = Array.from({ length: n }, () => Uint8Array.of(1, 0, 1, 0, 0, 0));
    const err = labelSamplingError(zero, many, new Array(n).fill(1), { nLabels: 3, steps: 20, burnIn: 10 }, new RandomSource(3).stream('eval'));
    expect(Math.abs(err - 2 / 3)).toBeLessThan(5 * Math.sqrt((2 / 9) / n));
  });

  it('rejects bad options and inputs with a SpecError naming the field', () => {
    const rng = new RandomSource(1).stream('eval');
    expect(() => labelSamplingError(tied, rows, [0, 1], { ...opts, burnIn: 80 }, rng)).toThrow(/^metric.burnIn: expected fewer than steps \(80\)/);
    expect(() => labelSamplingError(tied, rows, [0, 1], { ...opts, steps: 0 }, rng)).toThrow(/^metric.steps/);
    expect(() => labelSamplingError(tied, rows, [0, 1], { ...opts, nLabels: 4 }, rng)).toThrow(/^metric.nLabels: expected between 2 and 3/);
    expect(() => labelSamplingError(tied, rows, [0], opts, rng)).toThrow(/^metric.rows/);
  });
});
