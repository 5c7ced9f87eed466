import { Subscription } from 'rxjs';
import { SpecError } from '../errors';
import { Rng } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { ClampSignal, Protocol } from './clamp-signal';
import { clampClock } from './clock';

/** One emission of the clock and how long it holds (until the next emission). */
export interface ClockSegment {
  readonly signal: ClampSignal;
  readonly duration: number;
}

/**
 * The clock adapter: reads any protocol segment by segment, for code that steps on its own
 * (the RBM chain's training loops, the batched EP cycle) rather than on the engine's scheduler.
 * The protocol runs on a private virtual scheduler with the substream it is given, so a reader
 * sees exactly the signals, times and random phase draws that the engines' clock emits from the
 * same substream: no protocol is re-derived from a closed form here.
 */
export class ClockReader {
  private readonly scheduler = new VirtualScheduler();
  private readonly queue: ClampSignal[] = [];
  private readonly sub: Subscription;

  constructor(protocol: Protocol, rng: Rng) {
    this.sub = clampClock(protocol, { scheduler: this.scheduler, rng }).subscribe((s) => this.queue.push(s));
  }

  /** The next segment. A constant protocol's only segment lasts forever (duration Infinity). */
  next(): ClockSegment {
    while (this.queue.length < 2) {
      if (!this.scheduler.step()) {
        if (this.queue.length === 1) return { signal: this.queue.shift()!, duration: Infinity };
        throw new SpecError('protocol', 'a clock that emits');
      }
    }
    const signal = this.queue.shift()!;
    return { signal, duration: this.queue[0].t - signal.t };
  }

  /** The segments of the protocol's first cycle or phase (clock index 0). */
  firstCycle(): ClockSegment[] {
    const out: ClockSegment[] = [];
    for (let s = this.next(); s.signal.index === 0; s = this.next()) {
      out.push(s);
      if (s.duration === Infinity) break;
    }
    return out;
  }

  /** Unsubscribes from the clock. */
  stop(): void {
    this.sub.unsubscribe();
  }
}
