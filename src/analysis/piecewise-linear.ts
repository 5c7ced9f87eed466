import { solve } from './dense-matrix';

/** A continuous piecewise-linear least-squares fit with three segments. */
export interface ThreeSegmentFit {
  /** The breakpoints x0, b1, b2, xN: the two ends and the two inner breaks. */
  breaks: [number, number, number, number];
  slopes: [number, number, number];
  /** Where each segment's line crosses x = 0. */
  intercepts: [number, number, number];
  sse: number;
}

/**
 * Least squares for fixed breakpoints: y ~ c0 + c1 x + c2 (x - b1)+ + c3 (x - b2)+, by the
 * 4 x 4 normal equations (a tiny ridge keeps an empty segment solvable).
 */
function fitFixed(x: ArrayLike<number>, y: ArrayLike<number>, b1: number, b2: number): { c: Float64Array; sse: number } {
  const ata = new Float64Array(16);
  const aty = new Float64Array(4);
  const row = new Float64Array(4);
  for (let i = 0; i < x.length; i++) {
    row[0] = 1;
    row[1] = x[i];
    row[2] = Math.max(0, x[i] - b1);
    row[3] = Math.max(0, x[i] - b2);
    for (let r = 0; r < 4; r++) {
      aty[r] += row[r] * y[i];
      for (let c = 0; c < 4; c++) ata[r * 4 + c] += row[r] * row[c];
    }
  }
  let trace = 0;
  for (let r = 0; r < 4; r++) trace += ata[r * 5];
  for (let r = 0; r < 4; r++) ata[r * 5] += 1e-12 * trace;
  const c = solve({ n: 4, a: ata }, aty);
  let sse = 0;
  for (let i = 0; i < x.length; i++) {
    const f = c[0] + c[1] * x[i] + c[2] * Math.max(0, x[i] - b1) + c[3] * Math.max(0, x[i] - b2);
    sse += (y[i] - f) ** 2;
  }
  return { c, sse };
}

/**
 * Suffix sums over the points i >= k (x ascending): count, sum x, sum x^2, sum y, sum x y. With
 * them, the normal equations of the hinge basis for breakpoints at data points cost O(1), since
 * (x - b)+ is x - b on a suffix and 0 before it.
 */
