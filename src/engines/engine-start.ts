import { Substream } from '../scheduler/random';
import { SynapseRule, fixedWeight } from '../synapses/synapse-rule';
import { applyFaults } from './apply-faults';
import { EngineOptions, checkRuleOptions } from './engine';
import { Timing, defaultTiming } from './timing';

/** What an engine starts from (engineStart). */
export interface EngineStart<P> {
  /** The options with the faults applied: dead and stuck synapses, dropped messages. */
  opts: EngineOptions<P>;
  timing: Timing;
  rule: SynapseRule<P>;
  /** The rule parameters every synapse shares (unless ruleParamsOf gives each its own). */
  shared: P;
  /** Every substream the engine draws from, by name: a snapshot saves their positions. */
  streams: Map<string, Substream>;
  /** Takes the named substream of the options' random source and records it in `streams`. */
  stream: (name: string) => Substream;
}

/**
 * What every engine does before it builds anything, in this order: the rule's own parameters
 * checked (a forgotten one is named here, not met as NaN later), then the faults applied
 * (faults.ts, in one place so that the engines agree with faults on), the defaults filled.
 */
export function engineStart<P>(given: EngineOptions<P>, synapses: number): EngineStart<P> {
  checkRuleOptions(given, synapses);
  const opts = applyFaults(given, synapses);
  const streams = new Map<string, Substream>();
  const stream = (name: string): Substream => {
    const r = opts.random.stream(name);
    streams.set(name, r);
    return r;
  };
  return { opts, timing: opts.timing ?? defaultTiming, rule: (opts.rule ?? fixedWeight) as SynapseRule<P>, shared: (opts.ruleParams ?? {}) as P, streams, stream };
}
