import { denseFigures } from './dense-bench';

/**
 * `node dist/bench/dense-main.js [rounds]`: the array engine's CSR and dense sweeps against the
 * experiments' own loops (npm run bench measures them with everything else), as JSON lines.
 */
const rounds = Number(process.argv[2] ?? 5);
for (const f of denseFigures(rounds)) process.stdout.write(JSON.stringify(f) + '\n');
