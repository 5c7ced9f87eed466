import { positive } from '../../validate';
import { MemoryKernel } from './memory-kernel';

/** Parameters of the integral-feedback kernel. */
export interface IntegralFeedbackParams {
  /** Rate B of the fast variable; tau_K = 1/B (default 20, as the chemotaxis kernel). */
  B: number;
}

/**
 * Integral feedback ([TCL]; docs/science.md#the-memory-kernel), our choice of ODE:
 *
 *     q' = B (s - m - q)      a fast variable driven by s, minus the feedback m
 *     m' = (B/4) q            the deviation of q from its set point 0, integrated
 *     u  = (B/4) q            the read-out
 *
 * Transfer function U/S = (B^2/4) p / (p^2 + B p + B^2/4): zero DC gain (after any step in s,
 * q returns to its set point: perfect adaptation, kernel area 0), first moment -1 (for a
 * ramp of slope r, u -> r), and a critically damped double pole at -B/2, so no ringing.
 * With s held over dt the linear system is integrated exactly.
 */
export function integralFeedbackKernel(params: Partial<IntegralFeedbackParams> = {}): MemoryKernel {
  const B = positive('kernel.B', params.B ?? 20);
  const k = B / 4;
  const lam = B / 2;
  let lastDt = NaN;
  let lastE = NaN;
  return {
    name: 'integral-feedback',
    stateSize: 2,
    rest(x, o, s0) {
      x[o] = 0; // q at its set point
      x[o + 1] = s0; // m has absorbed the constant signal
    },
    step(x, o, s, dt) {
      // With d = m - s (s constant): q' = -B q - B d, d' = k q; matrix [[-B, -B], [k, 0]] has
      // the double eigenvalue -lam, so exp(M dt) = e^{-lam dt} (I + (M + lam I) dt).
      const q = x[o];
      const d = x[o + 1] - s;
      if (dt !== lastDt) {
        lastDt = dt;
        lastE = Math.exp(-lam * dt);
      }
      const e = lastE;
      const qn = e * (q + dt * (-lam * q - B * d));
      const dn = e * (d + dt * (k * q + lam * d));
      x[o] = qn;
      x[o + 1] = dn + s;
      return k * qn;
    },
  };
}
