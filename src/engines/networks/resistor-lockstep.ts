import { arrayEngine, checkArrayOptions } from '../array-engine';
import { ResistorNetwork } from '../../substrates/resistor/resistor-spec';
import { ResistorAgents, ResistorAgentsOptions, asResistorAgents, resistorEngineOptions } from './resistor-agents';
import { resistorSubstrate } from '../../substrates/resistor/resistor-substrate';
import { defaultTiming } from '../timing';

/**
 * The lockstep engine for resistor networks: the array engine (src/engines/array-engine.ts)
 * on the resistor substrate, with the same options as the reactive agents.
 */
export function resistorLockstep<P>(net: ResistorNetwork, opts: ResistorAgentsOptions<P>): ResistorAgents {
  const tau = (opts.timing ?? defaultTiming).tau;
  return asResistorAgents(arrayEngine(resistorSubstrate(net, { tau }), resistorEngineOptions(net, opts)));
}

/** The lockstep engine runs synchronous timing only; asynchrony is the reactive engine's job. */
export const checkLockstepOptions = checkArrayOptions;
