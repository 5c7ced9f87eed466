import { NodeDynamics, NodeInput } from '../../nodes/node-dynamics';
import { heldNode } from '../../nodes/held-node';
import { Coupling } from '../../synapses/synapse-rule';

/** Parameters of a resistor node. */
export interface ResistorNodeParams {
  /** Node time constant (capacitance): tau dV/dt = sum_j k_ij (V_j - V_i) + beta (y - V). */
  tau: number;
}

/**
 * Exact integration over dt with the inputs held: dV/dt = ((i + beta y) - (g + beta) V) / tau
 * relaxes exponentially toward V* = (i + beta y) / (g + beta). Exact, so stable for any dt and
 * any conductance: a slow agent simply jumps closer to its local equilibrium.
 */
function relax(v: number, input: NodeInput, dt: number, tau: number, nudged: boolean): number {
  const beta = nudged ? input.beta : 0;
  const G = input.g + beta;
  if (G === 0) return v;
  const vStar = (input.i + beta * input.drive) / G;
  return vStar + (v - vStar) * Math.exp((-G * dt) / tau);
}

/** An internal node: feels only its incident edges. */
export const resistorNode: NodeDynamics<ResistorNodeParams> = {
  name: 'resistor',
  reads: ['contributions'],
  step: (v, input, dt, p) => relax(v, input, dt, p.tau, false),
};

/** An output node: also nudged toward its target (drive) with the clock's beta(t). */
export const resistorOutputNode: NodeDynamics<ResistorNodeParams> = {
  name: 'resistor-output',
  reads: ['contributions', 'clamp', 'drive'],
  step: (v, input, dt, p) => relax(v, input, dt, p.tau, true),
};

/** A voltage source (or the ground): holds whatever value it is driven to. */
export const voltageSource: NodeDynamics<ResistorNodeParams> = heldNode;

/**
 * An edge of conductance w = k: energy 1/2 k (Va - Vb)^2, so its local learning signal is s = (Va -
 * Vb)^2 (docs/science.md#contrastive-learning), and it delivers to each endpoint the Norton pair (g
 * = k, i = k V_other): the current k (V_other - V) is i - g V.
 */
export const resistorCoupling: Coupling = {
  name: 'resistor',
  signal: (_w, va, vb) => (va - vb) * (va - vb),
  g: (w) => w,
  i: (w, _self, other) => w * other,
};
