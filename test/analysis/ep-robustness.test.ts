import { epCurvePlot, epCurveTable, epCurves, epPointResult, EpMetricRow } from '../../src/analysis/ep-robustness';
import { studyPointOf } from '../../src/analysis/study-points';

/** Rows of a run: the untrained start, then `epochs` epochs whose test error falls by 0.1 from `start`. */
const rows = (epochs: number, start: number): EpMetricRow[] => [
  { epoch: 0, testError: 0.9, trainError: 0.9 },
  ...Array.from({ length: epochs }, (_, k) => ({ epoch: k + 1, testError: start - 0.1 * k, trainError: start - 0.1 * k - 0.05 })),
];

describe('EP robustness study: from run folders to curves', () => {
  it('reads the point names the study writes', () => {
    expect(studyPointOf('delay-0.5-seed-2')).toEqual({ axis: 'delay', level: 0.5, seed: 2 });
    expect(studyPointOf('base-seed-1')).toEqual({ axis: 'base', level: 0, seed: 1 });
    expect(studyPointOf('delay-0.5-seed-2.log')).toBeUndefined();
  });

  it('a point ends at its last epoch, complete at the budget; an untrained run has no result', () => {
    expect(epPointResult({ axis: 'base', level: 0, seed: 1 }, rows(3, 0.5), 3)).toMatchObject({ epochs: 3, complete: true, finalTestError: 0.5 - 0.2, initialTestError: 0.9 });
    expect(epPointResult({ axis: 'base', level: 0, seed: 1 }, rows(2, 0.5), 3)).toMatchObject({ epochs: 2, complete: false });
    expect(epPointResult({ axis: 'base', level: 0, seed: 1 }, rows(0, 0.5), 3)).toBeUndefined();
  });

  it('curves: the base point is level 0 of every axis, seeds give mean and sample std, unfinished points are left out', () => {
    const results = [
      epPointResult({ axis: 'base', level: 0, seed: 1 }, rows(3, 0.5), 3)!,
      epPointResult({ axis: 'base', level: 0, seed: 2 }, rows(3, 0.6), 3)!,
      epPointResult({ axis: 'jitter', level: 0.9, seed: 1 }, rows(3, 0.7), 3)!,
      epPointResult({ axis: 'jitter', level: 0.45, seed: 1 }, rows(2, 0.2), 3)!,
    ];
    const curves = epCurves(results);
    // Only the jitter axis has a completed level > 0; the half-run 0.45 point is left out.
    expect(curves.map((c) => [c.axis, c.level, c.seeds])).toEqual([
      ['jitter', 0, 2],
      ['jitter', 0.9, 1],
    ]);
    // Base: final errors 0.3 and 0.4: mean 0.35, sample std sqrt(0.005).
    expect(curves[0].testError).toBeCloseTo(0.35, 12);
    expect(curves[0].testErrorStd).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(curves[0].trainError).toBeCloseTo(0.3, 12);
    expect(curves[1].testError).toBeCloseTo(0.5, 12);
    const table = epCurveTable(curves, (a) => (a === 'jitter' ? '' : ' steps'));
    expect(table[2]).toBe('| jitter | 0 | 35.0% +- 7.1% | 30.0% | 2 |');
    expect(table[3]).toBe('| jitter | 0.9 | 50.0% | 45.0% | 1 |');
    const plot = epCurvePlot(curves, 'jitter', 't') as unknown as { data: { values: { level: number; value: number }[] } };
    expect(plot.data.values.map((v) => [v.level, v.value])).toEqual([
      [0, curves[0].testError],
      [0.9, curves[1].testError],
    ]);
  });
});
