import { PENDING_SIZES, calendarFigure, queueFigure, schedulerFigure } from './scheduler-bench';

/**
 * `node dist/bench/scheduler-main.js [pending...]`: the scheduler's and the event queues' cost
 * per event alone (npm run bench measures them with everything else), as JSON lines.
 */
const sizes = process.argv.slice(2).map(Number);
for (const p of sizes.length ? sizes : PENDING_SIZES) {
  process.stdout.write(JSON.stringify({ what: 'scheduler', ...schedulerFigure(p) }) + '\n');
  process.stdout.write(JSON.stringify({ what: 'queue', ...queueFigure(p) }) + '\n');
  process.stdout.write(JSON.stringify({ what: 'calendar', ...calendarFigure(p) }) + '\n');
}
