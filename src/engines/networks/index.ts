/** A substrate on an engine: typed handles (voltages, weights, events) over the generic engines. */
export { resistorAgents, ResistorAgents, ResistorAgentsOptions } from './resistor-agents';
export { resistorEvent } from './resistor-event';
export { resistorLockstep, checkLockstepOptions } from './resistor-lockstep';
export { relaxationTime, RelaxationTime } from './relaxation-time';
