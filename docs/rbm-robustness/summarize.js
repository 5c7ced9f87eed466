// Gathers the study's run folders into its curves: node docs/rbm-robustness/summarize.js RUNS [OUT]
// (after npm run build). RUNS holds one folder per point (runs/<point> of README.md); OUT
// (default docs/rbm-robustness/results) gets results.ndjson (every protocol of every point),
// curves.ndjson, table.md and one SVG per axis. A protocol that has not reached its budget is
// listed in results.ndjson but left out of the curves.
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('fs');
const { join } = require('path');
const dist = join(__dirname, '../../dist');
const { RBM_AXES, rbmPointOf, rbmPointResults, rbmCurves, rbmCurveTable, rbmCurvePlot } = require(join(dist, 'analysis/rbm-robustness'));
const { renderSvg } = require(join(dist, 'plots/render-svg'));

const [runs, out = join(__dirname, 'results')] = process.argv.slice(2);
if (!runs || !existsSync(runs)) {
  console.error('usage: node docs/rbm-robustness/summarize.js RUNS [OUT]  (RUNS: the folder of the point run folders)');
  process.exit(2);
}
const results = [];
for (const name of readdirSync(runs).sort()) {
  const point = rbmPointOf(name);
  const metrics = join(runs, name, 'metrics.ndjson');
  if (!point || !existsSync(metrics)) continue;
  const spec = JSON.parse(readFileSync(join(runs, name, 'spec.json'), 'utf8'));
  const budget = spec.gibbsSteps ?? spec.budget?.gibbsSteps;
  const rows = readFileSync(metrics, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  results.push(...rbmPointResults(point, rows, budget));
}
const curves = rbmCurves(results);
mkdirSync(out, { recursive: true });
const ndjson = (rows) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
writeFileSync(join(out, 'results.ndjson'), ndjson(results));
writeFileSync(join(out, 'curves.ndjson'), ndjson(curves));
writeFileSync(join(out, 'table.md'), rbmCurveTable(curves).join('\n') + '\n');
(async () => {
  for (const axis of RBM_AXES) {
    if (!curves.some((c) => c.axis === axis && c.level > 0)) continue;
    writeFileSync(join(out, `${axis}.svg`), await renderSvg(rbmCurvePlot(curves, axis, `RBM on BAS 4x4: ${axis}`)));
  }
  const done = results.filter((r) => r.complete).length;
  console.log(`${results.length} protocol runs (${done} complete) from ${runs}; wrote ${out}`);
})();
