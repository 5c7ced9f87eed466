import { finite, positive } from '../../validate';
import { MemoryKernel } from './memory-kernel';

/** Parameters of the chemotaxis kernel ([TCL] eq. for K; docs/science.md#the-memory-kernel). */
export interface ChemotaxisParams {
  /** Kernel rate B; tau_K = 1/B. [TCL] default 20. */
  B: number;
  /** Kernel area I (0 = perfect adaptation). */
  area: number;
}

/** The authors' kernel ([TCL]): B = 20 (tau_K = 0.05), area 0. */
export const defaultChemotaxis: ChemotaxisParams = { B: 20, area: 0 };

/** K(t) = A e^{-Bt} (t - C t^2) with area I and first moment -1 ([TCL]; docs/science.md#the-memory-kernel). */
export function chemotaxisCoefficients(p: ChemotaxisParams): { A: number; C: number } {
  const { B, area: I } = p;
  return { A: 3 * I * B * B + B * B * B, C: (B * B + 2 * B * I) / (6 * I + 2 * B) };
}

/**
 * The chemotaxis-like kernel as an exact cascade of three identical leaky integrators
 * x1' = B(s - x1), x2' = B(x1 - x2), x3' = B(x2 - x3): x2 and x3 have impulse responses
 * B^2 t e^{-Bt} and B^3 t^2/2 e^{-Bt}, so u = (A/B^2) x2 - (2AC/B^3) x3 is exactly K * s.
 * With s held over dt the cascade has a closed-form solution, so any dt is exact.
 */
export function chemotaxisKernel(params: Partial<ChemotaxisParams> = {}): MemoryKernel {
  const p = { ...defaultChemotaxis, ...params };
  const B = positive('kernel.B', p.B);
  finite('kernel.area', p.area);
  if (6 * p.area + 2 * B <= 0) throw new RangeError('kernel.area: expected > -B/3');
  const { A, C } = chemotaxisCoefficients(p);
  const c2 = A / (B * B);
  const c3 = (2 * A * C) / (B * B * B);
  // exp(-B dt) for the last dt: agents on a regular clock and lockstep sweeps reuse it.
  let lastDt = NaN;
  let lastE = NaN;
  return {
    name: 'chemotaxis',
    stateSize: 3,
    rest(x, o, s0) {
      x[o] = s0;
      x[o + 1] = s0;
      x[o + 2] = s0;
    },
    // With area 0, H(t) = c2 (Bt)^2/2 e^{-Bt} >= 0: largest at Bt = 2, decreasing after.
    stepResponse:
      p.area === 0
        ? {
            bound: (age) => {
              const a = Math.max(2, B * age);
              return c2 * 0.5 * a * a * Math.exp(-a);
            },
            nonNegative: true,
          }
        : undefined,
    step(x, o, s, dt) {
      // Deviations y_k = x_k - s obey y_k' = B (y_{k-1} - y_k), y_0 = 0:
      // y_k(dt) = e^{-B dt} sum_{j<=k} y_j(0) (B dt)^{k-j} / (k-j)!.
      const a = B * dt;
      if (dt !== lastDt) {
        lastDt = dt;
        lastE = Math.exp(-a);
      }
      const e = lastE;
      const y1 = x[o] - s;
      const y2 = x[o + 1] - s;
      const y3 = x[o + 2] - s;
      const x2 = s + e * (y2 + a * y1);
      const x3 = s + e * (y3 + a * y2 + 0.5 * a * a * y1);
      x[o] = s + e * y1;
      x[o + 1] = x2;
      x[o + 2] = x3;
      return c2 * x2 - c3 * x3;
    },
  };
}
