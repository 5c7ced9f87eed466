import type { TopLevelSpec } from 'vega-lite';
import { ConvergenceResult } from './convergence';
import { DissipationResult } from './dissipation';
import { ExperimentName } from './experiments';
import { RangeResult } from './learning-range';
import { OffsetResult } from './offset';
import { RobustnessResult } from '../learning/robustness';
import { robustnessSummary } from './robustness-summary';
import { convergencePlot, dissipationPlot, offsetPlot, rangePlot } from './plots';

/** What a finished sweep says, per experiment: numbers for summary.json and a few lines of text. */
export interface Summary {
  numbers: Record<string, unknown>;
  text: string[];
  plot: TopLevelSpec;
}

/*
 * A statistic of no data (an empty bin, a correlation of fewer than two points, a sweep whose
 * points all failed) is undefined, not NaN: summary.json leaves the field out (NaN would be
 * written as null) and the text says n/a.
 */
const median = (v: number[]): number | undefined => {
  if (v.length === 0) return undefined;
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const f = (x: number | undefined, d = 3): string => (x === undefined ? 'n/a' : Number.isFinite(x) ? x.toFixed(d) : String(x));
const min = (v: number[]): number | undefined => (v.length === 0 ? undefined : Math.min(...v));
const max = (v: number[]): number | undefined => (v.length === 0 ? undefined : Math.max(...v));

function ranks(v: number[]): number[] {
  const order = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(v.length);
  for (let k = 0; k < order.length; ) {
    let j = k;
    while (j + 1 < order.length && order[j + 1][0] === order[k][0]) j++;
    for (let m = k; m <= j; m++) r[order[m][1]] = (k + j) / 2;
    k = j + 1;
  }
  return r;
}

/** Spearman rank correlation; undefined for fewer than two points or when either side is constant. */
export function spearman(x: number[], y: number[]): number | undefined {
  if (x.length < 2) return undefined;
  const rx = ranks(x);
  const ry = ranks(y);
  const mx = rx.reduce((a, b) => a + b, 0) / rx.length;
  const my = ry.reduce((a, b) => a + b, 0) / ry.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : undefined;
}

function binned<T>(rows: T[], key: (r: T) => number, edges: number[], value: (r: T) => number): { bin: string; n: number; median?: number }[] {
  const out = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const inBin = rows.filter((r) => key(r) >= edges[i] && key(r) < edges[i + 1]);
    out.push({ bin: `[${edges[i]}, ${edges[i + 1]})`, n: inBin.length, median: median(inBin.map(value)) });
  }
  return out;
}

export function rangeSummary(rows: RangeResult[]): Summary {
  const ok = rows.filter((r) => !r.failed);
  // Rounding of the fitted breakpoint: allow 0.02 above the bound before calling it a violation.
  const violations = ok.filter((r) => r.lnRange > r.bound + 0.02);
  const gap = binned(ok, (r) => r.tauFOverTauK, [0, 5, 10, 20, 40, 200], (r) => r.bound - r.lnRange);
  const numbers = { points: rows.length, failed: rows.length - ok.length, boundViolations: violations.length, gapByTauFOverTauK: gap };
  const text = [
    `${rows.length} points, ${rows.length - ok.length} failures (no linear segment with slope within tolerance of 1)`,
    `bound ln(A_max/A_min) <= ln(tau_s/tau_f) violated (by > 0.02) at ${violations.length} of ${ok.length} points`,
    `median gap ln(tau_s/tau_f) - ln(A_max/A_min) by tau_f/tau_K:`,
    ...gap.map((g) => `  ${g.bin.padEnd(12)} n=${String(g.n).padStart(3)}  median gap ${f(g.median)}`),
  ];
  return { numbers, text, plot: rangePlot(rows, 'Learning range against the bound ln(tau_s/tau_f) (dashed); red: no linear regime below 0.75 A_max') };
}

