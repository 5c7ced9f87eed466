import { eventFigure } from './event-bench';

/** `node --expose-gc dist/bench/event-main.js [synapses...]`: the event engine's figures alone, as JSON lines. */
const sizes = process.argv.slice(2).map(Number);
for (const m of sizes.length ? sizes : [1e4, 1e5]) {
  const periods = Math.max(5, Math.round(2e6 / m));
  process.stdout.write(JSON.stringify(eventFigure(m, periods, 3, m <= 1e4)) + '\n');
}
