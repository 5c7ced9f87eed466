import { SpecError } from '../errors';

/**
 * TCL needs separated timescales ([TCL]; docs/science.md#timescales): the network follows the clock
 * quasi-statically (tau_node << tau_K), the kernel differentiates the ramps (tau_K << tau_f),
 * and only the rise passes the threshold (tau_f << tau_s). We require each timescale to be at
 * least SEPARATION times the previous one, and the synapse to tick at least twice per tau_K.
 */
export const SEPARATION = 3;

/**
 * The timescales of a run, in simulated time units, that must be ordered tau_node < tau_K < tau_f <
 * tau_s.
 */
export interface Timescales {
  /** Node time constant tau. */
  tauNode: number;
  /** The whole network's measured relaxation time (relaxationTime): what tau_node stands for. */
  networkRelaxation: number;
  /** Tick period of the synapses (at most tau_K / 2). */
  synapsePeriod: number;
  /** Memory time of the kernel. */
  tauK: number;
  /** Rise time of the protocol. */
  tauF: number;
  /** Fall time of the protocol. */
  tauS: number;
}

/**
 * The network must settle within one kernel time. A single node must be SEPARATION times faster
 * than tau_K, but a network relaxes more slowly than its nodes (tau over the smallest eigenvalue
 * of its conductance Laplacian, and one node-clock sweep per hop at least); requiring the same
 * factor there would reject the default network at seeds 2 and 3 (0.029 and 0.034 against
 * tau_K = 0.05 at node period 0.01) unless the node clock ran 5x faster.
 */
export const NETWORK_SEPARATION = 1;

/**
 * Throws a SpecError unless each timescale is SEPARATION times the previous and the network relaxes
 * within tau_K.
 */
export function checkTimescales(t: Timescales): void {
  if (t.networkRelaxation * NETWORK_SEPARATION > t.tauK) {
    throw new SpecError(
      'timing',
      `a network that relaxes within the kernel time tau_K = ${t.tauK}; it takes ${fmt(t.networkRelaxation)} per e-fold ` +
        `(measured; a faster node clock, timing.nodePeriod, or a stiffer network helps; set allowTimescaleOverlap: true to run anyway)`,
    );
  }
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

const fmt = (x: number): string => (Number.isFinite(x) ? x.toPrecision(3) : 'longer than the measurement budget');
