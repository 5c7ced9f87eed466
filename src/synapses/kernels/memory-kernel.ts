/**
 * A memory kernel realised as an ODE filter: u = K * s with O(1) state per synapse and no stored
 * history ([TCL]; docs/science.md#the-memory-kernel). Like a rule, it is a pure step on a slice of
 * a Float64Array, so both engines run it unchanged.
 */
export interface MemoryKernel {
  /** A name for errors and logs. */
  readonly name: string;
  /** Numbers of filter state per synapse. */
  readonly stateSize: number;
  /** The filter at rest under a constant signal s0 (no start-up transient). */
  rest(x: Float64Array, o: number, s0: number): void;
  /** Advances the filter over dt with s held (zero-order hold) and returns u at the end. */
  step(x: Float64Array, o: number, s: number, dt: number): number;
  /**
   * For kernels with bounded state per synapse (a finite window keeps its inputs): refuses,
   * before a run starts, ticks as short as dtMin that the state could not hold (a SpecError
   * naming the field under `field`).
   */
  checkTick?(dtMin: number, field: string): void;
  /**
   * For kernels on their own sample clock (a sampled kernel): refuses, before a run starts, a
   * periodic start over a cycle of this period whose sample times would not repeat with it (a
   * SpecError naming the field under `field`).
   */
  checkCycle?(period: number, field: string): void;
  /**
   * True if the state holds more than a linear filter of the signal (a ring buffer's head and
   * count): the quasi-static engine's periodic start, which composes the state linearly, cannot
   * take it.
   */
  readonly nonlinearState?: boolean;
  /**
   * What is known of H, the response of u to a unit step of s from rest, when it returns to 0
   * (a zero-area kernel): sup over t >= age of |H(t)|, and whether H >= 0 throughout. Rules use
   * it to show that a signal cannot reach their threshold.
   */
  readonly stepResponse?: { bound(age: number): number; nonNegative: boolean };
}
