import { eventEngine } from '../event/event-engine';
import { ResistorNetwork } from '../../substrates/resistor/resistor-spec';
import { ResistorAgents, ResistorAgentsOptions, asResistorAgents, resistorEngineOptions } from './resistor-agents';
import { resistorSubstrate } from '../../substrates/resistor/resistor-substrate';
import { defaultTiming } from '../timing';

/**
 * A resistor network on the event engine (src/engines/event): the reactive agents' semantics,
 * any timing, over typed arrays; the same options as resistorAgents.
 */
export function resistorEvent<P>(net: ResistorNetwork, opts: ResistorAgentsOptions<P>): ResistorAgents {
  const tau = (opts.timing ?? defaultTiming).tau;
  return asResistorAgents(eventEngine(resistorSubstrate(net, { tau }), resistorEngineOptions(net, opts)));
}
