/** Median of `runs` measurements of f (each returns a figure). */
export function median(runs: number, f: () => number): number {
  const xs = Array.from({ length: runs }, f).sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)];
}

/** Wall seconds of f, by the monotonic clock (benchmarks only: never inside a simulation). */
export function seconds(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Heap bytes retained by what `build` returns (needs node --expose-gc for a clean figure). */
export function retainedBytes<T>(build: () => T): { bytes: number; value: T } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const value = build();
  gc?.();
  gc?.();
  const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  return { bytes: after - before, value };
}

export const hasGc = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';
