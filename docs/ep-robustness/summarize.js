// Gathers the study's run folders into its curves: node docs/ep-robustness/summarize.js RUNS [OUT]
// (after npm run build). RUNS holds one folder per point (run.sh); OUT (default
// docs/ep-robustness/results) gets results.ndjson (every point), curves.ndjson, table.md and
// one SVG per axis. A point that has not reached its budget is listed in results.ndjson but
// left out of the curves.
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('fs');
const { join } = require('path');
const dist = join(__dirname, '../../dist');
const { studyPointOf, STUDY_AXES } = require(join(dist, 'analysis/study-points'));
const { epPointResult, epCurves, epCurveTable, epCurvePlot } = require(join(dist, 'analysis/ep-robustness'));
const { renderSvg } = require(join(dist, 'plots/render-svg'));

const [runs, out = join(__dirname, 'results')] = process.argv.slice(2);
if (!runs || !existsSync(runs)) {
  console.error('usage: node docs/ep-robustness/summarize.js RUNS [OUT]  (RUNS: the folder of the point run folders)');
  process.exit(2);
}
const results = [];
for (const name of readdirSync(runs).sort()) {
  const point = studyPointOf(name);
  const metrics = join(runs, name, 'metrics.ndjson');
  if (!point || !existsSync(metrics)) continue;
  const spec = JSON.parse(readFileSync(join(runs, name, 'spec.json'), 'utf8'));
  const budget = spec.epochs ?? spec.budget?.epochs;
  const rows = readFileSync(metrics, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const r = epPointResult(point, rows, budget);
  if (r) results.push(r);
}
const curves = epCurves(results);
mkdirSync(out, { recursive: true });
const ndjson = (rows) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
writeFileSync(join(out, 'results.ndjson'), ndjson(results));
writeFileSync(join(out, 'curves.ndjson'), ndjson(curves));
const units = { delay: ' steps', spread: 'x' };
writeFileSync(join(out, 'table.md'), epCurveTable(curves, (a) => units[a] ?? '').join('\n') + '\n');
(async () => {
  for (const axis of STUDY_AXES) {
    if (!curves.some((c) => c.axis === axis && c.level > 0)) continue;
    writeFileSync(join(out, `${axis}.svg`), await renderSvg(epCurvePlot(curves, axis, `online EP on MNIST (784-32-10): ${axis}`)));
  }
  const done = results.filter((r) => r.complete).length;
  console.log(`${results.length} points (${done} complete) from ${runs}; wrote ${out}`);
})();
