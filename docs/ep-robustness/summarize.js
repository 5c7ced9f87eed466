// Gathers the study's run folders into its curves: node docs/ep-robustness/summarize.js RUNS [OUT]
// (after npm run build). RUNS holds one folder per point (run.sh); OUT (default
// docs/ep-robustness/results) gets results.ndjson (every result), curves.ndjson, table.md and
// one SVG per axis (src/analysis/study-summary.ts). A result that has not reached its budget
// is listed in results.ndjson but left out of the curves.
const { existsSync } = require('fs');
const { join } = require('path');
const dist = join(__dirname, '../../dist');
const { summarizeStudy } = require(join(dist, 'analysis/study-summary'));
const { epStudy } = require(join(dist, 'analysis/ep-robustness'));

const [runs, out = join(__dirname, 'results')] = process.argv.slice(2);
if (!runs || !existsSync(runs)) {
  console.error('usage: node docs/ep-robustness/summarize.js RUNS [OUT]  (RUNS: the folder of the point run folders)');
  process.exit(2);
}
summarizeStudy(epStudy('online EP on MNIST (784-32-10)'), runs, out).then(({ results, complete }) => console.log(`${results} results (${complete} complete) from ${runs}; wrote ${out}`));
