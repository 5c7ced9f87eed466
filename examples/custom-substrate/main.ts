// Prints what run.ts measures, on both engines (see README.md here). A separate file so that
// run.ts stays importable from CommonJS and ESM alike.
import { learnTarget } from './run';

for (const engine of ['reactive', 'array'] as const) {
  const r = learnTarget(engine);
  console.log(`${engine}: |y - target| at the end of the first free phase ${r.before.toFixed(4)}, after 30 cycles ${r.after.toExponential(2)}`);
}
