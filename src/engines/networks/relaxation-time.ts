import { nodeSweep } from '../node-sweep';
import { resistorSubstrate } from '../../substrates/resistor/resistor-substrate';
import { ResistorNetwork } from '../../substrates/resistor/resistor-spec';
import { Timing } from '../timing';

/** A network's measured relaxation time under the engines' node sweep. */
export interface RelaxationTime {
  /** Simulated time per e-fold of the slowest deviation from equilibrium (Infinity if unseen). */
  time: number;
  /** Node sweeps it took to see it. */
  sweeps: number;
  /** False if the deviation had not decayed e^6-fold within the sweep budget. */
  converged: boolean;
}

/**
 * How fast the network relaxes, as the engines move it (synchronous timing, fixed weights w):
 * the e-fold time of the slowest deviation from equilibrium in the free state. Deviations obey
 * the homogeneous problem (sources and ground at 0), so we run the node sweep on it from a
 * deviation of 1 at every other node and time the decay of its largest entry from e^-3 to e^-6:
 * by then the fast modes are gone and what is left decays at the slowest rate. This measures
 * the network's physics (tau over the smallest eigenvalue of its conductance Laplacian) and the
 * node clock's discretisation together, which is what a learning rule has to wait for.
 */
export function relaxationTime(net: ResistorNetwork, w: Float64Array, timing: Pick<Timing, 'tau' | 'nodePeriod'>, maxSweeps = sweepBudget(net)): RelaxationTime {
  const n = net.ids.length;
  const { sweep } = nodeSweep(resistorSubstrate(net, { tau: timing.tau }));
  const v = new Float64Array(n).fill(1);
  const drive = new Float64Array(n);
  v[net.ground] = 0;
  for (const i of net.sources) v[i] = 0;
  const dt = timing.nodePeriod;
  // Sweep counts (fractional, interpolated in log space) at which the largest deviation
  // crosses e^-3 and e^-6.
  let prev = 0; // ln of the largest deviation after the previous sweep
  let k3 = NaN;
  for (let k = 1; k <= maxSweeps; k++) {
    sweep(v, w, 1, drive, 0, dt);
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(v[i]));
    const ln = Math.log(max);
    const cross = (level: number) => k - 1 + (prev - level) / (prev - ln);
    if (Number.isNaN(k3) && ln <= -3) k3 = cross(-3);
    if (ln <= -6) return { time: ((cross(-6) - k3) * dt) / 3, sweeps: k, converged: true };
    prev = ln;
  }
  return { time: Infinity, sweeps: maxSweeps, converged: false };
}

/** Enough sweeps for slow networks, bounded to about 1e8 node and edge visits. */
function sweepBudget(net: ResistorNetwork): number {
  return Math.max(100, Math.min(100_000, Math.ceil(1e8 / (net.ids.length + 2 * net.k.length))));
}
