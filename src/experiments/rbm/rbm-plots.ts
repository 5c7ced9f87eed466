import type { TopLevelSpec } from 'vega-lite';
import { RbmRow } from './rbm-experiment';
import { IsdCase } from './isd-study';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Bars and stripes: exact NLL and TV against Gibbs steps, one line per protocol. */
export function basCurvesSpec(rows: RbmRow[], title: string, nllFloor?: number): TopLevelSpec {
  const values = rows.flatMap((r) => [
    { protocol: r.protocol, gibbsSteps: r.gibbsSteps, metric: 'NLL (nats / pattern)', value: r.nll },
    { protocol: r.protocol, gibbsSteps: r.gibbsSteps, metric: 'TV distance', value: r.tv },
  ]);
  const panel = (metric: string, extra?: number) => ({
    width: 420,
    height: 260,
    title: metric,
    layer: [
      {
        data: { values: values.filter((v) => v.metric === metric) },
        mark: { type: 'line' },
        encoding: {
          x: { field: 'gibbsSteps', type: 'quantitative', title: 'Gibbs steps' },
          y: { field: 'value', type: 'quantitative', title: metric, scale: { zero: false } },
          color: { field: 'protocol', type: 'nominal', title: null, legend: { labelLimit: 400 } },
        },
      },
      ...(extra === undefined
        ? []
        : [{ data: { values: [{ y: extra }] }, mark: { type: 'rule' as const, strokeDash: [4, 4], color: 'gray' }, encoding: { y: { field: 'y', type: 'quantitative' as const } } }]),
    ],
  });
  return { $schema: SCHEMA, title, hconcat: [panel('NLL (nats / pattern)', nllFloor), panel('TV distance')] } as TopLevelSpec;
}

/** bMNIST: label-sampling training error against phases (200 Gibbs steps each). */
export function bmnistCurvesSpec(rows: RbmRow[], title: string, phaseSteps = 200): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    width: 480,
    height: 300,
    data: { values: rows.map((r) => ({ protocol: r.protocol, phases: r.gibbsSteps / phaseSteps, error: r.trainError })) },
    mark: { type: 'line' },
    encoding: {
      x: { field: 'phases', type: 'quantitative', title: `phases (${phaseSteps} Gibbs steps each; a CD-${phaseSteps} update is 2)` },
      y: { field: 'error', type: 'quantitative', title: 'label-sampling training error', scale: { domain: [0, 1] } },
      color: { field: 'protocol', type: 'nominal', title: null, legend: { labelLimit: 400 } },
    },
  };
}

/** Estimator study: measured second moment (points) and A/b + B/(1-b) (line) against b. */
export function isdSpec(cases: IsdCase[], title: string): TopLevelSpec {
  const values = cases.flatMap((c) => c.rows.map((r) => ({ case: `${c.name} (b* = ${c.bStar.toFixed(3)})`, b: r.b, theory: r.theory, measured: r.measured })));
  return {
    $schema: SCHEMA,
    title,
    data: { values },
    facet: { column: { field: 'case', type: 'nominal', title: null } },
    spec: {
      width: 300,
      height: 240,
      layer: [
        { mark: { type: 'line', color: 'gray' }, encoding: { x: { field: 'b', type: 'quantitative', title: 'b = P(positive phase)' }, y: { field: 'theory', type: 'quantitative', scale: { type: 'log' }, title: 'E|g_hat|^2' } } },
        { mark: { type: 'point', filled: true }, encoding: { x: { field: 'b', type: 'quantitative' }, y: { field: 'measured', type: 'quantitative' } } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}
