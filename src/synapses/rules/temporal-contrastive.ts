import { MemoryKernel } from '../kernels/memory-kernel';
import { SynapseRule } from '../synapse-rule';
import { LearningParams, clampWeight } from './weight-bounds';

/** Parameters of the TCL rule: learning rate, weight bounds, threshold and the linear control. */
export interface TclParams extends LearningParams {
  /** Threshold theta of g(u) = u if |u| >= theta else 0. */
  theta: number;
  /** Linear g(u) = u (the no-threshold control). */
  linear: boolean;
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
  return {
    name: `tcl-${kernel.name}`,
    reads: ['endpoints'],
    stateSize: KERNEL + kernel.stateSize,
    init(x, o, w0) {
      x[o] = w0;
      x[o + U] = NaN;
      for (let k = 0; k < kernel.stateSize; k++) x[o + KERNEL + k] = 0;
    },
    step(x, o, s, _m, dt, p) {
      if (Number.isNaN(x[o + U])) kernel.rest(x, o + KERNEL, s);
      const u = kernel.step(x, o + KERNEL, s, dt);
      x[o + U] = u;
      x[o] = clampWeight(x[o] - p.lr * thresholdG(u, p) * dt, p);
    },
  };
}
