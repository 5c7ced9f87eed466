import { Draws, NodeDynamics, NodeInput } from '../nodes/node-dynamics';
import { Role, Substrate } from '../substrates/substrate';
import { stepperOf } from './compiled-steps';

/**
 * How the array engine moves the nodes of a substrate, in place, over typed arrays: v the node
 * states, x the rule states (weight of synapse e at x[e * S]), drive each node's imposed value.
 */
export interface NodeSweep {
  /** Integrates every node over dt; returns the first node whose state became non-finite, or -1. */
  sweep(v: Float64Array, x: Float64Array, S: number, drive: Float64Array, beta: number, dt: number): number;
  /**
   * The synapses publish what they deliver to their endpoints (their tick, after learning).
   * Only 'tick' conduction keeps what was published; 'event' conduction reads the live
   * weights and states in `sweep`, so this is a no-op there.
   */
  conduct(v: Float64Array, x: Float64Array, S: number): void;
  /** What the sweep holds between steps (under 'tick' conduction, what was published), for snapshots. */
  saveState(): Float64Array;
  /** Sets what saveState saved. */
  loadState(s: Float64Array): void;
  /** The weights changed outside a sweep (a learning step, a restore): drop what was computed from them. */
  invalidate(): void;
}

/** Role of each node as a small index into ROLES, so the sweep looks up dynamics by number. */
export const ROLES: readonly Role[] = ['hidden', 'output', 'input', 'ground'];

/**
 * The node sweep of a substrate, by its conduction (the reactive engine's event order under
 * synchronous timing):
 * - 'event': Gauss-Seidel. Node i integrates from its incident synapses' current weights and
 *   its neighbours' current states, so it reads the states its neighbours reached earlier in
 *   the same sweep, as a node agent reads the contributions its neighbours' changes triggered.
 * - 'tick': Jacobi. Each synapse delivers what it computed on its last tick from the weight and
 *   states of then, as a synapse agent that conducts on its tick; nodes never read each other
 *   within a sweep.
 * Stochastic dynamics draw from `draws[i]`, node i's own substream.
 * In both, a node sums its synapses in synapse order (CSR below), the order in which a node
 * agent sums its inputs, so the sums agree to the last bit.
 */
export function nodeSweep<NP>(sub: Substrate<NP>, draws: readonly (Draws | undefined)[] = [], inc: Incidence = incidence(sub)): NodeSweep {
  const n = sub.ids.length;
  const role = Uint8Array.from(sub.roles, (r) => ROLES.indexOf(r));
  const dyn: NodeDynamics<NP>[] = ROLES.map((r) => sub.dynamics[r]);
  const { start, edge, other } = inc;
  const { coupling, nodeParams } = sub;
  const input: NodeInput = { g: 0, i: 0, beta: 0, drive: 0 };
  const step = stepperOf(dyn);
  const integrate = (v: Float64Array, i: number, drive: Float64Array, dt: number): boolean => {
    input.drive = drive[i];
    const nv = step(role[i], v[i], input, dt, nodeParams, draws[i]);
    v[i] = nv;
    return Number.isFinite(nv);
  };

  if (sub.conduction === 'event') {
    return {
      sweep(v, x, S, drive, beta, dt) {
        input.beta = beta;
        for (let i = 0; i < n; i++) {
          let g = 0;
          let cur = 0;
          const vi = v[i];
          for (let p = start[i]; p < start[i + 1]; p++) {
            const w = x[edge[p] * S];
            const vo = v[other[p]];
            g += coupling.g(w, vi, vo);
            cur += coupling.i(w, vi, vo);
          }
          input.g = g;
          input.i = cur;
          if (!integrate(v, i, drive, dt)) return i;
        }
        return -1;
      },
      conduct() {
        /* event conduction reads the live weights and states */
      },
      saveState: () => new Float64Array(0),
      loadState() {
        /* nothing held between steps */
      },
      invalidate() {
        /* nothing kept */
      },
    };
  }

  // What every node's synapses delivered on their last tick, summed in synapse order as the
  // node agent sums what it was sent (the same additions in the same order as summing each
  // synapse's message at the node's tick).
  const needs = readsContributions(sub);
  const gTot = new Float64Array(n);
  const iTot = new Float64Array(n);
  return {
    sweep(v, _x, _S, drive, beta, dt) {
      input.beta = beta;
      for (let i = 0; i < n; i++) {
        input.g = gTot[i];
        input.i = iTot[i];
        if (!integrate(v, i, drive, dt)) return i;
      }
      return -1;
    },
    conduct(v, x, S) {
      for (let i = 0; i < n; i++) {
        // A node that does not read contributions (a held input) is given none.
        if (!needs[i]) continue;
        const vi = v[i];
        let g = 0;
        let cur = 0;
        for (let p = start[i]; p < start[i + 1]; p++) {
          const w = x[edge[p] * S];
          const vo = v[other[p]];
          g += coupling.g(w, vi, vo);
          cur += coupling.i(w, vi, vo);
        }
        gTot[i] = g;
        iTot[i] = cur;
      }
    },
    saveState: () => {
      const s = new Float64Array(2 * n);
      s.set(gTot);
      s.set(iTot, n);
      return s;
    },
    loadState(s) {
      gTot.set(s.subarray(0, n));
      iTot.set(s.subarray(n));
    },
    invalidate() {
      /* the sums are recomputed at every conduct */
    },
  };
}

/** Each node's incident synapses in synapse order (CSR): synapse ids and the node at the other end. */
export interface Incidence {
  start: Int32Array;
  edge: Int32Array;
  other: Int32Array;
}

/** The substrate's incidence, computed once and shared by the sweeps of a batch's examples. */
export function incidence<NP>(sub: Substrate<NP>): Incidence {
  const n = sub.ids.length;
  const { edgeA, edgeB } = sub;
  const m = edgeA.length;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    start[edgeA[e] + 1]++;
    start[edgeB[e] + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const edge = new Int32Array(2 * m);
  const other = new Int32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const a = edgeA[e];
    const b = edgeB[e];
    edge[fill[a]] = e;
    other[fill[a]++] = b;
    edge[fill[b]] = e;
    other[fill[b]++] = a;
  }
  return { start, edge, other };
}

/** 1 for each node whose dynamics reads its synapses' contributions, 0 for the others (held inputs). */
export function readsContributions<NP>(sub: Substrate<NP>): Uint8Array {
  return Uint8Array.from(sub.roles, (r) => (sub.dynamics[r].reads.includes('contributions') ? 1 : 0));
}
