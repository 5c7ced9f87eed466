import { Observable } from 'rxjs';
import { Rng } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';

/** Which part of the protocol a signal belongs to (diagnostics, and rules that declare it). */
export type PhaseLabel = 'free' | 'clamped' | 'rise' | 'fall' | 'constant' | 'oscillation';

/** One emission of the clamp clock: nudge strength beta from time t on (zero-order hold). */
export interface ClampSignal {
  /** Simulated time of the emission. */
  readonly t: number;
  /** Nudge strength from t on (0 = free). */
  readonly beta: number;
  /** Which part of the protocol this is. */
  readonly phase: PhaseLabel;
  /** 1 for a clamped (positive) phase, 0 for a free (negative) one; rise counts as 1. */
  readonly z: 0 | 1;
  /** Index of the phase (two-phase, stochastic) or of the cycle (periodic waveforms). */
  readonly index: number;
}

/** What a protocol is built with: the scheduler and the clock's own random substream. */
export interface ProtocolContext {
  scheduler: VirtualScheduler;
  /** The clock's own substream (stochastic protocols draw from it). */
  rng: Rng;
}

/** A clamping protocol: a recipe for the clock stream, plus what it is for reporting. */
export interface Protocol {
  /** The protocol's kind (its registry name for shipped protocols). */
  readonly kind: string;
  /** Its parameters, for results and logs. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Nominal period (one example per period), if the protocol is periodic. */
  readonly period?: number;
  /**
   * The clock as an Observable on the context's scheduler: one ClampSignal at each change of beta
   * (zero-order hold in between).
   */
  signal(ctx: ProtocolContext): Observable<ClampSignal>;
}
