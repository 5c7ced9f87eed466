/**
 * Independent references for the memory-kernel tests: closed forms of the kernels of
 * docs/science.md#the-memory-kernel, written out here from the formulas (not imported from src),
 * plus plain numerical quadrature and an RK4 integrator.
 */

/** Chemotaxis kernel coefficients, straight from [TCL] (docs/science.md#the-memory-kernel). */
export function chemoAC(B: number, I: number): { A: number; C: number } {
  return { A: 3 * I * B ** 2 + B ** 3, C: (B ** 2 + 2 * B * I) / (6 * I + 2 * B) };
}

/** K(t) = A e^{-Bt} (t - C t^2) for t >= 0, 0 before. */
export function chemoK(B: number, I: number, t: number): number {
  if (t < 0) return 0;
  const { A, C } = chemoAC(B, I);
  return A * Math.exp(-B * t) * (t - C * t * t);
}

/**
 * F(t) = integral_0^t K, by the antiderivatives
 *   int t e^{-Bt}   = -e^{-Bt} (t/B + 1/B^2)
 *   int t^2 e^{-Bt} = -e^{-Bt} (t^2/B + 2t/B^2 + 2/B^3).
 */
export function chemoF(B: number, I: number, t: number): number {
  if (t <= 0) return 0;
  const { A, C } = chemoAC(B, I);
  const e = Math.exp(-B * t);
  const m1 = 1 / B ** 2 - e * (t / B + 1 / B ** 2);
  const m2 = 2 / B ** 3 - e * ((t * t) / B + (2 * t) / B ** 2 + 2 / B ** 3);
  return A * (m1 - C * m2);
}

/**
 * Integral-feedback kernel, from the transfer function (B^2/4) p / (p + B/2)^2 of the ODE
 * q' = B(s - m - q), m' = (B/4) q, u = (B/4) q: K(t) = (B^2/4)(1 - Bt/2) e^{-Bt/2}, and its
 * step response G(t) = integral_0^t K = (B^2/4) t e^{-Bt/2}.
 */
export function feedbackK(B: number, t: number): number {
  return t < 0 ? 0 : ((B * B) / 4) * (1 - (B * t) / 2) * Math.exp((-B * t) / 2);
}
export function feedbackF(B: number, t: number): number {
  return t <= 0 ? 0 : ((B * B) / 4) * t * Math.exp((-B * t) / 2);
}

/**
 * u at time t_N = N dt of a linear filter with step response F (F(0) = 0, F(inf) = area),
 * driven by a staircase s_n held over [n dt, (n+1) dt) and by s0 for all t < 0:
 *   u = sum_n s_n [F(t_N - n dt) - F(t_N - (n+1) dt)] + s0 (area - F(t_N)).
 */
export function staircaseConvolution(F: (t: number) => number, area: number, s0: number, s: number[], dt: number): number {
  const N = s.length;
  let u = s0 * (area - F(N * dt));
  for (let n = 0; n < N; n++) u += s[n] * (F((N - n) * dt) - F((N - n - 1) * dt));
  return u;
}

/** Composite Simpson rule on uniform samples y_0..y_M (M even) with spacing d. */
export function simpson(y: number[], d: number): number {
  const M = y.length - 1;
  if (M % 2 !== 0) throw new Error('simpson: need an even number of intervals');
  let acc = y[0] + y[M];
  for (let i = 1; i < M; i++) acc += (i % 2 === 1 ? 4 : 2) * y[i];
  return (acc * d) / 3;
}

/** Classic RK4 for y' = f(y) over [0, T] with n sub-steps. */
export function rk4(f: (y: number[]) => number[], y0: number[], T: number, n: number): number[] {
  let y = y0.slice();
  const h = T / n;
  const add = (a: number[], b: number[], c: number) => a.map((v, i) => v + c * b[i]);
  for (let k = 0; k < n; k++) {
    const k1 = f(y);
    const k2 = f(add(y, k1, h / 2));
    const k3 = f(add(y, k2, h / 2));
    const k4 = f(add(y, k3, h));
    y = y.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  }
  return y;
}
