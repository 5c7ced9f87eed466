/**
 * A linear state filter y' = A y + q s(t), u = c.y, cut to a finite window: the impulse response
 * K(tau) = c e^{A tau} q for tau < W and 0 after, as the authors' kernels are (support [0, W),
 * docs/science.md#the-authors-conventions). Cutting needs the past: u(t) = c.(y(t) - e^{A W} y(t -
 * W)), so the state also holds y(t - W) and the inputs (s, dt) still inside the window, in a ring
 * buffer of fixed capacity that lives in the synapse's own state slice (snapshots copy it; no
 * closure state, so one kernel serves any number of synapses). The old state is advanced by the
 * inputs that leave the window; a step that straddles its edge is split, so the cut is exact for
 * any clock (a regular clock whose dt divides W never splits).
 */
export interface WindowedFilterParts {
  n: number;
  c: Float64Array;
  /** e^{A W}. */
  EW: Float64Array;
  window: number;
  /** Most inputs the window can hold. */
  capacity: number;
  /** y <- e^{A dt} y + f s over dt, written into out. */
  advance(y: Float64Array, yo: number, s: number, dt: number, out: Float64Array): void;
}

/** Offsets in the state slice: y, y(t - W), time queued, ring head, ring count, then (s, dt) pairs. */
export const windowedStateSize = (n: number, capacity: number): number => 2 * n + 3 + 2 * capacity;

export function windowedFilter(k: WindowedFilterParts, rest: (x: Float64Array, o: number, s0: number) => void) {
  const { n, c, EW, window: W, capacity } = k;
  const OLD = n;
  const QUEUED = 2 * n;
  const HEAD = QUEUED + 1;
  const COUNT = QUEUED + 2;
  const RING = QUEUED + 3;
  // Below this a leftover of a split step is rounding, not time.
  const eps = 1e-9 * W;
  const tmp = new Float64Array(n);
  const step = (x: Float64Array, o: number, s: number, dt: number): number => {
    let count = x[o + COUNT];
    if (count >= capacity) {
      throw new RangeError(`markov kernel window: more than ${capacity} steps inside the window of ${W} (dt ${dt}); raise windowSteps`);
    }
    let head = x[o + HEAD];
    const slot = (head + count) % capacity;
    x[o + RING + 2 * slot] = s;
    x[o + RING + 2 * slot + 1] = dt;
    count++;
    let queued = x[o + QUEUED] + dt;
    k.advance(x, o, s, dt, tmp);
    x.set(tmp, o);
    // Move the old state up to t - W.
    while (queued - W > eps && count > 0) {
      const at = o + RING + 2 * head;
      const excess = queued - W;
      const h = x[at + 1];
      const take = h - excess > eps ? excess : h;
      k.advance(x, o + OLD, x[at], take, tmp);
      x.set(tmp, o + OLD);
      queued -= take;
      if (take === h) {
        head = (head + 1) % capacity;
        count--;
      } else x[at + 1] = h - take;
    }
    x[o + QUEUED] = queued;
    x[o + HEAD] = head;
    x[o + COUNT] = count;
    let u = 0;
    for (let i = 0; i < n; i++) {
      let old = 0;
      for (let j = 0; j < n; j++) old += EW[i * n + j] * x[o + OLD + j];
      u += c[i] * (x[o + i] - old);
    }
    return u;
  };
  return {
    rest(x: Float64Array, o: number, s0: number) {
      // At rest under s0 the state and the state W ago are the same steady state.
      rest(x, o, s0);
      for (let i = 0; i < n; i++) x[o + OLD + i] = x[o + i];
      x[o + QUEUED] = 0;
      x[o + HEAD] = 0;
      x[o + COUNT] = 0;
    },
    step,
  };
}
