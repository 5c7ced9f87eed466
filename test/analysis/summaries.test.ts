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

  it('spearman is undefined for fewer than two points or a constant side, and 1 for a monotone pair', () => {
    expect(spearman([1], [2])).toBeUndefined();
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeUndefined();
    expect(spearman([1, 2, 3], [10, 20, 30])).toBeCloseTo(1, 12);
  });
});
