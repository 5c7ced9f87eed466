import { STUDY_AXES, StudyAxis, StudyPoint, atLevel, axisLevels, meanStd, studyCurvePlot, studyPointOf } from './study-points';
import type { StudyKind } from './study-summary';
import type { TopLevelSpec } from 'vega-lite';

/** The study's axes and points are the shared ones (study-points.ts). */
export const RBM_AXES = STUDY_AXES;
export type RbmAxis = StudyAxis;
export type RbmPoint = StudyPoint;
export const rbmPointOf = studyPointOf;

/** One evaluation row of an RBM run (metrics.ndjson): NLL and TV (bars and stripes) or label error (binarized MNIST). */
export interface RbmMetricRow {
  protocol: string;
  gibbsSteps: number;
  nll?: number;
  tv?: number;
  trainError?: number;
}

/** What a finished protocol wrote (protocols.ndjson): its label errors on the final examples, if it has labels. */
export interface RbmProtocolFinal {
  id: string;
  finalTrainError?: number;
  finalTestError?: number;
}

/**
 * What one protocol of one point ended at. Bars and stripes: NLL and TV; binarized MNIST: label
 * errors (train error on the evaluation examples; at the end train and test error on the final
 * examples, from protocols.ndjson).
 */
export interface RbmPointResult extends RbmPoint {
  protocol: string;
  /** Gibbs steps of the last evaluation, and whether the protocol reached its budget. */
  gibbsSteps: number;
  complete: boolean;
  finalNll?: number;
  finalTv?: number;
  /** Means over the last `window` evaluations: the phase protocols wander about a plateau. */
  lastNll?: number;
  lastTv?: number;
  lastTrainError?: number;
  finalTrainError?: number;
  finalTestError?: number;
}

/**
 * The results of one run folder's rows, per protocol, from the evaluations after the start (the
 * last `window` of them averaged). A protocol is complete when its last evaluation is at
 * `budget` Gibbs steps (and, with labels, its final errors are written: `finals`).
 */
export function rbmPointResults(point: RbmPoint, rows: readonly RbmMetricRow[], budget: number, finals: readonly RbmProtocolFinal[] = [], window = 10): RbmPointResult[] {
  const protocols = [...new Set(rows.map((r) => r.protocol))];
  return protocols.flatMap((protocol): RbmPointResult[] => {
    const evals = rows.filter((r) => r.protocol === protocol && r.gibbsSteps > 0);
    const nll = evals.filter((r) => r.nll !== undefined && r.tv !== undefined);
    const labels = evals.filter((r) => r.trainError !== undefined);
    const mean = (xs: RbmMetricRow[], f: (r: RbmMetricRow) => number) => xs.slice(-window).reduce((s, r) => s + f(r), 0) / Math.min(window, xs.length);
    if (nll.length > 0) {
      const last = nll[nll.length - 1];
      return [{ ...point, protocol, gibbsSteps: last.gibbsSteps, complete: last.gibbsSteps >= budget, finalNll: last.nll!, finalTv: last.tv!, lastNll: mean(nll, (r) => r.nll!), lastTv: mean(nll, (r) => r.tv!) }];
    }
    if (labels.length === 0) return [];
    const last = labels[labels.length - 1];
    const fin = finals.find((f) => f.id === protocol);
    const ends = fin?.finalTestError !== undefined ? { finalTrainError: fin.finalTrainError, finalTestError: fin.finalTestError } : {};
    return [{ ...point, protocol, gibbsSteps: last.gibbsSteps, complete: last.gibbsSteps >= budget && fin?.finalTestError !== undefined, lastTrainError: mean(labels, (r) => r.trainError!), ...ends }];
  });
}

/**
 * One point of a curve: a protocol at one level of one axis, over its seeds (complete runs only):
 * bars and stripes the NLL (mean and sample std over seeds of the last evaluations' mean) and
 * mean TV; binarized MNIST the final test error (mean and std) and the mean last train error.
 */
export interface RbmCurvePoint {
  axis: RbmAxis;
  level: number;
  protocol: string;
  seeds: number;
  nll?: number;
  nllStd?: number;
  tv?: number;
  testError?: number;
  testErrorStd?: number;
  trainError?: number;
}

