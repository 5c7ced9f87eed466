import { Observable, ReplaySubject, share } from 'rxjs';
import { ClampSignal, Protocol, ProtocolContext } from './clamp-signal';

/**
 * The clamp clock: one shared run of a protocol. Every subscriber sees the same sequence
 * (stochastic phases are drawn once), and a late subscriber first gets the current value.
 * It is the only source of phase information in a network.
 */
export function clampClock(protocol: Protocol, ctx: ProtocolContext): Observable<ClampSignal> {
  return protocol.signal(ctx).pipe(
    share({
      connector: () => new ReplaySubject<ClampSignal>(1),
      resetOnError: false,
      resetOnComplete: false,
      resetOnRefCountZero: false,
    }),
  );
}
