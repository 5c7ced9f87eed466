// Writes the study's point specs (one JSON file per axis, level and seed) into the folder given
// (default points/): node docs/ep-robustness/points.js [DIR] [--first-look] (after npm run
// build). Levels fixed before any run (README.md); level 0 of every axis is the base spec,
// written once per seed. Delays are in relaxation steps (timing.step of simulated time each).
const { mkdirSync, readFileSync, writeFileSync } = require('fs');
const { join } = require('path');
const { standardStudyAxes, studyPointSpecs } = require(join(__dirname, '../../dist/analysis/study-points'));
const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--')) ?? 'points';
const base = JSON.parse(readFileSync(join(__dirname, 'base.json'), 'utf8'));
const points = studyPointSpecs(base, standardStudyAxes([0, 0.5, 1, 2, 4], base.timing.step), args.includes('--first-look'));
mkdirSync(out, { recursive: true });
for (const { name, spec } of points) writeFileSync(join(out, `${name}.json`), JSON.stringify(spec, null, 2) + '\n');
console.log(`wrote ${points.length} specs into ${out}`);
