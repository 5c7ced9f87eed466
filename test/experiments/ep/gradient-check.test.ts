import fc from 'fast-check';
import { classicCycleUpdate } from '../../support/classic-cycle';
import { HopfieldBatch } from '../../../src/experiments/ep/hopfield-batch';
import { LayeredNetwork } from '../../../src/substrates/hopfield/layered-network';
import { runs } from '../../support/property-runs';

/**
 * The EP gradient check (issue 5): for small beta the classic EP update equals minus the
 * gradient of the cost at the free fixed point. The reference is computed here, independently
 * of the library: with every unit strictly inside (0, 1) the free fixed point of
 * E = 1/2 |s|^2 - b.s - sum s_l^T W_l s_{l+1} solves the linear system dE/ds = 0, which this
 * file solves by Gaussian elimination; the cost's gradient is then a central finite difference.
 */

/** Solves A z = r (dense, partial pivoting). */
function solve(A: number[][], r: number[]): number[] {
  const n = r.length;
  const M = A.map((row, i) => [...row, r[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(M[i][c]) > Math.abs(M[p][c])) p = i;
    [M[c], M[p]] = [M[p], M[c]];
    for (let i = c + 1; i < n; i++) {
      const f = M[i][c] / M[c][c];
      for (let k = c; k <= n; k++) M[i][k] -= f * M[c][k];
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let k = i + 1; k < n; k++) s -= M[i][k] * z[k];
    z[i] = s / M[i][i];
  }
  return z;
}

/** The interior free fixed point, layer by layer (index 0: the input). */
function fixedPoint(net: LayeredNetwork, x: number[]): number[][] {
  const { sizes } = net;
  const L = sizes.length;
  const offset: number[] = [];
  let n = 0;
  for (let l = 1; l < L; l++) {
    offset[l] = n;
    n += sizes[l];
  }
  // dE/ds_l = s_l - b_l - W_{l-1}^T s_{l-1} - W_l s_{l+1} = 0.
  const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, k) => (i === k ? 1 : 0)));
  const r = new Array<number>(n).fill(0);
  for (let l = 1; l < L; l++) {
    for (let j = 0; j < sizes[l]; j++) {
      const row = offset[l] + j;
      r[row] = net.biases[l][j];
      const m = sizes[l];
      if (l === 1) for (let i = 0; i < sizes[0]; i++) r[row] += net.weights[0][i * m + j] * x[i];
      else for (let i = 0; i < sizes[l - 1]; i++) A[row][offset[l - 1] + i] -= net.weights[l - 1][i * m + j];
      if (l + 1 < L) for (let k = 0; k < sizes[l + 1]; k++) A[row][offset[l + 1] + k] -= net.weights[l][j * sizes[l + 1] + k];
    }
  }
  const z = solve(A, r);
  return [x, ...sizes.slice(1).map((m, k) => z.slice(offset[k + 1], offset[k + 1] + m))];
}

function costAt(net: LayeredNetwork, x: number[], label: number): number {
  const s = fixedPoint(net, x);
  const out = s[s.length - 1];
  return out.reduce((c, v, k) => c + (v - (k === label ? 1 : 0)) ** 2, 0);
}

/** Random network whose fixed point (and its neighbourhood) is strictly inside the box. */
const caseArb = fc.record({
  sizes: fc.constantFrom([3, 4, 2], [4, 3, 3, 2], [2, 5, 3]),
  seed: fc.integer({ min: 1, max: 1e9 }),
});

function makeCase(sizes: readonly number[], seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const net: LayeredNetwork = {
    sizes,
    weights: sizes.slice(0, -1).map((n, l) => Float64Array.from({ length: n * sizes[l + 1] }, () => 0.25 * (2 * next() - 1))),
    biases: sizes.map((n, l) => Float64Array.from({ length: l === 0 ? 0 : n }, () => 0.3 + 0.2 * next())),
  };
  const x = Array.from({ length: sizes[0] }, () => next());
  const label = Math.floor(next() * sizes[sizes.length - 1]);
  return { net, x, label };
}

/** The library's classic EP update (the quasi-static cycle of the classic rule) with lr 1 for one example and nudge beta. */
function epUpdate(net: LayeredNetwork, x: number[], label: number, beta: number): LayeredNetwork {
  const b = new HopfieldBatch(net.sizes, 1);
  const persistent = net.sizes.map((n, l) => new Float64Array(l === 0 ? 0 : n));
  b.load(Float64Array.from(x), [label], [0], persistent);
  b.prepare(net);
  b.relax(0, 0.5, 400);
  return classicCycleUpdate(net, b, beta, 0.5, 400, net.sizes.slice(1).map(() => 1));
}

describe('EP gradient check', () => {
  it('for small beta, the classic EP update is minus the finite-difference gradient of the cost', () => {
    fc.assert(
      fc.property(caseArb, ({ sizes, seed }) => {
        const { net, x, label } = makeCase(sizes, seed);
        // The reference needs an interior fixed point (no unit at a bound of the clip).
        fc.pre(fixedPoint(net, x).slice(1).every((layer) => layer.every((v) => v > 0.02 && v < 0.98)));
        const beta = 1e-4;
        // Symmetric nudges cancel the O(beta) bias: (update(beta) + update(-beta)) / 2.
        const up = epUpdate(net, x, label, beta);
        const down = epUpdate(net, x, label, -beta);
        const h = 1e-6;
        const params = [...net.weights.map((w, l) => ({ a: w, u: up.weights[l], d: down.weights[l] })), ...net.biases.slice(1).map((b, l) => ({ a: b, u: up.biases[l + 1], d: down.biases[l + 1] }))];
        let maxGrad = 0;
        const pairs: [number, number][] = [];
        for (const { a, u, d } of params) {
          for (let k = 0; k < a.length; k++) {
            const w0 = a[k];
            a[k] = w0 + h;
            const cp = costAt(net, x, label);
            a[k] = w0 - h;
            const cm = costAt(net, x, label);
            a[k] = w0;
            const grad = (cp - cm) / (2 * h);
            const ep = ((u[k] - w0) + (d[k] - w0)) / 2;
            pairs.push([ep, -grad]);
            maxGrad = Math.max(maxGrad, Math.abs(grad));
          }
        }
        expect(maxGrad).toBeGreaterThan(1e-3);
        for (const [ep, g] of pairs) expect(Math.abs(ep - g)).toBeLessThan(1e-6 + 1e-4 * maxGrad);
      }),
      { numRuns: runs(25), seed: 5 },
    );
  });

  it('the one-sided update (the rule as run) has an O(beta) bias that shrinks with beta', () => {
    const { net, x, label } = makeCase([3, 4, 2], 42);
    const exact = (() => {
      const h = 1e-6;
      const w = net.weights[1];
      const w0 = w[0];
      w[0] = w0 + h;
      const cp = costAt(net, x, label);
      w[0] = w0 - h;
      const cm = costAt(net, x, label);
      w[0] = w0;
      return -(cp - cm) / (2 * h);
    })();
    const err = (beta: number) => Math.abs(epUpdate(net, x, label, beta).weights[1][0] - net.weights[1][0] - exact);
    expect(err(0.1)).toBeGreaterThan(err(0.01));
    expect(err(0.01)).toBeGreaterThan(err(0.001));
    expect(err(0.001)).toBeLessThan(1e-2 * Math.abs(exact) + 1e-6);
  });
});
