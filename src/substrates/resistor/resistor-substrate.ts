import { of } from '../../rx';
import { Role, Substrate, lazySynapseNames } from '../substrate';
import { ResistorNetwork } from './resistor-spec';
import { ResistorNodeParams, resistorCoupling, resistorNode, resistorOutputNode, voltageSource } from './resistor-physics';

const roleOf = { free: 'hidden', output: 'output', source: 'input', ground: 'ground' } as const satisfies Record<string, Role>;

/**
 * A resistor network as a substrate: voltage sources are inputs, the ground is held at 0, output
 * nodes are nudged toward their targets, every edge is a conductance that conducts as its
 * endpoints change ([CL]; docs/science.md#resistor-networks-and-coupled-learning).
 */
export function resistorSubstrate(net: ResistorNetwork, params: ResistorNodeParams): Substrate<ResistorNodeParams> {
  const drives = new Map<number, number>([[net.ground, 0]]);
  net.sources.forEach((i, j) => drives.set(i, net.sourceV[j]));
  net.outputs.forEach((i, j) => drives.set(i, net.targets[j]));
  return {
    name: 'resistor',
    ids: net.ids,
    roles: net.role.map((r) => roleOf[r]),
    edgeA: net.edgeA,
    edgeB: net.edgeB,
    w0: net.k,
    synapseId: lazySynapseNames(net.ids, net.edgeA, net.edgeB),
    dynamics: { hidden: resistorNode, output: resistorOutputNode, input: voltageSource, ground: voltageSource },
    nodeParams: params,
    coupling: resistorCoupling,
    conduction: 'event',
    defaultDrive: (i) => (drives.has(i) ? of(drives.get(i)!) : undefined),
  };
}
