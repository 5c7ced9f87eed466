/** What a synapse delivers to one endpoint: a conductance-like term and an input current. */
export interface Contribution {
  readonly g: number;
  readonly i: number;
}

/** The local inputs of a node at one step, each present only if the dynamics declares it. */
export interface NodeInput {
  /** Sum of the incident synapses' g. */
  g: number;
  /** Sum of the incident synapses' i. */
  i: number;
  /** Latest nudge strength from the clamp clock (0 if not declared). */
  beta: number;
  /** Latest externally imposed value: a source's voltage or an output's target. */
  drive: number;
}

export type NodeRead = 'contributions' | 'clamp' | 'drive';

/**
 * Node dynamics as a pure step function (design rule 3): the same function runs per event in
 * the reactive engine and over arrays in a lockstep engine.
 */
export interface NodeDynamics<P> {
  readonly name: string;
  readonly reads: readonly NodeRead[];
  step(v: number, input: NodeInput, dt: number, params: P): number;
}
