import type { TopLevelSpec } from 'vega-lite';
import { FfRow } from './ff-experiment';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * Two panels against training steps (Adam updates), or against samples presented, one colour
 * per variant: the test error, and the b each IS-D variant uses with the b* estimated for
 * every variant's current weights (dashed).
 */
export function ffCurvesSpec(rows: FfRow[], title: string, along: 'step' | 'samples' = 'step'): TopLevelSpec {
  const color = { field: 'variant', type: 'nominal', title: null, legend: { labelLimit: 400 } } as const;
  const x = {
    field: along,
    type: 'quantitative',
    title: along === 'step' ? 'training steps (Adam updates; FF presents 2 samples per step, IS-D 1)' : 'samples presented (positive and negative)',
  } as const;
  const bValues = rows.flatMap((r) => [
    ...(r.b === undefined ? [] : [{ variant: r.variant, step: r.step, samples: r.samples, what: 'b used', value: r.b }]),
    { variant: r.variant, step: r.step, samples: r.samples, what: 'b* estimate', value: r.bStar },
  ]);
  return {
    $schema: SCHEMA,
    title,
    vconcat: [
      {
        width: 520,
        height: 300,
        data: { values: rows.map((r) => ({ variant: r.variant, step: r.step, samples: r.samples, testError: r.testError })) },
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'testError', type: 'quantitative', title: 'test error', scale: { domain: [0, 1] } }, color },
      },
      {
        width: 520,
        height: 160,
        data: { values: bValues },
        mark: { type: 'line' },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: 'b (solid: used; dashed: b* estimate)', scale: { domain: [0, 1] } },
          color,
          strokeDash: { field: 'what', type: 'nominal', title: null, sort: ['b used', 'b* estimate'] },
        },
      },
    ],
  } as TopLevelSpec;
}
