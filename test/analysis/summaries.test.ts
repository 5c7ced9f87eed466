import { dissipationSummary, offsetSummary, rangeSummary, spearman } from '../../src/analysis/summaries';

// A sweep of one point, or of points that all failed, has statistics of no data: they must be
// left out of summary.json (JSON writes NaN as null) and read n/a in the text, never NaN.
describe('sweep summaries of too few points', () => {
  it.each([
    ['range', rangeSummary],
    ['offset', offsetSummary],
    ['markov', dissipationSummary],
  ] as const)('%s: no NaN, Infinity or null over zero points', (_, summary) => {
    const s = summary([]);
    expect(JSON.stringify(s.numbers)).not.toMatch(/null/);
    expect(s.text.join('\n')).not.toMatch(/NaN|Infinity/);
    expect(s.text.join('\n')).toMatch(/n\/a/);
  });

  // Found by the spec fuzz test: a sweep point with background 0 predicts no offset, and the
  // ratio offset / prediction printed Infinity and NaN.
  it('offset: a point whose prediction is 0 has no ratio (no Infinity or NaN)', () => {
    const zero = { failed: false, intercept: 0.1, lineIntercept: 0.1, baseline: 0, offset: 0.1, shift: 0.1, timeAbove: 1, prediction: 0, predictionRise: 0, slope: 1, aMinRatio: 0.1, common: 20, tauF: 1, tauS: 9, tauFOverTauK: 20, periodOverTauK: 200 };
    const s = offsetSummary([zero]);
    expect(JSON.stringify(s.numbers)).not.toMatch(/null/);
    expect(s.numbers).toMatchObject({ points: 1, failed: 0, noPrediction: 1 });
    expect(s.text.join('\n')).not.toMatch(/NaN|Infinity/);
  });

  it('spearman is undefined for fewer than two points or a constant side, and 1 for a monotone pair', () => {
    expect(spearman([1], [2])).toBeUndefined();
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeUndefined();
    expect(spearman([1, 2, 3], [10, 20, 30])).toBeCloseTo(1, 12);
  });
});
