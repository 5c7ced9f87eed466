// Gathers the study's run folders into its curves: node docs/rbm-robustness/summarize.js RUNS [OUT] [--keep] [--title T]
// (after npm run build). RUNS holds one folder per point (runs/<point> of README.md); OUT (default
// docs/rbm-robustness/results) gets results.ndjson (every result), curves.ndjson, table.md and
// one SVG per axis (src/analysis/study-summary.ts). A result that has not reached its budget
// is listed in results.ndjson but left out of the curves. --keep keeps OUT's earlier results for
// the points RUNS does not hold (run folders from another machine or session that are gone).
// --title heads the plots (default: bars and stripes; the binarized-MNIST study gives its own).
const { existsSync } = require('fs');
const { join } = require('path');
const dist = join(__dirname, '../../dist');
const { summarizeStudy } = require(join(dist, 'analysis/study-summary'));
const { rbmStudy } = require(join(dist, 'analysis/rbm-robustness'));

const args = process.argv.slice(2);
const t = args.indexOf('--title');
const title = t >= 0 ? args[t + 1] : 'RBM on BAS 4x4';
const [runs, out = join(__dirname, 'results')] = args.filter((a, i) => a !== '--keep' && (t < 0 || (i !== t && i !== t + 1)));
if (!runs || !existsSync(runs)) {
  console.error('usage: node docs/rbm-robustness/summarize.js RUNS [OUT] [--keep] [--title T]  (RUNS: the folder of the point run folders)');
  process.exit(2);
}
summarizeStudy(rbmStudy(title), runs, out, { keep: args.includes('--keep') }).then(({ results, complete }) => console.log(`${results} results (${complete} complete) from ${runs}; wrote ${out}`));
