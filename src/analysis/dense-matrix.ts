/**
 * Small dense linear algebra for the Markov adaptation model (10 states): row-major square
 * matrices as Float64Array. Sizes are tiny, so clarity wins over blocking or BLAS.
 */
export type Matrix = { n: number; a: Float64Array };

export function zeros(n: number): Matrix {
  return { n, a: new Float64Array(n * n) };
}

export function identity(n: number): Matrix {
  const m = zeros(n);
  for (let i = 0; i < n; i++) m.a[i * n + i] = 1;
  return m;
}

export const get = (m: Matrix, i: number, j: number): number => m.a[i * m.n + j];

export function matmul(x: Matrix, y: Matrix): Matrix {
  const n = x.n;
  const out = zeros(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const xik = x.a[i * n + k];
      if (xik === 0) continue;
      for (let j = 0; j < n; j++) out.a[i * n + j] += xik * y.a[k * n + j];
    }
  }
  return out;
}

export function matvec(m: Matrix, v: ArrayLike<number>): Float64Array {
  const n = m.n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += m.a[i * n + j] * v[j];
    out[i] = s;
  }
  return out;
}

export function scale(m: Matrix, c: number): Matrix {
  return { n: m.n, a: m.a.map((v) => v * c) };
}

function normInf(m: Matrix): number {
  let best = 0;
  for (let i = 0; i < m.n; i++) {
    let s = 0;
    for (let j = 0; j < m.n; j++) s += Math.abs(m.a[i * m.n + j]);
    best = Math.max(best, s);
  }
  return best;
}

/**
 * exp(m) by scaling and squaring with a degree-18 Taylor polynomial: after scaling to norm
 * <= 1/2 the truncation error is below 0.5^19/19! ~ 1e-23, so the result is accurate to
 * rounding (the generators here have real, non-positive spectra, where squaring is stable).
 */
export function expm(m: Matrix): Matrix {
  const norm = normInf(m);
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const x = scale(m, Math.pow(2, -s));
  let term = identity(m.n);
  let sum = identity(m.n);
  for (let k = 1; k <= 18; k++) {
    term = scale(matmul(term, x), 1 / k);
    for (let i = 0; i < sum.a.length; i++) sum.a[i] += term.a[i];
  }
  for (let k = 0; k < s; k++) sum = matmul(sum, sum);
  return sum;
}

/**
 * Solves m x = b by Gaussian elimination with partial pivoting. Throws on a singular
 * (to rounding) matrix: callers only pass systems they made non-singular.
 */
export function solve(m: Matrix, b: ArrayLike<number>): Float64Array {
  const n = m.n;
  const a = Float64Array.from(m.a);
  const x = Float64Array.from(b);
  const scaleRef = normInf(m);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
    if (!(Math.abs(a[p * n + c]) > 1e-14 * scaleRef)) throw new RangeError('solve: singular matrix');
    if (p !== c) {
      for (let j = 0; j < n; j++) [a[c * n + j], a[p * n + j]] = [a[p * n + j], a[c * n + j]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / a[c * n + c];
      if (f === 0) continue;
      for (let j = c; j < n; j++) a[r * n + j] -= f * a[c * n + j];
      x[r] -= f * x[c];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r];
    for (let j = r + 1; j < n; j++) s -= a[r * n + j] * x[j];
    x[r] = s / a[r * n + r];
  }
  return x;
}
