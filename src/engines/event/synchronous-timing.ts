/** The fields that decide whether an event-engine run has synchronous timing (engine options and the EP and RBM specs have them). */
export interface TimingFields {
  timing?: { rateSpread?: number; jitter?: number };
  endpointView?: unknown;
  clockView?: unknown;
  faults?: { drop?: number };
}

/**
 * True when every agent ticks on one grid (equal rates, no jitter) and sees its endpoints and
 * the clock at once (no views, no dropped messages): the event engine then runs the array
 * engine's sweeps, and the time estimates count sweeps, not events.
 */
export function isSynchronousTiming<O extends TimingFields>(o: O): boolean {
  const t = o.timing;
  return (t?.rateSpread ?? 1) === 1 && (t?.jitter ?? 0) === 0 && o.endpointView === undefined && o.clockView === undefined && !((o.faults?.drop ?? 0) > 0);
}
