// Gathers the study's run folders into its curves: node docs/ep-robustness/summarize.js RUNS [OUT] [--keep]
// (after npm run build). RUNS holds one folder per point (a study's runs/); OUT (default
// docs/ep-robustness/results) gets results.ndjson (every result), curves.ndjson, table.md and
// one SVG per axis (src/analysis/study-summary.ts). A result that has not reached its budget
// is listed in results.ndjson but left out of the curves. --keep keeps OUT's earlier results for
// the points RUNS does not hold (run folders from another machine or session that are gone).
const { existsSync } = require('fs');
const { join } = require('path');
const dist = join(__dirname, '../../dist');
const { summarizeStudy } = require(join(dist, 'analysis/study-summary'));
const { epStudy } = require(join(dist, 'analysis/ep-robustness'));

const args = process.argv.slice(2);
const [runs, out = join(__dirname, 'results')] = args.filter((a) => a !== '--keep');
if (!runs || !existsSync(runs)) {
  console.error('usage: node docs/ep-robustness/summarize.js RUNS [OUT] [--keep]  (RUNS: the folder of the point run folders)');
  process.exit(2);
}
summarizeStudy(epStudy('online EP on MNIST (784-32-10)'), runs, out, { keep: args.includes('--keep') }).then(({ results, complete }) => console.log(`${results} results (${complete} complete) from ${runs}; wrote ${out}`));
