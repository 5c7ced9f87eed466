/** The checks Ticking.startTicks makes of an agent clock, made once for all agents of a kind. */
export function checkTicks(period: number, jitter: number, offset: number | undefined): void {
  if (!(period > 0) || !Number.isFinite(period)) throw new RangeError(`tick period must be > 0, got ${period}`);
  if (!(jitter >= 0 && jitter < 1)) throw new RangeError(`tick jitter must be in [0, 1), got ${jitter}`);
  if (offset !== undefined && !(offset >= 0 && Number.isFinite(offset))) throw new RangeError(`tick offset must be finite and >= 0, got ${offset}`);
}
