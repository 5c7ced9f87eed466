import { SynapseRule, fixedWeight } from '../synapses/synapse-rule';
import type { EngineOptions } from './engine';
import { DEAD, HEALTHY, STUCK, chooseFaults, noFaults } from './faults';

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
