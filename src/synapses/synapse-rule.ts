import { SpecError } from '../errors';
import { Contribution } from '../nodes/node-dynamics';

/**
 * An input a rule declares it reads: its endpoints' states, or the clamp clock's modulator (phase-
 * aware rules only).
 */
export type SynapseRead = 'endpoints' | 'modulator';

/** Total jumps of a synapse's held signal over a replay (see SynapseRule.quiet). */
export interface SignalJumps {
  up: number;
  down: number;
  olderUp: number;
  olderDown: number;
}

/**
 * A learning rule as a pure step function on numbers (design rule 3). Its state is a short
 * vector x[o .. o + stateSize) whose first entry is the weight; `step` reads only its arguments
 * and writes the new state back in place, so the lockstep engine can keep all synapses in one
 * typed array with no per-synapse objects.
 */
export interface SynapseRule<P> {
  /** A name for errors and logs. */
  readonly name: string;
  /** Streams the rule reads. Only rules that declare 'modulator' get phase information. */
  readonly reads: readonly SynapseRead[];
  /** Numbers of state per synapse, the weight first. */
  readonly stateSize: number;
  /**
   * Optional: the parameters `step` reads and their types. The engines check them before a run,
   * so a forgotten one is an error naming it rather than a NaN weight (or, for a threshold, a
   * comparison with undefined that silently never learns).
   */
  readonly paramTypes?: Readonly<Record<string, 'number' | 'boolean'>>;
  /** Writes the initial state at x[o ..], weight w0 first. */
  init(x: Float64Array, o: number, w0: number, params: P): void;
  /** Advances by dt given the local signal s and (if declared) the modulator m. */
  step(x: Float64Array, o: number, s: number, m: number, dt: number, params: P): void;
  /**
   * Optional, for engines that replay a rule over a whole cycle from its initial state
   * (src/engines/quasi-static): true if, with these parameters, the weight change over such a
   * replay is linear in the signals and does not depend on the weight. The engine then moves
   * each weight by its responses to unit signals instead of stepping it.
   */
  linear?(params: P): boolean;
  /**
   * Optional, same engines: true only if a replay cannot change weight w, given the jumps of
   * its held signal (`jumps`, totals up and down): the recent ones each at most once within the
   * last `period`; the older ones, if any, those of every earlier cycle (the same jumps again,
   * at least 1, 2, 3, ... periods ago: a cycle repeated). Must be exact: a quiet synapse is
   * skipped.
   */
  quiet?(params: P, w: number, jumps: SignalJumps, period: number): boolean;
  /**
   * Optional, same engines: true if the state besides the weight (the rule's memory) evolves
   * linearly in the signal, whatever the weight and parameters (a kernel filter does). A replay
   * that starts in a cycle's steady state needs it: the steady state is then the fixed point of
   * a linear map, composed from unit responses.
   */
  readonly linearMemory?: boolean;
  /**
   * Optional: true if a step with signal 0 leaves the state unchanged (for a weight within its
   * bounds). An engine may then skip the synapses whose signal is 0, as the RBM's sparse
   * binary units make most of them.
   */
  readonly stillAtZero?: boolean;
}

/**
 * How a synapse couples its two endpoints in a substrate: its local signal s = dE/dw and what
 * it delivers to an endpoint, a conductance-like g and a current-like i, as pure functions of
 * (w, state of that endpoint, state of the other). The same functions serve both ends (every
 * substrate's energy is symmetric in the two ends), and being scalar they cost no allocation
 * in the array engine's sweeps.
 */
export interface Coupling {
  /** A name for errors and logs. */
  readonly name: string;
  /** The local signal s = dE/dw of a synapse of weight w between endpoint states va and vb. */
  signal(w: number, va: number, vb: number): number;
  /** The conductance-like part g of what the synapse delivers to an endpoint. */
  g(w: number, vSelf: number, vOther: number): number;
  /**
   * The current-like part i of what the synapse delivers to an endpoint (the endpoint feels i - g
   * v).
   */
  i(w: number, vSelf: number, vOther: number): number;
  /**
   * Declared by a product coupling, E = -w phi(x_a) phi(x_b) (Hopfield, RBM): then
   * i(w, self, other) = w * phi(other), g = 0 and s = -phi(x_a) phi(x_b), which lets the array
   * engine run dense blocks of synapses as matrix products (dense-sweep.ts). phi(0) must be 0 or
   * the zero state must be rare: the products skip other ends at phi = 0, which adds nothing.
   */
  readonly product?: (v: number) => number;
}

/** What a synapse of weight w delivers to an endpoint in state vSelf (the agents' message). */
export function contribution(c: Coupling, w: number, vSelf: number, vOther: number): Contribution {
  return { g: c.g(w, vSelf, vOther), i: c.i(w, vSelf, vOther) };
}

/**
 * Checks parameters against the rule's paramTypes: a SpecError names the first missing or
 * mistyped one (`field.name`). A NaN computed upstream (a threshold calibrated on infinite
 * inputs) passes: it is a divergence, which the run reports as one, not a forgotten parameter.
 */
export function checkRuleParams<P>(rule: SynapseRule<P>, params: P, field: string): void {
  for (const [name, type] of Object.entries(rule.paramTypes ?? {})) {
    const v = (params as Record<string, unknown> | undefined)?.[name];
    if (typeof v !== type) throw new SpecError(`${field}.${name}`, `${type === 'number' ? 'a number' : 'true or false'} (rule ${rule.name} reads it)`, v);
  }
}

/** No learning: the weight stays where it started (relaxation studies, frozen layers). */
export const fixedWeight: SynapseRule<Record<string, never>> = {
  name: 'fixed',
  reads: ['endpoints'],
  stateSize: 1,
  init(x, o, w0) {
    x[o] = w0;
  },
  step() {
    /* the weight is fixed */
  },
};
