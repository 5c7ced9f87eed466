import { STUDY_AXES, StudyAxis, StudyPoint, atLevel, axisLevels, meanStd, studyCurvePlot, studyPointOf } from './study-points';
import type { StudyKind } from './study-summary';
import type { TopLevelSpec } from 'vega-lite';

/** The study's axes and points are the shared ones (study-points.ts). */
export const RBM_AXES = STUDY_AXES;
export type RbmAxis = StudyAxis;
export type RbmPoint = StudyPoint;
export const rbmPointOf = studyPointOf;

/** One evaluation row of an RBM run (metrics.ndjson). */
export interface RbmMetricRow {
  protocol: string;
  gibbsSteps: number;
  nll?: number;
  tv?: number;
}

/** What one protocol of one point ended at. */
export interface RbmPointResult extends RbmPoint {
  protocol: string;
  /** Gibbs steps of the last evaluation, and whether the protocol reached its budget. */
  gibbsSteps: number;
  complete: boolean;
  finalNll: number;
  finalTv: number;
  /** Means over the last `window` evaluations: the phase protocols wander about a plateau. */
  lastNll: number;
  lastTv: number;
}

/**
 * The results of one run folder's rows, per protocol, from the evaluations after the start (the
 * last `window` of them averaged). A protocol is complete when its last evaluation is at
 * `budget` Gibbs steps.
 */
export function rbmPointResults(point: RbmPoint, rows: readonly RbmMetricRow[], budget: number, window = 10): RbmPointResult[] {
  const protocols = [...new Set(rows.map((r) => r.protocol))];
  return protocols.flatMap((protocol) => {
    const evals = rows.filter((r) => r.protocol === protocol && r.gibbsSteps > 0 && r.nll !== undefined && r.tv !== undefined);
    if (evals.length === 0) return [];
    const last = evals[evals.length - 1];
    const tail = evals.slice(-window);
    const mean = (f: (r: RbmMetricRow) => number) => tail.reduce((s, r) => s + f(r), 0) / tail.length;
    return [{ ...point, protocol, gibbsSteps: last.gibbsSteps, complete: last.gibbsSteps >= budget, finalNll: last.nll!, finalTv: last.tv!, lastNll: mean((r) => r.nll!), lastTv: mean((r) => r.tv!) }];
  });
}

/** One point of a curve: a protocol at one level of one axis, over its seeds (complete runs only). */
export interface RbmCurvePoint {
  axis: RbmAxis;
  level: number;
  protocol: string;
  seeds: number;
  /** Mean and sample standard deviation (n - 1; 0 for one seed) of lastNll, and the mean lastTv. */
  nll: number;
  nllStd: number;
  tv: number;
}

/** The curves: the base point is level 0 of every axis; incomplete protocols are left out. */
export function rbmCurves(results: readonly RbmPointResult[]): RbmCurvePoint[] {
  const done = results.filter((r) => r.complete);
  const out: RbmCurvePoint[] = [];
  const protocols = [...new Set(done.map((r) => r.protocol))];
  for (const axis of RBM_AXES) {
    for (const protocol of protocols) {
      for (const level of axisLevels(done, axis)) {
        const rows = atLevel(done, axis, level).filter((r) => r.protocol === protocol);
        if (rows.length === 0) continue;
        const { mean: nll, std: nllStd } = meanStd(rows.map((r) => r.lastNll));
        out.push({ axis, level, protocol, seeds: rows.length, nll, nllStd, tv: meanStd(rows.map((r) => r.lastTv)).mean });
      }
    }
  }
  return out;
}

/** The curves as a Markdown table, one row per axis and level, a column per protocol. */
export function rbmCurveTable(curves: readonly RbmCurvePoint[]): string[] {
  const protocols = [...new Set(curves.map((c) => c.protocol))];
  if (protocols.length === 0) return ['(no point has completed a protocol yet)'];
  const lines = [`| axis | level | ${protocols.map((p) => `${p}: NLL (last 10 evals) / TV`).join(' | ')} |`, `|---|---:|${protocols.map(() => '---:').join('|')}|`];
  for (const axis of RBM_AXES) {
    const levels = [...new Set(curves.filter((c) => c.axis === axis).map((c) => c.level))].sort((a, b) => a - b);
    for (const level of levels) {
      const cells = protocols.map((p) => {
        const c = curves.find((x) => x.axis === axis && x.level === level && x.protocol === p);
        return c ? `${c.nll.toFixed(2)}${c.seeds > 1 ? ` +- ${c.nllStd.toFixed(2)}` : ''} / ${c.tv.toFixed(2)} (${c.seeds} seed${c.seeds > 1 ? 's' : ''})` : 'not run';
      });
      lines.push(`| ${axis} | ${level} | ${cells.join(' | ')} |`);
    }
  }
  return lines;
}

/** One axis's curve: mean NLL over the last evaluations against the level, one line per protocol, +- one std. */
export function rbmCurvePlot(curves: readonly RbmCurvePoint[], axis: RbmAxis, title: string): TopLevelSpec {
  const values = curves.filter((c) => c.axis === axis).map((c) => ({ level: c.level, value: c.nll, std: c.nllStd, series: c.protocol }));
  return studyCurvePlot(values, axis, title, { scale: { zero: false }, title: 'NLL, mean of the last 10 evaluations' });
}

/** The RBM study as summarizeStudy reads it (docs/rbm-robustness/summarize.js); `title` heads each plot, before the axis. */
export function rbmStudy(title: string): StudyKind<RbmPointResult, RbmCurvePoint> {
  return {
    budgetOf: (spec) => Number(spec.gibbsSteps ?? (spec.budget as { gibbsSteps?: number } | undefined)?.gibbsSteps),
    results: (point, rows, budget) => rbmPointResults(point, rows as unknown as RbmMetricRow[], budget),
    curves: rbmCurves,
    table: rbmCurveTable,
    plot: (curves, axis) => rbmCurvePlot(curves, axis, `${title}: ${axis}`),
  };
}
