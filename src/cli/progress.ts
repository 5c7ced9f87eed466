/** Progress on stderr: one line per report, with elapsed time and an ETA. */
export function progressLine(label: string, done: number, total: number, startedMs: number, extra: string): void {
  const elapsed = (Date.now() - startedMs) / 1000;
  const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
  const etaText = Number.isFinite(eta) ? `, ETA ${eta.toFixed(0)} s` : '';
  process.stderr.write(`${label} ${done}/${total} ${extra} (${elapsed.toFixed(1)} s${etaText})\n`);
}

/** Seconds as a person reads an estimate: seconds, minutes, or hours past 90 minutes. */
export function formatDuration(s: number): string {
  if (s >= 5400) return `${(s / 3600).toFixed(1)} h`;
  return s >= 90 ? `${(s / 60).toFixed(0)} min` : `${s.toFixed(0)} s`;
}
