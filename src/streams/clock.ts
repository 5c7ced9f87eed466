import { NEVER, Observable, ReplaySubject, share, takeUntil } from '../rx';
import { ClampSignal, Protocol, ProtocolContext } from './clamp-signal';

/**
 * The clamp clock: one shared run of a protocol. Every subscriber sees the same sequence
 * (stochastic phases are drawn once), and a late subscriber first gets the current value.
 * It is the only source of phase information in a network. It runs until `until` emits (an
 * engine's stop), whoever still listens: a clock nobody stops keeps scheduling its edges.
 */
export function clampClock(protocol: Protocol, ctx: ProtocolContext, until: Observable<unknown> = NEVER): Observable<ClampSignal> {
  return protocol.signal(ctx).pipe(
    takeUntil(until),
    share({
      connector: () => new ReplaySubject<ClampSignal>(1),
      resetOnError: false,
      resetOnComplete: false,
      resetOnRefCountZero: false,
    }),
  );
}
