import type { TopLevelSpec } from 'vega-lite';

/** Vega-Lite specs for the synapse analysis figures (rendered by plots/render-svg). */
const schema = 'https://vega.github.io/schema/vega-lite/v5.json';

export function rangePlot(
  rows: { bound: number; lnRange: number; tauFOverTauK: number; failed: boolean }[],
  title: string,
): TopLevelSpec {
  const ok = rows.filter((r) => !r.failed).map((r) => ({ ...r, log10TauF: Math.log10(r.tauFOverTauK) }));
  const failed = rows.filter((r) => r.failed);
  const top = Math.max(1, ...rows.map((r) => r.bound));
  const low = Math.min(0, ...rows.map((r) => r.bound));
  return {
    $schema: schema,
    title,
    width: 480,
    height: 360,
    layer: [
      {
        data: { values: [{ x: Math.max(0, low), y: Math.max(0, low) }, { x: top, y: top }] },
        mark: { type: 'line', color: 'black', strokeDash: [4, 3] },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: ok },
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          x: { field: 'bound', type: 'quantitative', title: 'ln(tau_s / tau_f)' },
          y: { field: 'lnRange', type: 'quantitative', title: 'ln(A_max / A_min)' },
          color: { field: 'log10TauF', type: 'quantitative', title: 'log10(tau_f / tau_K)', scale: { scheme: 'viridis' } },
        },
      },
      {
        data: { values: failed },
        mark: { type: 'point', shape: 'cross', color: 'red', size: 40 },
        encoding: { x: { field: 'bound', type: 'quantitative' }, y: { field: 'lnRange', type: 'quantitative' } },
      },
    ],
  };
}

export function offsetPlot(
  rows: { tauFOverTauK: number; offset: number; intercept: number; prediction: number; failed: boolean }[],
  title: string,
): TopLevelSpec {
  const values = rows
    .filter((r) => !r.failed)
    .flatMap((r) => [
      { x: r.tauFOverTauK, y: r.intercept, series: "authors' (Fig. 5C): raw intercept(I), kernel lag included" },
      { x: r.tauFOverTauK, y: r.offset, series: 'baseline-corrected: intercept(I) - intercept(I = 0)' },
      { x: r.tauFOverTauK, y: r.prediction, series: 'predicted: I s_bar T_above / A_max' },
    ]);
  return {
    $schema: schema,
    title,
    width: 480,
    height: 320,
    data: { values },
    mark: { type: 'point', size: 30 },
    encoding: {
      x: { field: 'x', type: 'quantitative', scale: { type: 'log' }, title: 'tau_f / tau_K' },
      y: { field: 'y', type: 'quantitative', title: 'offset / A_max' },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 480 } },
      shape: { field: 'series', type: 'nominal', title: null },
    },
  };
}

export function convergencePlot(rows: { tauFOverTauK: number; dwOverA: number }[], title: string): TopLevelSpec {
  return {
    $schema: schema,
    title,
    width: 480,
    height: 300,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'tauFOverTauK', type: 'quantitative', scale: { type: 'log' }, title: 'tau_f / tau_K' },
          y: { field: 'dwOverA', type: 'quantitative', title: 'dw / A per period', scale: { domain: [0, 1.05] } },
        },
      },
      { mark: { type: 'rule', strokeDash: [4, 3], color: 'black' }, encoding: { y: { datum: 1 } } },
    ],
  };
}

export function dissipationPlot(
  rows: { dissipation: number; lnShiftOverBg: number; lnLineInterceptOverBg?: number; area: number; RF: number; failed: boolean }[],
  title: string,
): TopLevelSpec {
  const ok = rows.filter((r) => !r.failed && Number.isFinite(r.lnShiftOverBg));
  const failed = rows.filter((r) => !ok.includes(r));
  // Both offset definitions (docs/science.md#the-authors-conventions): the authors' raw straight-line intercept (any
  // curve with an onset) and ours, the shift against the same kernel without background.
  const both = [
    ...rows
      .filter((r) => Number.isFinite(r.lnLineInterceptOverBg))
      .map((r) => ({ ...r, y: r.lnLineInterceptOverBg as number, definition: "authors': raw intercept of a straight-line fit" })),
    ...ok.map((r) => ({ ...r, y: r.lnShiftOverBg, definition: 'ours: shift against s_bar = 0 (kernels that learn)' })),
  ];
  const yLow = Math.min(...both.map((r) => r.y)) - 0.2;
  const x = { field: 'dissipation', type: 'quantitative' as const, scale: { type: 'log' as const }, title: 'steady-state dissipation (kT per Markov time unit)' };
  return {
    $schema: schema,
    title,
    hconcat: [
      {
        width: 380,
        height: 300,
        title: 'offset, two definitions (red ticks: no linear regime)',
        layer: [
          {
            data: { values: both },
            mark: { type: 'point', size: 35 },
            encoding: {
              x,
              y: { field: 'y', type: 'quantitative', title: 'ln |offset / s_bar|', scale: { zero: false } },
              color: { field: 'definition', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 380 } },
              shape: { field: 'definition', type: 'nominal', title: null },
            },
          },
          {
            data: { values: failed.map((r) => ({ ...r, y: yLow })) },
            mark: { type: 'tick', color: 'red', orient: 'vertical', thickness: 1 },
            encoding: { x, y: { field: 'y', type: 'quantitative' } },
          },
        ],
      },
      {
        width: 300,
        height: 300,
        title: 'kernel area',
        data: { values: rows.map((r) => ({ ...r, absArea: Math.abs(r.area), learns: ok.includes(r) ? 'learns' : 'no linear regime' })) },
        mark: { type: 'point', size: 30, filled: true },
        encoding: {
          x,
          y: { field: 'absArea', type: 'quantitative', scale: { type: 'log' }, title: '|kernel area I|' },
          color: { field: 'learns', type: 'nominal', title: null, scale: { range: ['#3b528b', 'red'] } },
        },
      },
    ],
  };
}

export function kernelPlot(rows: { label: string; tau: number; K: number }[], title: string): TopLevelSpec {
  return {
    $schema: schema,
    title,
    width: 480,
    height: 300,
    data: { values: rows },
    mark: { type: 'line' },
    encoding: {
      x: { field: 'tau', type: 'quantitative', title: 'tau (synapse time)', scale: { type: 'log' } },
      y: { field: 'K', type: 'quantitative', title: 'K(tau), first moment -1 (symlog scale)', scale: { type: 'symlog' } },
      color: { field: 'label', type: 'nominal', title: null },
    },
  };
}
