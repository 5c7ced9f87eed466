import { MemoryKernel } from '../kernels/memory-kernel';
import { SynapseRule } from '../synapse-rule';
import { LearningParams, clampWeight, learningParamTypes } from './weight-bounds';

/** Parameters of the TCL rule: learning rate, weight bounds, threshold and the linear control. */
export interface TclParams extends LearningParams {
  /** Threshold theta of g(u) = u if |u| >= theta else 0. */
  theta: number;
  /** Linear g(u) = u (the no-threshold control). */
  linear: boolean;
  /**
   * The operating point r the signal is measured against: the kernel filters s - r, so
   * u = K * (s - r) = K * s - I r for a kernel of area I (default 0: u = K * s). A kernel with
   * area I != 0 then integrates I (s - r) instead of I s: with r the synapse's free-state signal
   * (rule spec `reference: 'free'`) only the contrast and what the free state has moved since.
   * With area 0 it changes nothing.
   */
  reference?: number;
}

/** The threshold nonlinearity g of [TCL] (docs/science.md#temporal-contrastive-learning). */
export const thresholdG = (u: number, p: TclParams): number => (p.linear || Math.abs(u) >= p.theta ? u : 0);

/** Where the rule keeps u in its state vector (probes read it there). */
export const TCL_U = 1;
const U = TCL_U;
const KERNEL = 2;

/**
 * Temporal contrastive learning ([TCL]; docs/science.md#temporal-contrastive-learning): u = K * s
 * through the kernel's ODE filter, dw/dt = -lr g(u). It reads its endpoints only: no phase
 * information reaches it. State: [w, u, kernel...]; u is NaN until the first step, which starts the
 * filter at rest on the first signal it sees (a synapse switched on in a steady state has no memory
 * of a jump).
 */
export function temporalContrastive(kernel: MemoryKernel): SynapseRule<TclParams> {
  // sup|H| now and a period back, for the last period `quiet` was asked about.
  let boundPeriod = NaN;
  let h0 = NaN;
  let hT = NaN;
  return {
    name: `tcl-${kernel.name}`,
    reads: ['endpoints'],
    stateSize: KERNEL + kernel.stateSize,
    paramTypes: { ...learningParamTypes, theta: 'number', linear: 'boolean' },
    init(x, o, w0) {
      x[o] = w0;
      x[o + U] = NaN;
      for (let k = 0; k < kernel.stateSize; k++) x[o + KERNEL + k] = 0;
    },
    step(x, o, signal, _m, dt, p) {
      const s = signal - (p.reference ?? 0);
      if (Number.isNaN(x[o + U])) kernel.rest(x, o + KERNEL, s);
      const u = kernel.step(x, o + KERNEL, s, dt);
      x[o + U] = u;
      x[o] = clampWeight(x[o] - p.lr * thresholdG(u, p) * dt, p);
    },
    // u and the kernel's state: a linear filter of s (rest on the first signal is linear too),
    // unless the kernel's state keeps bookkeeping (a windowed Markov kernel's ring).
    // With a reference r != 0 they are a linear filter of s - r, affine in s: the quasi-static
    // engine's periodic start (EP, which builds its TCL params without a reference) must not get one.
    linearMemory: !kernel.nonlinearState,
    // g linear, no bounds and no reference: dw = -lr (K * s) dt, linear in s (a reference makes it affine).
    linear: (p) => p.linear && p.wMin === -Infinity && p.wMax === Infinity && !p.reference,
    // A kernel with a known step response H (area 0, so a reference, a constant, adds nothing to u): u = sum over jumps of jump H(age), so
    // |u| <= sum |jump| sup|H(age)|, or with H >= 0 the larger of the up and down sums; below
    // theta, g(u) = 0 throughout.
    quiet(p, w, j, period) {
      const H = kernel.stepResponse;
      if (H === undefined || w < p.wMin || w > p.wMax) return false;
      if (j.up === 0 && j.down === 0 && j.olderUp === 0 && j.olderDown === 0) return true;
      if (p.linear) return false;
      if (period !== boundPeriod) {
        boundPeriod = period;
        h0 = H.bound(0);
        // Every earlier cycle: sum over m >= 1 of sup |H| at ages >= m period (until negligible).
        hT = 0;
        for (let m = 1, term = Infinity; term > 1e-18 * h0 && m <= 1e7; m++) hT += term = H.bound(m * period);
      }
      const up = h0 * j.up + hT * j.olderUp;
      const down = h0 * j.down + hT * j.olderDown;
      return (H.nonNegative ? Math.max(up, down) : up + down) * (1 + 1e-9) < p.theta;
    },
  };
}
