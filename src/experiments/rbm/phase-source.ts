import { SpecError } from '../../errors';
import { Rng } from '../../scheduler/random';
import { ClampSignal, Protocol } from '../../streams/clamp-signal';
import { ClockReader } from '../../streams/clock-reader';

/** One phase of the clock, with its length in Gibbs steps. */
export interface Phase {
  readonly signal: ClampSignal;
  readonly steps: number;
}

/**
 * The clamp clock phase by phase for the RBM chain (through the clock adapter, so the chain
 * sees exactly the phase types and lengths the engines' clock emits). Phase lengths must be
 * whole numbers of Gibbs steps.
 */
export class PhaseSource {
  private readonly reader: ClockReader;

  constructor(protocol: Protocol, rng: Rng) {
    this.reader = new ClockReader(protocol, rng);
  }

  /**
   * The next phase: its clamp signal and its length in Gibbs steps (a SpecError if not a whole
   * number).
   */
  next(): Phase {
    const { signal, duration: steps } = this.reader.next();
    if (!Number.isInteger(steps) || steps < 1) {
      throw new SpecError('protocol.length', 'phase lengths that are whole numbers of Gibbs steps', steps);
    }
    return { signal, steps };
  }

  /** Stops the underlying clock. */
  stop(): void {
    this.reader.stop();
  }
}
