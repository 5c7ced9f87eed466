// A substrate of your own: a network of rate units with tanh activations, as data plus pure
// functions. In your project import from 'phaseless'; this file imports the sources so that
// the repository's tests can run it.
import { of } from 'rxjs';
import { Coupling, NodeDynamics, Role, Substrate, heldNode } from '../../src';

export interface RateParams {
  /** Time constant of every unit. */
  tau: number;
}

/**
 * A synapse of weight w between units a and b: energy term -w tanh(v_a) tanh(v_b), so its
 * local signal is s = dE/dw = -tanh(v_a) tanh(v_b); it delivers w tanh(v_other) to each end.
 */
export const tanhCoupling: Coupling = {
  name: 'tanh',
  signal: (_w, va, vb) => -Math.tanh(va) * Math.tanh(vb),
  g: () => 0,
  i: (w, _self, other) => w * Math.tanh(other),
};

/** A hidden unit relaxes toward the sum of its inputs: tau dv/dt = -v + sum_j w_j tanh(v_j). */
export const rateHidden: NodeDynamics<RateParams> = {
  name: 'rate-hidden',
  reads: ['contributions'],
  step: (v, input, dt, p) => v + (dt / p.tau) * (input.i - v),
};

/** An output unit is also nudged toward its target (the drive) with the clock's strength beta. */
export const rateOutput: NodeDynamics<RateParams> = {
  name: 'rate-output',
  reads: ['contributions', 'clamp', 'drive'],
  step: (v, input, dt, p) => v + (dt / p.tau) * (input.i - v + input.beta * (input.drive - v)),
};

/**
 * A layered rate network: `inputs` units held at the given values, `hidden` units, one output
 * unit with a target; every input connects to every hidden unit, every hidden unit to the output.
 */
export function rateNetwork(o: { x: number[]; hidden: number; target: number; w0: (e: number) => number; tau: number }): Substrate<RateParams> {
  const ids: string[] = [];
  const roles: Role[] = [];
  o.x.forEach((_, k) => (ids.push(`x${k}`), roles.push('input')));
  for (let j = 0; j < o.hidden; j++) (ids.push(`h${j}`), roles.push('hidden'));
  ids.push('y');
  roles.push('output');
  const n = ids.length;
  const a: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < o.x.length; k++) for (let j = 0; j < o.hidden; j++) (a.push(k), b.push(o.x.length + j));
  for (let j = 0; j < o.hidden; j++) (a.push(o.x.length + j), b.push(n - 1));
  return {
    name: 'rate',
    ids,
    roles,
    edgeA: Int32Array.from(a),
    edgeB: Int32Array.from(b),
    w0: Float64Array.from(a, (_, e) => o.w0(e)),
    synapseId: (e) => `${ids[a[e]]}-${ids[b[e]]}`,
    dynamics: { input: heldNode, hidden: rateHidden, output: rateOutput, ground: heldNode },
    nodeParams: { tau: o.tau },
    coupling: tanhCoupling,
    // A physical network: each synapse's contribution follows its endpoints as they change.
    conduction: 'event',
    defaultDrive: (i) => (i < o.x.length ? of(o.x[i]) : i === n - 1 ? of(o.target) : undefined),
  };
}