/** The curve's value of a point and its second number (NLL and TV, or test and train error). */
const curveValue = (c: RbmCurvePoint) => (c.nll !== undefined ? { value: c.nll, std: c.nllStd!, second: c.tv! } : { value: c.testError!, std: c.testErrorStd!, second: c.trainError! });

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
        const at = { axis, level, protocol, seeds: rows.length };
        if (rows[0].lastNll !== undefined) {
          const { mean: nll, std: nllStd } = meanStd(rows.map((r) => r.lastNll!));
          out.push({ ...at, nll, nllStd, tv: meanStd(rows.map((r) => r.lastTv!)).mean });
        } else {
          const { mean: testError, std: testErrorStd } = meanStd(rows.map((r) => r.finalTestError!));
          out.push({ ...at, testError, testErrorStd, trainError: meanStd(rows.map((r) => r.lastTrainError!)).mean });
        }
      }
    }
  }
  return out;
}

/** The curves as a Markdown table, one row per axis and level, a column per protocol. */
export function rbmCurveTable(curves: readonly RbmCurvePoint[]): string[] {
  const protocols = [...new Set(curves.map((c) => c.protocol))];
  if (protocols.length === 0) return ['(no curve yet: no point besides the base has completed a protocol)'];
  const labels = curves[0].nll === undefined;
  const head = labels ? 'test error / train error (last 10 evals)' : 'NLL (last 10 evals) / TV';
  const lines = [`| axis | level | ${protocols.map((p) => `${p}: ${head}`).join(' | ')} |`, `|---|---:|${protocols.map(() => '---:').join('|')}|`];
  for (const axis of RBM_AXES) {
    const levels = [...new Set(curves.filter((c) => c.axis === axis).map((c) => c.level))].sort((a, b) => a - b);
    for (const level of levels) {
      const cells = protocols.map((p) => {
        const c = curves.find((x) => x.axis === axis && x.level === level && x.protocol === p);
        if (!c) return 'not run';
        const { value, std, second } = curveValue(c);
        const f = (x: number) => (labels ? `${(100 * x).toFixed(1)}%` : x.toFixed(2));
        return `${f(value)}${c.seeds > 1 ? ` +- ${f(std)}` : ''} / ${f(second)} (${c.seeds} seed${c.seeds > 1 ? 's' : ''})`;
      });
      lines.push(`| ${axis} | ${level} | ${cells.join(' | ')} |`);
    }
  }
  return lines;
}

/** One axis's curve: mean NLL over the last evaluations (or the final test error) against the level, one line per protocol, +- one std. */
export function rbmCurvePlot(curves: readonly RbmCurvePoint[], axis: RbmAxis, title: string): TopLevelSpec {
  const values = curves.filter((c) => c.axis === axis).map((c) => ({ level: c.level, ...curveValue(c), series: c.protocol }));
  const labels = values.length > 0 && curves.find((c) => c.axis === axis)!.nll === undefined;
  const y = labels ? { scale: { domain: [0, 1] }, axis: { format: '%' }, title: 'test label error after the budget' } : { scale: { zero: false }, title: 'NLL, mean of the last 10 evaluations' };
  return studyCurvePlot(values, axis, title, y);
}

/** The RBM study as summarizeStudy reads it (docs/rbm-robustness/summarize.js); `title` heads each plot, before the axis. */
export function rbmStudy(title: string): StudyKind<RbmPointResult, RbmCurvePoint> {
  return {
    budgetOf: (spec) => Number(spec.gibbsSteps ?? (spec.budget as { gibbsSteps?: number } | undefined)?.gibbsSteps),
    results: (point, rows, budget, files) => rbmPointResults(point, rows as unknown as RbmMetricRow[], budget, files('protocols.ndjson') as unknown as RbmProtocolFinal[]),
    curves: rbmCurves,
    table: rbmCurveTable,
    plot: (curves, axis) => rbmCurvePlot(curves, axis, `${title}: ${axis}`),
  };
}
