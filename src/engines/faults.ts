import type { z } from 'zod';
import { lazySchema } from '../registry/lazy-zod';
import { readParams } from '../registry/read-params';
import { RandomSource } from '../scheduler/random';
import { SynapseRule, fixedWeight } from '../synapses/synapse-rule';
import type { EngineOptions } from './engine';

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
  const order = Int32Array.from({ length: m }, (_, e) => e);
  for (let i = m - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (let k = 0; k < dead; k++) out[order[k]] = DEAD;
  for (let k = dead; k < dead + stuck; k++) out[order[k]] = STUCK;
  return out;
}

/** The parameters a faulty rule gets per synapse: the rule's own and the synapse's fault. */
interface FaultyParams<P> {
  inner: P;
  fault: number;
}

/**
 * The rule under faults: a dead synapse starts at weight 0 and a stuck one at its w0 (after the
 * rule's own init), and neither steps; a healthy one is the rule itself.
 */
function faultyRule<P>(rule: SynapseRule<P>): SynapseRule<FaultyParams<P>> {
  return {
    name: rule.name,
    reads: rule.reads,
    stateSize: rule.stateSize,
    ...(rule.stillAtZero !== undefined ? { stillAtZero: rule.stillAtZero } : {}),
    init(x, o, w0, p) {
      rule.init(x, o, w0, p.inner);
      if (p.fault === DEAD) x[o] = 0;
      else if (p.fault === STUCK) x[o] = w0;
    },
    step(x, o, s, m, dt, p) {
      if (p.fault === HEALTHY) rule.step(x, o, s, m, dt, p.inner);
    },
  };
}

/**
 * The engine options with the faults applied: the one place every engine (reactive, array,
 * event) takes them from, so engines stay equivalent with faults on. Dead and stuck synapses
 * become a per-synapse wrapper of the rule (the rule's own parameters are checked before, by
 * checkRuleOptions); drops join the endpoint view's drop (both: 1 - (1 - a)(1 - b)). Options
 * without faults come back unchanged.
 */
export function applyFaults<P>(opts: EngineOptions<P>, m: number): EngineOptions<P> {
  const f = opts.faults;
  if (noFaults(f)) return opts;
  const out: EngineOptions<P> = { ...opts };
  if (f!.drop > 0) {
    const ev = opts.endpointView ?? {};
    out.endpointView = { ...ev, drop: 1 - (1 - (ev.drop ?? 0)) * (1 - f!.drop) };
  }
  if (f!.dead > 0 || f!.stuck > 0) {
    const fault = chooseFaults(m, f!, opts.random.seed);
    const shared = (opts.ruleParams ?? {}) as P;
    const params = Array.from(fault, (k, e) => ({ inner: opts.ruleParamsOf ? opts.ruleParamsOf(e) : shared, fault: k }));
    const rule = faultyRule((opts.rule ?? fixedWeight) as SynapseRule<P>) as unknown as SynapseRule<P>;
    Object.assign(out, { rule, ruleParams: undefined, ruleParamsOf: (e: number) => params[e] as unknown as P });
  }
  return out;
}
