import type { TopLevelSpec } from 'vega-lite';

/** One learning curve for the EP plot: train and test error per epoch. */
export interface EpCurve {
  /** Series name (the rule). */
  name: string;
  rows: { epoch: number; trainError: number; testError: number }[];
}

/**
 * log10 of the classification error against epoch, one colour per rule, test solid and
 * train dashed; a zero error (log undefined) is left out.
 */
export function epErrorSpec(curves: EpCurve[], title: string): TopLevelSpec {
  const values = curves.flatMap((c) =>
    c.rows.flatMap((r) =>
      [
        { rule: c.name, epoch: r.epoch, split: 'test', log10Error: Math.log10(r.testError) },
        { rule: c.name, epoch: r.epoch, split: 'train', log10Error: Math.log10(r.trainError) },
      ].filter((v) => Number.isFinite(v.log10Error)),
    ),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: 'solid: held-out test digits; dashed: training digits (free state before each update)' },
    width: 520,
    height: 320,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
      y: { field: 'log10Error', type: 'quantitative', title: 'log10 classification error', scale: { zero: false } },
      color: { field: 'rule', type: 'nominal', title: null },
      strokeDash: { field: 'split', type: 'nominal', title: null, legend: null, sort: ['test', 'train'] },
    },
  };
}
