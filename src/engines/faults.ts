import type { z } from 'zod';
import { lazySchema } from '../registry/lazy-zod';
import { readParams } from '../registry/read-params';
import { RandomSource, seededPermutation } from '../scheduler/random';

/**
 * Fault injection (`faults` in a spec): synapses that are dead (conduct zero: weight 0, never
 * learn) or stuck (keep their initial weight: conduct, never learn), and endpoint messages that
 * are lost. Which synapses fail is drawn from the `faults` substream of the run's seed (or of
 * `seed`, to keep one fault pattern across run seeds): exactly round(dead m) dead and
 * round(stuck m) stuck synapses of m, disjoint.
 */
export const faultsSchema = lazySchema((z) =>
  z
    .object({
      dead: z.number().min(0).max(1).default(0).describe('fraction of synapses that conduct zero (weight 0) and never learn'),
      stuck: z.number().min(0).max(1).default(0).describe('fraction of synapses frozen at their initial weight (they conduct, never learn)'),
      drop: z.number().min(0).lt(1).default(0).describe("probability that an endpoint's update is lost on its way to a synapse's rule (the endpoint view's drop)"),
      seed: z.int().min(0).max(2 ** 31 - 1).optional().describe("seed of the fault choice (default: the run's seed)"),
    })
    .strict()
    .refine((f) => f.dead + f.stuck <= 1, { message: 'dead + stuck <= 1', path: ['stuck'] }),
);

/** A checked fault configuration (see faultsSchema). */
export type Faults = z.output<typeof faultsSchema>;

/** Reads `faults` ({dead?, stuck?, drop?, seed?}), with a SpecError naming the field. */
export function readFaults(v: unknown, field = 'faults'): Faults {
  return readParams(faultsSchema, v, field);
}

/** A healthy synapse: it conducts and learns. */
export const HEALTHY = 0;
/** A dead synapse: weight 0 (it conducts zero), frozen. */
export const DEAD = 1;
/** A stuck synapse: frozen at its initial weight (it conducts). */
export const STUCK = 2;

/** True if the faults change nothing (no dead or stuck synapse, no drop). */
export function noFaults(f: Faults | undefined): boolean {
  return f === undefined || (f.dead === 0 && f.stuck === 0 && f.drop === 0);
}

/**
 * Each synapse's fault (HEALTHY, DEAD, STUCK) for m synapses: a seeded shuffle of the synapse
 * indices from the `faults` substream, the first round(dead m) dead and the next round(stuck m)
 * stuck. Deterministic per seed; the same on every engine.
 */
export function chooseFaults(m: number, f: Faults, runSeed: number | string): Uint8Array {
  const out = new Uint8Array(m);
  const dead = Math.round(f.dead * m);
  const stuck = Math.min(m - dead, Math.round(f.stuck * m));
  if (dead + stuck === 0) return out;
  const rng = new RandomSource(f.seed ?? runSeed).stream('faults');
  const order = seededPermutation(m, rng);
  for (let k = 0; k < dead; k++) out[order[k]] = DEAD;
  for (let k = dead; k < dead + stuck; k++) out[order[k]] = STUCK;
  return out;
}

