import { SpecError } from '../errors';
import { Substrate } from '../substrates/substrate';
import { arrayEngine } from './array-engine';
import { Engine, EngineOptions } from './engine';
import { eventEngine } from './event/event-engine';
import { reactiveEngine } from './reactive-engine';

/** The generic engines by name ('lockstep' is the array engine's name in specs). */
export type EngineKind = 'reactive' | 'array' | 'lockstep' | 'event';
/** What every engine is: a function from a substrate and the run's options to a running Engine. */
export type EngineBuilder = <NP, P>(sub: Substrate<NP>, opts: EngineOptions<P>) => Engine;

const builders: Record<EngineKind, EngineBuilder> = { reactive: reactiveEngine, array: arrayEngine, lockstep: arrayEngine, event: eventEngine };

/** The engine a spec or option names, or a one-line error naming `field` and the choices. */
export function engineByName(name: unknown, field = 'engine'): EngineBuilder {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(builders, name)) {
    throw new SpecError(field, `one of ${Object.keys(builders).map((k) => `"${k}"`).join(', ')}`, name);
  }
  return builders[name as EngineKind];
}
