/** Progress on stderr: one line per report, with elapsed time and an ETA. */
export function progressLine(label: string, done: number, total: number, startedMs: number, extra: string): void {
  const elapsed = (Date.now() - startedMs) / 1000;
  const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
  const etaText = Number.isFinite(eta) ? `, ETA ${eta.toFixed(0)} s` : '';
  process.stderr.write(`${label} ${done}/${total} ${extra} (${elapsed.toFixed(1)} s${etaText})\n`);
}
