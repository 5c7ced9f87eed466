import { Subscription } from 'rxjs';
import { SpecError } from '../errors';
import { Rng } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { ClampSignal, Protocol } from '../streams/clamp-signal';
import { clampClock } from '../streams/clock';

/** One phase of the clock, with its length in Gibbs steps. */
export interface Phase {
  readonly signal: ClampSignal;
  readonly steps: number;
}

/**
 * Reads the observable clamp clock phase by phase for the array engine: the clock runs on its
 * own virtual scheduler with its own substream, so the array engine sees exactly the phase
 * types and lengths that the agents see. Phase lengths must be whole numbers of Gibbs steps.
 */
export class PhaseSource {
  private readonly scheduler = new VirtualScheduler();
  private readonly queue: ClampSignal[] = [];
  private readonly sub: Subscription;

  constructor(protocol: Protocol, rng: Rng) {
    this.sub = clampClock(protocol, { scheduler: this.scheduler, rng }).subscribe((s) => this.queue.push(s));
  }

  next(): Phase {
    while (this.queue.length < 2) {
      if (!this.scheduler.step()) throw new SpecError('protocol', 'a clock that keeps emitting phases');
    }
    const signal = this.queue.shift()!;
    const steps = this.queue[0].t - signal.t;
    if (!Number.isInteger(steps) || steps < 1) {
      throw new SpecError('protocol.length', 'phase lengths that are whole numbers of Gibbs steps', steps);
    }
    return { signal, steps };
  }

  stop(): void {
    this.sub.unsubscribe();
  }
}
