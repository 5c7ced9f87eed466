import { SpecError } from '../errors';
import { RandomSource } from '../scheduler/random';
import { isRecord } from '../validate';
import { RandomNetworkOptions, latticeNetwork, randomNetwork } from '../resistor/generators';
import { ResistorNetwork, ResistorSpec, readResistorSpec } from '../resistor/resistor-spec';

/** A network in an experiment spec: explicit, or generated from the run's seed. */
export type NetworkSource =
  | ResistorSpec
  | { random: RandomNetworkOptions }
  | { lattice: { rows: number; cols: number; k?: number; v?: number } };

export function buildNetwork(src: unknown, random: RandomSource, field = 'network'): { spec: ResistorSpec; net: ResistorNetwork } {
  if (!isRecord(src)) throw new SpecError(field, 'an explicit network {nodes, edges, ...}, {random: {...}} or {lattice: {...}}', src);
  let spec: ResistorSpec;
  try {
    if ('random' in src) spec = randomNetwork(src.random as RandomNetworkOptions, random.stream('network'));
    else if ('lattice' in src) spec = latticeNetwork(src.lattice as { rows: number; cols: number });
    else spec = src as unknown as ResistorSpec;
  } catch (e) {
    // Generator options are checked by the generator: report them under the spec's field.
    if (e instanceof SpecError) throw new SpecError(`${field}.${'random' in src ? 'random' : 'lattice'}.${e.field}`, e.expected, e.got);
    throw e;
  }
  return { spec, net: readResistorSpec(spec, field) };
}