export function offsetSummary(rows: OffsetResult[]): Summary {
  const fitted = rows.filter((r) => !r.failed);
  // A point with no background or no area predicts no offset: it has no ratio to the prediction.
  const ok = fitted.filter((r) => r.prediction !== 0 && Number.isFinite(r.prediction));
  const ratio = ok.map((r) => r.offset / r.prediction);
  const shiftRatio = ok.map((r) => r.shift / r.prediction);
  const within = (v: number[]) => v.filter((x) => Math.abs(x - 1) <= 0.2).length;
  const numbers = {
    points: rows.length,
    failed: rows.length - fitted.length,
    noPrediction: fitted.length - ok.length,
    offsetOverPrediction: { median: median(ratio), within20pct: within(ratio) },
    shiftOverPrediction: { median: median(shiftRatio), within20pct: within(shiftRatio) },
    rawInterceptOverPrediction: { median: median(ok.map((r) => r.intercept / r.prediction)), within20pct: within(ok.map((r) => r.intercept / r.prediction)) },
    // The authors' definition (Fig. 5C: raw intercept, lag included) and ours (baseline-corrected), per A_max.
    rawIntercept: { median: median(fitted.map((r) => r.intercept)), min: min(fitted.map((r) => r.intercept)), max: max(fitted.map((r) => r.intercept)) },
    baselineCorrected: { median: median(fitted.map((r) => r.offset)), min: min(fitted.map((r) => r.offset)), max: max(fitted.map((r) => r.offset)) },
  };
  const text = [
    `${rows.length} points, ${rows.length - fitted.length} failures` + (fitted.length > ok.length ? `, ${fitted.length - ok.length} with no predicted offset (I s_bar = 0)` : ''),
    `offset / A_max, the authors' definition (raw intercept of the linear segment, lag included): median ${f(numbers.rawIntercept.median, 4)} (${f(numbers.rawIntercept.min, 4)} .. ${f(numbers.rawIntercept.max, 4)}); ` +
      `baseline-corrected (minus the I = 0 intercept): median ${f(numbers.baselineCorrected.median, 4)} (${f(numbers.baselineCorrected.min, 4)} .. ${f(numbers.baselineCorrected.max, 4)})`,
    `offset (intercept with I minus intercept with I = 0) / prediction I s_bar T_above: median ${f(median(ratio))}, within 20% at ${within(ratio)} of ${ok.length}`,
    `mean of dw(A; I) - dw(A; I = 0) over the linear regime / prediction (includes the area's gain change): median ${f(median(shiftRatio))}, within 20% at ${within(shiftRatio)} of ${ok.length}`,
    `raw intercept / prediction (no lag correction): median ${f(numbers.rawInterceptOverPrediction.median)}, within 20% at ${numbers.rawInterceptOverPrediction.within20pct} of ${ok.length}`,
  ];
  return { numbers, text, plot: offsetPlot(rows, 'Offset of dw(A) from a kernel area I = 0.05 under s_bar = 25') };
}

export function convergenceSummary(rows: ConvergenceResult[]): Summary {
  const sorted = [...rows].sort((a, b) => a.tauFOverTauK - b.tauFOverTauK);
  const numbers = { points: rows.length, curve: sorted.map((r) => ({ tauFOverTauK: r.tauFOverTauK, dwOverA: r.dwOverA })) };
  const pick = [0.2, 1, 2, 5, 10, 20, 40, 80, 160];
  const text = pick
    .map((t) => sorted.reduce((best, r) => (Math.abs(Math.log(r.tauFOverTauK / t)) < Math.abs(Math.log(best.tauFOverTauK / t)) ? r : best), sorted[0]))
    .filter((r, i, a) => r && a.indexOf(r) === i)
    .map((r) => `  tau_f/tau_K ${f(r.tauFOverTauK, 1).padStart(6)}  dw/A ${f(r.dwOverA, 4)}`);
  return { numbers, text: ['dw/A against tau_f/tau_K:', ...text], plot: convergencePlot(sorted, 'Convergence of dw/A to the contrastive update') };
}

