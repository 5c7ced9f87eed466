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

/**
 * Wall and CPU seconds (this process's user + system time) of f. On a shared machine the wall
 * figure counts the time other jobs held the core; the CPU figure does not (it does count this
 * process's garbage-collector threads, so it reads high where f allocates).
 */
export function wallAndCpuSeconds(f: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const wall = seconds(f);
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

/** Heap bytes retained by what `build` returns (needs node --expose-gc for a clean figure). */
export function retainedBytes<T>(build: () => T): { bytes: number; value: T } {
  const before = settledHeap();
  const value = build();
  const after = settledHeap();
  return { bytes: after - before, value };
}

/**
 * Used heap after collecting until it stops shrinking: right after a run, one or two full
 * collections can leave tens of megabytes that the next one frees.
 */
function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  gc?.();
  let last = used();
  for (let k = 0; gc && k < 8; k++) {
    gc();
    const now = used();
    if (now >= last) return now;
    last = now;
  }
  return last;
}

export const hasGc = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';
