import type { TopLevelSpec } from 'vega-lite';

/** Test and train error against epoch, log scale: one line per (series, split). */
export function learningCurveSpec(
  rows: { series: string; epoch: number; trainError: number; testError: number }[],
  title: string,
): TopLevelSpec {
  const values = rows.flatMap((r) => [
    { series: r.series, epoch: r.epoch, split: 'test', error: r.testError },
    { series: r.series, epoch: r.epoch, split: 'train', error: r.trainError },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 480,
    height: 300,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
      y: { field: 'error', type: 'quantitative', scale: { type: 'log' }, title: 'mean squared output error' },
      color: { field: 'series', type: 'nominal', title: null },
      strokeDash: { field: 'split', type: 'nominal', title: null },
    },
  };
}

/** Bar chart of error ratios per rule/protocol. */
export function ratioBarsSpec(rows: { name: string; errorRatio: number }[], title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 480,
    height: 240,
    data: { values: rows },
    layer: [
      {
        mark: 'bar',
        encoding: {
          y: { field: 'name', type: 'nominal', sort: null, title: null },
          x: { field: 'errorRatio', type: 'quantitative', scale: { type: 'log' }, title: 'final / initial test error' },
        },
      },
      { mark: { type: 'rule', color: 'black' }, encoding: { x: { datum: 1 } } },
    ],
  };
}

/** dw/A against amplitude for the single-synapse response. */
export function responseSpec(amplitudes: number[], dwOverA: number[], title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 480,
    height: 300,
    data: { values: amplitudes.map((a, i) => ({ A: a, dwOverA: dwOverA[i] })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'A', type: 'quantitative', scale: { type: 'log' }, title: 'signal amplitude A' },
      y: { field: 'dwOverA', type: 'quantitative', title: 'dw / A per period' },
    },
  };
}
