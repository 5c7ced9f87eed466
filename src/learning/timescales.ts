import { SpecError } from '../errors';

/**
 * TCL needs separated timescales (papers.md section 3): the network follows the clock
 * quasi-statically (tau_node << tau_K), the kernel differentiates the ramps (tau_K << tau_f),
 * and only the rise passes the threshold (tau_f << tau_s). We require each timescale to be at
 * least SEPARATION times the previous one, and the synapse to tick at least twice per tau_K.
 */
export const SEPARATION = 3;

export interface Timescales {
  tauNode: number;
  synapsePeriod: number;
  tauK: number;
  tauF: number;
  tauS: number;
}

export function checkTimescales(t: Timescales): void {
  const chain: [string, string, number, string, number][] = [
    ['timing.tau', 'timing.tau (tau_node)', t.tauNode, 'the kernel time (tau_K)', t.tauK],
    ['rule.kernel', 'the kernel time (tau_K)', t.tauK, 'the rise time (tau_f)', t.tauF],
    ['protocol.rise', 'the rise time (tau_f)', t.tauF, 'the fall time (tau_s)', t.tauS],
  ];
  for (const [name, fast, a, slow, b] of chain) {
    if (a * SEPARATION > b) {
      throw new SpecError(
        name,
        `${fast} = ${a} at least ${SEPARATION}x shorter than ${slow} = ${b} (set allowTimescaleOverlap: true to run anyway)`,
      );
    }
  }
  if (t.synapsePeriod * 2 > t.tauK) {
    throw new SpecError(
      'timing.synapsePeriod',
      `at most tau_K / 2 = ${t.tauK / 2} so synapses resolve their kernel (set allowTimescaleOverlap: true to run anyway)`,
      t.synapsePeriod,
    );
  }
}
