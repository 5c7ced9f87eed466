import type { TopLevelSpec } from 'vega-lite';
import type { StudyKind } from './study-summary';
import { STUDY_AXES, StudyAxis, StudyPoint, atLevel, axisLevels, meanStd, studyCurvePlot } from './study-points';

/** One row of an EP run's metrics.ndjson (the fields the study reads). */
export interface EpMetricRow {
  epoch: number;
  testError: number;
  trainError: number;
}

/** What one point ended at: its last epoch's errors, and whether it reached its budget. */
export interface EpPointResult extends StudyPoint {
  epochs: number;
  complete: boolean;
  finalTestError: number;
  finalTrainError: number;
  initialTestError: number;
}

/** A point's result from its rows; undefined before its first trained epoch. */
export function epPointResult(point: StudyPoint, rows: readonly EpMetricRow[], budget: number): EpPointResult | undefined {
  const trained = rows.filter((r) => r.epoch > 0);
  const first = rows.find((r) => r.epoch === 0);
  if (trained.length === 0 || first === undefined) return undefined;
  const last = trained[trained.length - 1];
  return { ...point, epochs: last.epoch, complete: last.epoch >= budget, finalTestError: last.testError, finalTrainError: last.trainError, initialTestError: first.testError };
}

/** One point of a curve: an axis at one level, over the seeds whose runs completed. */
export interface EpCurvePoint {
  axis: StudyAxis;
  level: number;
  seeds: number;
  /** Mean and sample standard deviation of the final test error. */
  testError: number;
  testErrorStd: number;
  trainError: number;
}

/** The curves: the base point is level 0 of every axis; incomplete runs are left out. */
export function epCurves(results: readonly EpPointResult[]): EpCurvePoint[] {
  const done = results.filter((r) => r.complete);
  return STUDY_AXES.flatMap((axis) =>
    axisLevels(done, axis).flatMap((level) => {
      const rows = atLevel(done, axis, level);
      if (rows.length === 0) return [];
      const { mean, std } = meanStd(rows.map((r) => r.finalTestError));
      return [{ axis, level, seeds: rows.length, testError: mean, testErrorStd: std, trainError: meanStd(rows.map((r) => r.finalTrainError)).mean }];
    }),
  );
}

/** The curves as a Markdown table, one row per axis and level. */
export function epCurveTable(curves: readonly EpCurvePoint[], unit: (axis: StudyAxis) => string = () => ''): string[] {
  if (curves.length === 0) return ['(no curve yet: no point besides the base has completed)'];
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = ['| axis | level | test error | train error | seeds |', '|---|---:|---:|---:|---:|'];
  for (const c of curves) {
    lines.push(`| ${c.axis} | ${c.level}${unit(c.axis)} | ${pct(c.testError)}${c.seeds > 1 ? ` +- ${pct(c.testErrorStd)}` : ''} | ${pct(c.trainError)} | ${c.seeds} |`);
  }
  return lines;
}

/** One axis's curve: final test error against the level, +- one std over seeds. */
export function epCurvePlot(curves: readonly EpCurvePoint[], axis: StudyAxis, title: string): TopLevelSpec {
  const values = curves.filter((c) => c.axis === axis).map((c) => ({ level: c.level, value: c.testError, std: c.testErrorStd }));
  return studyCurvePlot(values, axis, title, { scale: { domain: [0, 1] }, axis: { format: '%' }, title: 'test error after the budget' });
}

/** The EP study as summarizeStudy reads it (docs/ep-robustness/summarize.js); `title` heads each plot, before the axis. */
export function epStudy(title: string): StudyKind<EpPointResult, EpCurvePoint> {
  const units: Partial<Record<StudyAxis, string>> = { delay: ' steps', spread: 'x' };
  return {
    budgetOf: (spec) => Number(spec.epochs ?? (spec.budget as { epochs?: number } | undefined)?.epochs),
    results: (point, rows, budget) => {
      const r = epPointResult(point, rows as unknown as EpMetricRow[], budget);
      return r ? [r] : [];
    },
    curves: epCurves,
    table: (curves) => epCurveTable(curves, (a) => units[a] ?? ''),
    plot: (curves, axis) => epCurvePlot(curves, axis, `${title}: ${axis}`),
  };
}
