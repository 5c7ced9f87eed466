/** Seed and run counts of the property tests; see test/support/property-seed.ts for the policy. */

/** The fixed seed of `npm test`. */
export const DEFAULT_PROPERTY_SEED = 20261128;

function intFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name}: expected an integer, got "${raw}"`);
  return n;
}

export function propertySeed(): number {
  return intFromEnv('FC_SEED') ?? DEFAULT_PROPERTY_SEED;
}

/** How many cases a property runs: n under `npm test`, n * FC_RUNS_FACTOR when exploring. */
export function runs(n: number): number {
  const factor = intFromEnv('FC_RUNS_FACTOR') ?? 1;
  if (factor < 1) throw new Error(`FC_RUNS_FACTOR: expected an integer >= 1, got ${factor}`);
  return n * factor;
}
