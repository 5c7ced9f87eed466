import { SpecError } from '../errors';
import { RandomSource } from '../scheduler/random';
import { isRecord, knownKeys } from '../validate';
import { RandomNetworkOptions, latticeNetwork, randomNetwork } from '../substrates/resistor/generators';
import { ResistorNetwork, ResistorSpec, readResistorSpec } from '../substrates/resistor/resistor-spec';

/** A network in an experiment spec: explicit, or generated from the run's seed. */
export type NetworkSource =
  | ResistorSpec
  | { random: RandomNetworkOptions }
  | { lattice: { rows: number; cols: number; k?: number; v?: number } };

export function buildNetwork(src: unknown, random: RandomSource, field = 'network'): { spec: ResistorSpec; net: ResistorNetwork } {
  if (!isRecord(src)) throw new SpecError(field, 'an explicit network {nodes, edges, ...}, {random: {...}} or {lattice: {...}}', src);
  for (const [kind, keys] of generatorKeys) {
    if (!(kind in src)) continue;
    // A generated network is exactly {random: {...}} or {lattice: {...}}.
    knownKeys(field, src, [kind]);
    if (!isRecord(src[kind])) throw new SpecError(`${field}.${kind}`, `an object {${keys.join(', ')}}`, src[kind]);
    knownKeys(`${field}.${kind}`, src[kind] as Record<string, unknown>, keys);
  }
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

const generatorKeys: [string, string[]][] = [
  ['random', ['n', 'meanDegree', 'kMin', 'kMax', 'inputs', 'outputs', 'vMax']],
  ['lattice', ['rows', 'cols', 'k', 'v']],
];
