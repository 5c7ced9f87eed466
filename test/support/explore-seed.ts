/**
 * jest globalSetup: under `npm run test:explore` (FC_EXPLORE=1) picks one fresh fast-check seed
 * for the whole run, unless FC_SEED is given, and prints it so a failure can be replayed. The
 * test workers start after this and inherit the environment.
 */
import { randomInt } from 'crypto';

export default function exploreSeed(): void {
  if (process.env.FC_EXPLORE !== '1') return;
  if (process.env.FC_SEED === undefined || process.env.FC_SEED === '') process.env.FC_SEED = String(randomInt(0x7fffffff));
  if (process.env.FC_RUNS_FACTOR === undefined) process.env.FC_RUNS_FACTOR = '10';
  process.stdout.write(
    `\nproperty exploration: FC_SEED=${process.env.FC_SEED} FC_RUNS_FACTOR=${process.env.FC_RUNS_FACTOR}` +
      ` (replay: FC_SEED=${process.env.FC_SEED} npm run test:explore)\n`,
  );
}
