import type { TopLevelSpec } from 'vega-lite';
import { AxisName, RobustnessResult, RobustnessRule, axisNames, baselineLevel, robustnessAxes, robustnessRuleNames } from '../learning/robustness';

/** One point of a robustness curve: a rule at one level of one axis, over its seeds. */
export interface RobustnessStat {
  axis: AxisName;
  level: number;
  rule: RobustnessRule;
  /** Seeds that ran to the end. */
  n: number;
  /** Seeds whose run diverged. */
  failed: number;
  /** Seeds whose outputs dead synapses cut off (no error to measure: the network failed, not the rule). */
  cutOff: number;
  /** Mean and sample standard deviation (n - 1; 0 for one seed) of the final / initial test error. */
  mean?: number;
  std?: number;
  /** Mean final test error. */
  finalMean?: number;
}

/**
 * Where a rule breaks on an axis, by criteria fixed before any run: the first level at which its
 * mean error ratio reaches 1 (it ends no better than it started) or a seed diverges; the first
 * level at which the mean ratio is at least twice the baseline's; and, apart, the first level
 * at which dead synapses cut a seed's outputs off (whatever the rule).
 */
export interface RobustnessBreak {
  axis: AxisName;
  rule: RobustnessRule;
  baseline?: number;
  breaksAt?: number;
  doublesAt?: number;
  cutOffAt?: number;
}

/** The curves: every (axis, level, rule) over its seeds; the baseline rows count as level 0 of every axis. */
export function robustnessStats(all: RobustnessResult[]): RobustnessStat[] {
  // Level 0 of every axis is one run per rule and seed: a sweep lists it once per axis.
  const results = [...new Map(all.map((r) => [`${r.axis}|${r.level}|${r.rule}|${r.seed}`, r])).values()];
  const stats: RobustnessStat[] = [];
  const axes = axisNames.filter((a) => results.some((r) => r.axis === a));
  const rules = robustnessRuleNames.filter((r) => results.some((x) => x.rule === r));
  for (const axis of axes) {
    const levels = [...new Set(results.filter((r) => r.axis === axis).map((r) => r.level))].sort((a, b) => a - b);
    const b = baselineLevel(axis);
    for (const rule of rules) {
      const at = (level: number) => results.filter((r) => r.rule === rule && (level === b ? r.axis === 'baseline' : r.axis === axis && r.level === level));
      for (const level of [b, ...levels.filter((l) => l !== b)]) {
        const rows = at(level);
        if (rows.length === 0) continue;
        const ok = rows.filter((r) => r.errorRatio !== undefined);
        const ratios = ok.map((r) => r.errorRatio!);
        const mean = ratios.length ? ratios.reduce((s, x) => s + x, 0) / ratios.length : undefined;
        const std = mean === undefined ? undefined : ratios.length < 2 ? 0 : Math.sqrt(ratios.reduce((s, x) => s + (x - mean) ** 2, 0) / (ratios.length - 1));
        const finalMean = ok.length ? ok.reduce((s, r) => s + r.finalTestError!, 0) / ok.length : undefined;
        const cutOff = rows.filter((r) => r.cutOff).length;
        stats.push({ axis, level, rule, n: ok.length, failed: rows.length - ok.length - cutOff, cutOff, mean, std, finalMean });
      }
    }
  }
  return stats;
}

/** Where each rule breaks on each axis (see RobustnessBreak). */
export function robustnessBreaks(stats: RobustnessStat[]): RobustnessBreak[] {
  const out: RobustnessBreak[] = [];
  for (const axis of axisNames) {
    for (const rule of robustnessRuleNames) {
      const curve = stats.filter((s) => s.axis === axis && s.rule === rule).sort((a, b) => a.level - b.level);
      if (curve.length === 0) continue;
      const baseline = curve[0].mean;
      const breaks = curve.find((s) => s.failed > 0 || (s.mean !== undefined && s.mean >= 1));
      const doubles = baseline === undefined ? undefined : curve.find((s) => s.mean !== undefined && s.mean >= 2 * baseline);
      const cut = curve.find((s) => s.cutOff > 0);
      out.push({ axis, rule, baseline, breaksAt: breaks?.level, doublesAt: doubles?.level, cutOffAt: cut?.level });
    }
  }
  return out;
}

/**
 * A robustness curve: the mean final / initial test error against the axis's level, one line per
 * rule, error bars of one standard deviation over the seeds, a rule at 1 (no learning). The y
 * scale is symlog: linear below 1, logarithmic above, so ratios near 0.1 and a blow-up fit.
 */
export function robustnessPlot(stats: RobustnessStat[], axis: AxisName, title: string): TopLevelSpec {
  const values = stats
    .filter((s) => s.axis === axis && s.mean !== undefined)
    .map((s) => ({ level: s.level, rule: s.rule, mean: s.mean!, lo: s.mean! - s.std!, hi: s.mean! + s.std!, seeds: s.n, failed: s.failed, cutOff: s.cutOff }));
  const x = { field: 'level', type: 'quantitative' as const, title: robustnessAxes[axis].unit };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 420,
    height: 280,
    data: { values },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative', scale: { type: 'symlog' }, title: 'final / initial test error (mean +- std)' }, color: { field: 'rule', type: 'nominal', title: 'rule' } } },
      { mark: { type: 'rule' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: { field: 'rule', type: 'nominal' } } },
      { mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' }, encoding: { y: { datum: 1 } } },
    ],
  } as TopLevelSpec;
}

/** All axes side by side (the sweep's summary figure). */
export function robustnessOverviewPlot(stats: RobustnessStat[], title: string): TopLevelSpec {
  const axes = axisNames.filter((a) => stats.some((s) => s.axis === a));
  return { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title, hconcat: axes.map((a) => ({ ...robustnessPlot(stats, a, a), $schema: undefined })) } as TopLevelSpec;
}

const at = (level: number | undefined) => (level === undefined ? 'at no level' : `from ${level.toPrecision(3)}`);
const f = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(3));

/** The study's summary: the curves, where each rule breaks, and a table as text. */
export function robustnessSummary(results: RobustnessResult[]): { numbers: Record<string, unknown>; text: string[]; plot: TopLevelSpec } {
  const stats = robustnessStats(results);
  const breaks = robustnessBreaks(stats);
  const text = axisNames
    .filter((a) => stats.some((s) => s.axis === a))
    .flatMap((axis) => [
      `${axis} (${robustnessAxes[axis].unit}):`,
      ...stats
        .filter((s) => s.axis === axis)
        .map((s) => `  ${s.rule.padEnd(11)} ${s.level.toPrecision(3).padStart(6)}  ratio ${f(s.mean)} +- ${f(s.std)}  (${s.n} seeds${s.failed ? `, ${s.failed} diverged` : ''}${s.cutOff ? `, ${s.cutOff} cut off` : ''})`),
      ...breaks
        .filter((b) => b.axis === axis)
        .map((b) => `  ${b.rule}: ratio >= 1 or a diverged seed ${at(b.breaksAt)}; twice the baseline ${at(b.doublesAt)}` + (b.cutOffAt === undefined ? '' : `; outputs cut off from ${b.cutOffAt.toPrecision(3)}`)),
    ]);
  return { numbers: { stats, breaks }, text, plot: robustnessOverviewPlot(stats, 'robustness: final / initial test error') };
}
