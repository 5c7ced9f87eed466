import { Observable } from '../rx';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { ClampSignal, PhaseLabel } from './clamp-signal';

/** One constant piece of a piecewise-constant protocol. */
export interface Segment {
  /** How long the segment holds (Infinity: forever). */
  duration: number;
  /** Nudge strength during the segment. */
  beta: number;
  /** Which part of the protocol the segment is. */
  phase: PhaseLabel;
  /** 1 for a clamped (positive) segment, 0 for a free one. */
  z: 0 | 1;
  /** Phase or cycle index reported with the signal. */
  index: number;
}

/** Emits each segment at its start time; next(k) gives segment k (it may draw randomness). */
export function fromSegments(scheduler: VirtualScheduler, next: (k: number) => Segment): Observable<ClampSignal> {
  return new Observable<ClampSignal>((subscriber) => {
    // The segment count travels as the action's state, not in a closure: a snapshot records it
    // with the pending emission, and restoring it resumes the protocol at the same segment.
    const action = scheduler.schedule<number>(
      function emit(k = 0) {
        const seg = next(k);
        subscriber.next({ t: scheduler.now(), beta: seg.beta, phase: seg.phase, z: seg.z, index: seg.index });
        if (seg.duration === Infinity) return;
        this.schedule(k + 1, seg.duration);
      },
      0,
      0,
    );
    scheduler.restorable(action);
    return action;
  });
}

/** Emits a continuous waveform sampled every dt (the k-th sample at exactly k * dt). */
export function sampled(
  scheduler: VirtualScheduler,
  dt: number,
  at: (t: number) => Omit<ClampSignal, 't'>,
): Observable<ClampSignal> {
  return new Observable<ClampSignal>((subscriber) => {
    const t0 = scheduler.now();
    // The sample count is the action's state (a snapshot records it; see fromSegments).
    const action = scheduler.scheduleAt<number>(
      function emit(k = 0) {
        // Local time from the sample count, not accumulated additions: no drift over long runs.
        const t = k * dt;
        subscriber.next({ t: t0 + t, ...at(t) });
        this.scheduleAt(k + 1, t0 + (k + 1) * dt);
      },
      t0,
      0,
    );
    scheduler.restorable(action);
    return action;
  });
}
