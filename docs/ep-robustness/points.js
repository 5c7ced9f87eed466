// Writes the study's point specs (one JSON file per axis, level and seed) into the folder given
// (default points/): node docs/ep-robustness/points.js [DIR] [--first-look]. Levels fixed
// before any run (README.md); level 0 of every axis is the base spec, written once per seed.
// Delays are in relaxation steps (timing.step of simulated time each).
const { mkdirSync, readFileSync, writeFileSync } = require('fs');
const { join } = require('path');
const args = process.argv.slice(2);
const firstLook = args.includes('--first-look');
const out = args.find((a) => !a.startsWith('--')) ?? 'points';
const base = JSON.parse(readFileSync(join(__dirname, 'base.json'), 'utf8'));
const step = base.timing.step;
const frac = [0, 0.225, 0.45, 0.675, 0.9];
const axes = {
  spread: { levels: [1, 1.68, 2.83, 4.76, 8], set: (s, x) => (s.timing.rateSpread = x) },
  jitter: { levels: frac, set: (s, x) => (s.timing.jitter = x) },
  delay: { levels: [0, 0.5, 1, 2, 4], set: (s, x) => x > 0 && (s.timing.endpointView = { randomDelay: { min: 0, max: x * step } }) },
  drop: { levels: frac, set: (s, x) => x > 0 && (s.faults = { ...s.faults, drop: x }) },
  stuck: { levels: [0, 0.125, 0.25, 0.375, 0.5], set: (s, x) => x > 0 && (s.faults = { ...s.faults, stuck: x }) },
  dead: { levels: [0, 0.125, 0.25, 0.375, 0.5], set: (s, x) => x > 0 && (s.faults = { ...s.faults, dead: x }) },
};
const seeds = firstLook ? [1] : [1, 2, 3];
const pick = (levels) => (firstLook ? [levels[2], levels[4]] : levels.slice(1));
mkdirSync(out, { recursive: true });
let n = 0;
for (const seed of seeds) {
  const write = (name, spec) => (writeFileSync(join(out, `${name}.json`), JSON.stringify({ ...spec, name, seed }, null, 2) + '\n'), n++);
  write(`base-seed-${seed}`, base);
  for (const [axis, { levels, set }] of Object.entries(axes)) {
    for (const x of pick(levels)) {
      const spec = structuredClone(base);
      set(spec, x);
      write(`${axis}-${x}-seed-${seed}`, spec);
    }
  }
}
console.log(`wrote ${n} specs into ${out}`);
