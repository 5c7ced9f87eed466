import { localityFigure } from './locality-bench';

/** `node dist/bench/locality-main.js [synapses...]`: what network order costs the array engine's sweeps, as JSON lines. */
const sizes = process.argv.slice(2).map(Number);
for (const m of sizes.length ? sizes : [1e5, 1e6]) process.stdout.write(JSON.stringify(localityFigure(m, Math.max(10, Math.round(2e7 / m)))) + '\n');