export function dissipationSummary(rows: DissipationResult[]): Summary {
  const ok = rows.filter((r) => !r.failed && Number.isFinite(r.lnShiftOverBg));
  // The authors' offset (raw straight-line intercept) is defined wherever the curve has an onset.
  const okLine = rows.filter((r) => Number.isFinite(r.lnLineInterceptOverBg));
  const rhoLine = spearman(
    okLine.map((r) => r.dissipation),
    okLine.map((r) => r.lnLineInterceptOverBg),
  );
  const byDissLine = binned(okLine, (r) => r.dissipation, [0, 2, 3, 4, 5, 7, 10, 20, 100], (r) => r.lnLineInterceptOverBg);
  const rho = spearman(
    ok.map((r) => r.dissipation),
    ok.map((r) => r.lnShiftOverBg),
  );
  const rhoArea = spearman(
    rows.map((r) => r.dissipation),
    rows.map((r) => Math.abs(r.area)),
  );
  const edges = [0, 2, 3, 4, 5, 7, 10, 20, 100];
  const byDiss = binned(ok, (r) => r.dissipation, edges, (r) => r.lnShiftOverBg);
  const failByDiss = edges.slice(0, -1).map((lo, i) => {
    const inBin = rows.filter((r) => r.dissipation >= lo && r.dissipation < edges[i + 1]);
    return { bin: `[${lo}, ${edges[i + 1]})`, n: inBin.length, failed: inBin.filter((r) => r.failed || !Number.isFinite(r.lnShiftOverBg)).length };
  });
  const cost = ok.map((r) => r.energyPerCycle / r.landauer);
  // A sweep may grid over the kernel convention; say which ones its kernels use.
  const conventions = [...new Set(rows.map((r) => r.convention ?? 'window infinite, signed normalisation'))];
  const numbers = {
    points: rows.length,
    conventions,
    failed: rows.length - ok.length,
    spearmanDissipationVsLnOffset: rho,
    authors: { points: okLine.length, spearmanDissipationVsLnLineIntercept: rhoLine, lnLineInterceptByDissipation: byDissLine },
    spearmanDissipationVsAbsArea: rhoArea,
    lnOffsetByDissipation: byDiss,
    failuresByDissipation: failByDiss,
    energyPerCycle: { min: min(ok.map((r) => r.energyPerCycle)), median: median(ok.map((r) => r.energyPerCycle)) },
    landauer: { median: median(ok.map((r) => r.landauer)), max: max(ok.map((r) => r.landauer)) },
    energyOverLandauer: { min: min(cost), median: median(cost) },
  };
  const text = [
    `kernels: ${conventions.join('; ')}`,
    `${rows.length} kernels, ${rows.length - ok.length} failures (no linear regime with slope within tolerance)`,
    `Spearman(dissipation, ln|offset/s_bar|) = ${f(rho)} over the ${ok.length} that learn; Spearman(dissipation, |area|) = ${f(rhoArea)} over all`,
    `median ln|offset/s_bar| by dissipation (kT per Markov time unit):`,
    ...byDiss.map((b, i) => `  ${b.bin.padEnd(10)} n=${String(b.n).padStart(3)}  median ${f(b.median)}  (of ${failByDiss[i].n}, ${failByDiss[i].failed} failed)`),
    `energy per learning cycle: min ${f(numbers.energyPerCycle.min, 1)} kT, median ${f(numbers.energyPerCycle.median, 1)} kT; ` +
      `kT ln(1/error): median ${f(numbers.landauer.median, 2)}, max ${f(numbers.landauer.max, 2)}; ratio min ${f(numbers.energyOverLandauer.min, 1)}`,
    `the authors' offset (raw intercept of a straight line from the onset dw/A_max > 0.05 to A_max, no baseline), over the ${okLine.length} curves with an onset:`,
    `  Spearman(dissipation, ln|intercept/s_bar|) = ${f(rhoLine)}; medians by dissipation:`,
    ...byDissLine.filter((b) => b.n > 0).map((b) => `  ${b.bin.padEnd(10)} n=${String(b.n).padStart(3)}  median ${f(b.median)}`),
  ];
  return { numbers, text, plot: dissipationPlot(rows, `Markov kernels (${conventions.join('; ')}): offset error against dissipation`) };
}

export function summarise(experiment: ExperimentName, results: object[]): Summary {
  switch (experiment) {
    case 'range':
      return rangeSummary(results as RangeResult[]);
    case 'offset':
      return offsetSummary(results as OffsetResult[]);
    case 'convergence':
      return convergenceSummary(results as ConvergenceResult[]);
    case 'markov':
      return dissipationSummary(results as DissipationResult[]);
    case 'robustness':
      return robustnessSummary(results as RobustnessResult[]);
  }
}
