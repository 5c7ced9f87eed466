/**
 * Relative tolerance for "a whole number of samples": a step that ends within SAMPLE_TOL samples
 * of a sample time (times the samples it spans, if more than one) ends on it. Ticks written as multiples of the
 * spacing (0.3 / 0.1 = 2.9999999999999996) then take exactly that many samples, with no
 * phase left over to carry into the next step.
 */
export const SAMPLE_TOL = 1e-9;

/** Whole samples in t (time), or undefined if t is not a whole number >= 1 of samples h (0 for t = 0). */
export function wholeSamples(t: number, h: number): number | undefined {
  if (t === 0) return 0;
  const q = nearWhole(t / h);
  return q !== undefined && q >= 1 ? q : undefined;
}

/** The whole number a (samples) is within SAMPLE_TOL of (relative, above one sample), or undefined. */
function nearWhole(a: number): number | undefined {
  const q = Math.round(a);
  return Math.abs(a - q) <= SAMPLE_TOL * Math.max(1, a) ? q : undefined;
}

/**
 * A sample clock of spacing h, kept as its phase: the fraction r in [0, 1) of a sample elapsed
 * since the last sample time. A step of dt moves it to r + dt / h; the whole part is the number
 * of sample times the step crossed (an integer counter, returned), the fraction is kept. Keeping
 * only the fraction, not the elapsed time, loses no precision however long a run lasts (an
 * elapsed time t would place samples to ulp(t) only), and a step that ends within SAMPLE_TOL of
 * a sample time ends on it, so rounding does not drift the clock off a grid the ticks keep. The
 * total count of samples is not kept: nothing the kernel returns depends on it.
 *
 * Writes the new phase to x[i] and returns the samples crossed in (t, t + dt], a sample at the
 * step's end included (it takes the signal held over the step).
 */
export function advanceClock(x: Float64Array, i: number, dt: number, h: number): number {
  const at = x[i] + dt / h;
  const q = nearWhole(at);
  if (q !== undefined) {
    x[i] = 0;
    return q;
  }
  const whole = Math.floor(at);
  x[i] = at - whole;
  return whole;
}