function suffixSums(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array[] {
  const n = x.length;
  const s = Array.from({ length: 5 }, () => new Float64Array(n + 1));
  for (let i = n - 1; i >= 0; i--) {
    s[0][i] = s[0][i + 1] + 1;
    s[1][i] = s[1][i + 1] + x[i];
    s[2][i] = s[2][i + 1] + x[i] * x[i];
    s[3][i] = s[3][i + 1] + y[i];
    s[4][i] = s[4][i + 1] + x[i] * y[i];
  }
  return s;
}

/** SSE of the fit with breakpoints x[k1] < x[k2] (the hinges are active on i > k1, i > k2). */
function sseAtDataPoints(s: Float64Array[], syy: number, b1: number, k1: number, b2: number, k2: number): number {
  const [c, sx, sxx, sy, sxy] = s;
  // Sums over a suffix j of the products of the basis [1, x, (x-b1)+, (x-b2)+].
  const lin = (j: number, b: number) => sx[j] - b * c[j];
  const quad = (j: number, a: number, b: number) => sxx[j] - (a + b) * sx[j] + a * b * c[j];
  const xlin = (j: number, b: number) => sxx[j] - b * sx[j];
  const j1 = k1 + 1;
  const j2 = k2 + 1;
  const ata = new Float64Array([
    c[0], sx[0], lin(j1, b1), lin(j2, b2),
    sx[0], sxx[0], xlin(j1, b1), xlin(j2, b2),
    lin(j1, b1), xlin(j1, b1), quad(j1, b1, b1), quad(j2, b1, b2),
    lin(j2, b2), xlin(j2, b2), quad(j2, b1, b2), quad(j2, b2, b2),
  ]);
  const aty = new Float64Array([sy[0], sxy[0], sxy[j1] - b1 * sy[j1], sxy[j2] - b2 * sy[j2]]);
  let trace = 0;
  for (let r = 0; r < 4; r++) trace += ata[r * 5];
  const reg = Float64Array.from(ata);
  for (let r = 0; r < 4; r++) reg[r * 5] += 1e-12 * trace;
  const coef = solve({ n: 4, a: reg }, aty);
  // SSE = y.y - 2 c.(A^T y) + c.(A^T A) c
  let sse = syy;
  for (let r = 0; r < 4; r++) {
    sse -= 2 * coef[r] * aty[r];
    for (let q = 0; q < 4; q++) sse += coef[r] * ata[r * 4 + q] * coef[q];
  }
  return sse;
}

/**
 * Fits three continuous segments to (x, y), x ascending, as pwlf does for the authors' A_min:
 * a global search over breakpoint pairs at the data's x (O(1) each by suffix sums), then a
 * local refinement of both breakpoints (coordinate-wise golden-section search).
 */
export function fitThreeSegments(x: ArrayLike<number>, y: ArrayLike<number>, gridSize = 100): ThreeSegmentFit {
  const n = x.length;
  if (n < 6 || y.length !== n) throw new RangeError('fitThreeSegments: need at least 6 points and equal lengths');
  for (let i = 1; i < n; i++) if (!(x[i] > x[i - 1])) throw new RangeError('fitThreeSegments: x must be strictly ascending');
  const x0 = x[0];
  const xN = x[n - 1];
  const sums = suffixSums(x, y);
  let syy = 0;
  for (let i = 0; i < n; i++) syy += y[i] * y[i];
  const stride = Math.max(1, Math.floor(n / gridSize));
  const candidates: number[] = [];
  for (let i = stride; i < n - 1; i += stride) candidates.push(i);
  let best = { b1: x[candidates[0]], b2: x[candidates[1]], sse: Infinity };
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      const k1 = candidates[i];
      const k2 = candidates[j];
      const sse = sseAtDataPoints(sums, syy, x[k1], k1, x[k2], k2);
      if (sse < best.sse) best = { b1: x[k1], b2: x[k2], sse };
    }
  }
  const step = ((xN - x0) * stride) / (n - 1);
  let { b1, b2 } = best;
  const golden = (f: (b: number) => number, lo: number, hi: number): number => {
    const r = (Math.sqrt(5) - 1) / 2;
    let a = lo;
    let b = hi;
    let c = b - r * (b - a);
    let d = a + r * (b - a);
    let fc = f(c);
    let fd = f(d);
    for (let k = 0; k < 40; k++) {
      if (fc < fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - r * (b - a);
        fc = f(c);
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + r * (b - a);
        fd = f(d);
      }
    }
    return (a + b) / 2;
  };
  for (let round = 0; round < 3; round++) {
    const lo1 = Math.max(x0, b1 - step);
    const hi1 = Math.min(b2, b1 + step);
    const nb1 = golden((b) => fitFixed(x, y, b, b2).sse, lo1, hi1);
    if (fitFixed(x, y, nb1, b2).sse < fitFixed(x, y, b1, b2).sse) b1 = nb1;
    const lo2 = Math.max(b1, b2 - step);
    const hi2 = Math.min(xN, b2 + step);
    const nb2 = golden((b) => fitFixed(x, y, b1, b).sse, lo2, hi2);
    if (fitFixed(x, y, b1, nb2).sse < fitFixed(x, y, b1, b2).sse) b2 = nb2;
  }
  const { c, sse } = fitFixed(x, y, b1, b2);
  const s1 = c[1];
  const s2 = c[1] + c[2];
  const s3 = c[1] + c[2] + c[3];
  // Each segment's line, continued to x = 0.
  const i1 = c[0];
  const i2 = c[0] - c[2] * b1;
  const i3 = c[0] - c[2] * b1 - c[3] * b2;
  return { breaks: [x0, b1, b2, xN], slopes: [s1, s2, s3], intercepts: [i1, i2, i3], sse };
}
