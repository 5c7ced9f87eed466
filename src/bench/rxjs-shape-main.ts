import { rxjsShapeFigure } from './rxjs-shape-bench';

/** `node dist/bench/rxjs-shape-main.js [synapses...]`: the reactive engine over RxJS alone doing the same traffic, as JSON lines. */
const sizes = process.argv.slice(2).map(Number);
for (const m of sizes.length ? sizes : [1e3, 1e4, 1e5]) process.stdout.write(JSON.stringify(rxjsShapeFigure(m, Math.max(5, Math.round(2e6 / m)))) + '\n');
