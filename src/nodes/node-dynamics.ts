/** What a synapse delivers to one endpoint: a conductance-like term and an input current. */
export interface Contribution {
  /** Conductance-like term: the endpoint feels i - g v. */
  readonly g: number;
  /** Input current. */
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

/**
 * An input a node dynamics declares it reads: its synapses' contributions, the clamp clock, or an
 * external drive.
 */
export type NodeRead = 'contributions' | 'clamp' | 'drive';

/** The node's own random draws (stochastic dynamics): uniform in [0, 1). */
export interface Draws {
  /** A uniform draw in [0, 1) from the node's own substream. */
  uniform(): number;
}

/**
 * Node dynamics as a pure step function (design rule 3): the same function runs per event in
 * the reactive engine and over arrays in a lockstep engine.
 */
export interface NodeDynamics<P> {
  /** A name for errors and logs. */
  readonly name: string;
  /** The inputs the node reads; the engines wire nothing else to it. */
  readonly reads: readonly NodeRead[];
  /**
   * Stochastic dynamics: `step` draws from the node's own substream (`draws`), and only when it
   * needs to, so a node's draws never depend on anything but its own history.
   */
  readonly draws?: boolean;
  /**
   * The node's next state after dt, from its state v, its summed inputs and its parameters (pure;
   * stochastic dynamics draw from draws).
   */
  step(v: number, input: NodeInput, dt: number, params: P, draws?: Draws): number;
  /**
   * True if step returns input.drive whatever else it is given (a held input, a bias unit):
   * an engine may then set the state to the drive without calling step.
   */
  readonly takesDrive?: boolean;
  /**
   * True if, while the clamp clock's beta > 0, step returns v unchanged and reads nothing (a
   * visible unit holding its datum): an engine may then skip summing the node's inputs.
   */
  readonly holdsWhileClamped?: boolean;
  /**
   * Dynamics that react at once to a change of the clamp or the drive (a visible unit takes its
   * datum the moment it is clamped), not only on their ticks: the new state, without draws.
   */
  onInput?(v: number, input: NodeInput, params: P): number;
}
