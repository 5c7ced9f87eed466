import { rbmCurvePlot, rbmCurveTable, rbmCurves, rbmPointOf, rbmPointResults, RbmMetricRow } from '../../src/analysis/rbm-robustness';

/** Rows of one protocol: the start, then evaluations every 10 steps with nll = k, tv = k / 100. */
const rows = (protocol: string, evals: number, shift = 0): RbmMetricRow[] => [
  { protocol, gibbsSteps: 0, nll: 99, tv: 1 },
  ...Array.from({ length: evals }, (_, k) => ({ protocol, gibbsSteps: 10 * (k + 1), nll: k + 1 + shift, tv: (k + 1 + shift) / 100 })),
];

describe('RBM robustness study: from run folders to curves', () => {
  it('reads the point names the study writes and nothing else', () => {
    expect(rbmPointOf('base-seed-2')).toEqual({ axis: 'base', level: 0, seed: 2 });
    expect(rbmPointOf('delay-64-seed-1')).toEqual({ axis: 'delay', level: 64, seed: 1 });
    expect(rbmPointOf('spread-2.83-seed-3')).toEqual({ axis: 'spread', level: 2.83, seed: 3 });
    for (const bad of ['base', 'wobble-1-seed-1', 'drop-x-seed-1', 'drop-0.45', 'notes.txt']) expect(rbmPointOf(bad)).toBeUndefined();
  });

  it('a protocol ends at its last evaluation; the mean over the last 10 leaves out the start', () => {
    const [fixed, geo] = rbmPointResults({ axis: 'base', level: 0, seed: 1 }, [...rows('fixed', 20), ...rows('geo', 5)], 200);
    // Evaluations 11..20: mean 15.5; the untrained row (nll 99) never counts.
    expect(fixed).toMatchObject({ protocol: 'fixed', gibbsSteps: 200, complete: true, finalNll: 20, finalTv: 0.2, lastNll: 15.5 });
    expect(fixed.lastTv).toBeCloseTo(0.155, 12);
    // Fewer than 10 evaluations: all of them (mean of 1..5), and not at the budget yet.
    expect(geo).toMatchObject({ protocol: 'geo', gibbsSteps: 50, complete: false, lastNll: 3 });
  });

  it('curves: the base point is level 0 of every axis, seeds give mean and sample std, unfinished runs are left out', () => {
    const results = [
      ...rbmPointResults({ axis: 'base', level: 0, seed: 1 }, rows('fixed', 20), 200),
      ...rbmPointResults({ axis: 'base', level: 0, seed: 2 }, rows('fixed', 20, 2), 200),
      ...rbmPointResults({ axis: 'drop', level: 0.45, seed: 1 }, rows('fixed', 20, 10), 200),
      ...rbmPointResults({ axis: 'drop', level: 0.45, seed: 2 }, rows('fixed', 20, 14), 200),
      ...rbmPointResults({ axis: 'drop', level: 0.9, seed: 1 }, rows('fixed', 7, 50), 200),
      ...rbmPointResults({ axis: 'stuck', level: 0.5, seed: 1 }, rows('fixed', 20, 0.5), 200),
    ];
    const curves = rbmCurves(results);
    const at = (axis: string, level: number) => curves.find((c) => c.axis === axis && c.level === level);
    // Base: last-10 means 15.5 and 17.5: mean 16.5, sample std sqrt(2).
    expect(at('drop', 0)).toMatchObject({ seeds: 2, nll: 16.5 });
    expect(at('drop', 0)!.nllStd).toBeCloseTo(Math.SQRT2, 12);
    expect(at('stuck', 0)).toMatchObject({ seeds: 2, nll: 16.5 });
    expect(at('drop', 0.45)).toMatchObject({ seeds: 2, nll: 27.5 });
    expect(at('drop', 0.9)).toBeUndefined();
    expect(at('stuck', 0.5)).toMatchObject({ seeds: 1, nll: 16, nllStd: 0 });
    expect(rbmCurveTable([])).toEqual(['(no curve yet: no point besides the base has completed a protocol)']);
    // Axes without a run have no curve at all.
    expect(curves.filter((c) => c.axis === 'jitter')).toEqual([]);
    const table = rbmCurveTable(curves);
    expect(table[0]).toBe('| axis | level | fixed: NLL (last 10 evals) / TV |');
    expect(table).toContain('| drop | 0.45 | 27.50 +- 2.83 / 0.28 (2 seeds) |');
    expect(table).toContain('| stuck | 0.5 | 16.00 / 0.16 (1 seed) |');
    const plot = rbmCurvePlot(curves, 'drop', 'drop') as { data: { values: { level: number; value: number }[] } };
    expect(plot.data.values.map((v) => [v.level, v.value])).toEqual([
      [0, 16.5],
      [0.45, 27.5],
    ]);
  });

  it('binarized MNIST: label errors, complete once the final errors are written; curves of the final test error', () => {
    // Evaluations every 10 steps with train error 0.9 - k / 100.
    const labelRows = (protocol: string, evals: number): RbmMetricRow[] => [
      { protocol, gibbsSteps: 0, trainError: 0.9 },
      ...Array.from({ length: evals }, (_, k) => ({ protocol, gibbsSteps: 10 * (k + 1), trainError: 0.9 - (k + 1) / 100 })),
    ];
    const finals = [{ id: 'fixed', finalTrainError: 0.5, finalTestError: 0.6 }];
    const [fixed, geo] = rbmPointResults({ axis: 'base', level: 0, seed: 1 }, [...labelRows('fixed', 20), ...labelRows('geo', 20)], 200, finals);
    // Last 10 evaluations: train errors 0.79 .. 0.70, mean 0.745.
    expect(fixed).toMatchObject({ protocol: 'fixed', complete: true, finalTrainError: 0.5, finalTestError: 0.6 });
    expect(fixed.lastTrainError).toBeCloseTo(0.745, 12);
    expect(fixed.finalNll).toBeUndefined();
    // At its budget but without final errors (cut before they were written): not complete.
    expect(geo).toMatchObject({ protocol: 'geo', gibbsSteps: 200, complete: false });
    const seed2 = rbmPointResults({ axis: 'base', level: 0, seed: 2 }, labelRows('fixed', 20), 200, [{ id: 'fixed', finalTrainError: 0.4, finalTestError: 0.7 }]);
    const dead = rbmPointResults({ axis: 'dead', level: 0.5, seed: 1 }, labelRows('fixed', 20), 200, [{ id: 'fixed', finalTestError: 0.85 }]);
    const curves = rbmCurves([fixed, geo, ...seed2, ...dead]);
    const base = curves.find((c) => c.axis === 'dead' && c.level === 0)!;
    // Test errors 0.6 and 0.7: mean 0.65, sample std sqrt(0.005).
    expect(base).toMatchObject({ seeds: 2, protocol: 'fixed' });
    expect(base.testError).toBeCloseTo(0.65, 12);
    expect(base.testErrorStd).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(base.trainError).toBeCloseTo(0.745, 12);
    const table = rbmCurveTable(curves);
    expect(table[0]).toBe('| axis | level | fixed: test error / train error (last 10 evals) |');
    expect(table).toContain('| dead | 0 | 65.0% +- 7.1% / 74.5% (2 seeds) |');
    expect(table).toContain('| dead | 0.5 | 85.0% / 74.5% (1 seed) |');
    const plot = rbmCurvePlot(curves, 'dead', 'dead') as { data: { values: { level: number; value: number }[] }; layer: { encoding: { y: { title?: string } } }[] };
    expect(plot.data.values.map((v) => v.level)).toEqual([0, 0.5]);
    expect(plot.data.values[1].value).toBe(0.85);
    expect(plot.layer[0].encoding.y.title).toBe('test label error after the budget');
  });
});
