import { fitLine, onsetLineFit } from '../../src/analysis/line-intercept';
import { dissipationSummary, offsetSummary } from '../../src/analysis/summaries';
import { DissipationResult } from '../../src/analysis/dissipation';
import { OffsetResult } from '../../src/analysis/offset';

/** A synthetic response dw/A_max against A/A_max with a known intercept c: nothing below a, dw = x + c up to A_max, collapse above. */
function synthetic(c: number, a: number, n = 200, top = 1.25) {
  const x = Array.from({ length: n }, (_, i) => (top * i) / n);
  const y = x.map((v) => (v < a ? 0 : v < 1 ? v + c : 0.01));
  return { x, y };
}

describe("the authors' offset: raw intercept of a straight-line fit of dw(A)", () => {
  it('a least-squares line through exact points is that line', () => {
    const x = [0.1, 0.4, 0.45, 0.9];
    const { slope, intercept } = fitLine(x, x.map((v) => 0.3 - 1.1 * v));
    expect(slope).toBeCloseTo(-1.1, 12);
    expect(intercept).toBeCloseTo(0.3, 12);
    expect(fitLine([2, 2], [1, 3]).intercept).toBeNaN();
  });

  it.each([
    [-0.03, 0.25],
    [0.02, 0.4],
    [-0.1, 0.3],
  ])('recovers the intercept %p of a synthetic curve whose onset is at %p, fitting from the onset to A_max only', (c, a) => {
    const d = synthetic(c, a);
    const fit = onsetLineFit(d);
    expect(fit.intercept).toBeCloseTo(c, 10);
    expect(fit.slope).toBeCloseTo(1, 10);
    expect(fit.from).toBe(d.x.find((v) => v >= a));
  });

  it('the onset is the first point above 0.05: a gentler onset enters the fit and biases it, as in the authors\u2019 analysis', () => {
    const d = synthetic(0, 0.3);
    d.y = d.x.map((v, i) => (v >= 0.2 && v < 0.3 ? 0.1 : d.y[i]));
    const fit = onsetLineFit(d);
    expect(fit.from).toBeCloseTo(0.2, 10);
    // The onset points (0.1) lie below the line y = x there: the fit is steeper, its intercept negative.
    expect(fit.slope).toBeGreaterThan(1);
    expect(fit.intercept).toBeLessThan(-0.01);
    expect(onsetLineFit({ x: [0, 0.5], y: [0, 0.01] }).intercept).toBeNaN();
  });
});

describe('summaries report both definitions', () => {
  it('offset: the raw intercept (authors, Fig. 5C) beside the baseline-corrected one', () => {
    const rows = [0.01, 0.02, 0.03].map((o, i) => ({ tauFOverTauK: 10 * (i + 1), offset: o, intercept: o - 0.02, baseline: -0.02, prediction: o, shift: o, failed: false }) as unknown as OffsetResult);
    const s = offsetSummary(rows);
    expect(s.numbers.rawIntercept).toEqual({ median: 0, min: -0.01, max: expect.closeTo(0.01, 12) });
    expect(s.numbers.baselineCorrected).toEqual({ median: 0.02, min: 0.01, max: 0.03 });
    expect(s.text.join('\n')).toMatch(/authors' definition/);
  });

  it('dissipation: Spearman of ln|offset| under the authors\u2019 definition and under ours', () => {
    const rows = [2, 4, 8, 16].map((d, i) => ({
      dissipation: d,
      lnShiftOverBg: -3 - i,
      lnLineInterceptOverBg: -2 - 0.5 * i,
      area: 1 / d,
      RF: 25,
      failed: false,
      energyPerCycle: 100 * d,
      landauer: 2,
      convention: 'window 1, absolute normalisation',
    })) as unknown as DissipationResult[];
    const s = dissipationSummary(rows);
    expect(s.numbers.spearmanDissipationVsLnOffset).toBeCloseTo(-1, 12);
    expect((s.numbers.authors as { spearmanDissipationVsLnLineIntercept: number }).spearmanDissipationVsLnLineIntercept).toBeCloseTo(-1, 12);
    expect(s.numbers.conventions).toEqual(['window 1, absolute normalisation']);
  });
});
