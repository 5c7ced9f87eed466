import fc from 'fast-check';
import { BatchedSweep } from '../../src/engines/batched-sweep';
import { denseSweep } from '../../src/engines/dense-sweep';
import { RandomSource } from '../../src/scheduler/random';
import { runs } from '../support/property-runs';
import { DenseCase, coin, denseCases } from '../support/dense-cases';

/**
 * The batched path against the dense sweep run on each example alone (itself checked against the
 * CSR sweep): random substrates with dense blocks and sparse synapses anywhere, 1-4 examples with
 * their own states and drives, free and clamped steps, the weights changed and a drive moved
 * between steps. Every node of every example must agree bit for bit, and so must the report of
 * a non-finite state.
 */
describe('batched sweep', () => {
  it('equals the dense sweep of each example alone, bit for bit', () => {
    fc.assert(
      fc.property(denseCases({ tickOnly: true, deterministic: true }), fc.integer({ min: 1, max: 4 }), (c: DenseCase, B: number) => {
        const { sub, S } = c;
        const n = sub.ids.length;
        const m = sub.w0.length;
        const x = new Float64Array(m * S);
        sub.w0.forEach((w, e) => (x[e * S] = w));
        const rng = new RandomSource(c.seed).stream('examples');
        // Example 0 starts from the case's states; the others from states of their own, some 0.
        const v = Array.from({ length: B }, (_, b) => (b === 0 ? c.v0.slice() : Float64Array.from(c.v0, () => (rng.uniform() < 0.3 ? 0 : 2 * rng.uniform() - 0.5))));
        const drive = Array.from({ length: B }, () => Float64Array.from(sub.ids, () => rng.uniform()));
        const dense = v.map(() => denseSweep(sub));

        const batched = new BatchedSweep(sub, 4);
        batched.size = B;
        const put = (from: Float64Array[], into: Float64Array[]) =>
          batched.groups.forEach((g, k) => {
            const w = g.hi - g.lo;
            for (let b = 0; b < B; b++) into[k].set(from[b].subarray(g.lo, g.hi), b * w);
          });
        put(v, batched.states);
        put(drive, batched.drives);
        batched.invalidate(x, S);
        const statesOf = (b: number) => {
          const out = new Float64Array(n);
          batched.groups.forEach((g, k) => out.set(batched.states[k].subarray(b * (g.hi - g.lo), (b + 1) * (g.hi - g.lo)), g.lo));
          return out;
        };

        for (let t = 0; t < 6; t++) {
          if (t === 2) {
            // A learning step: every weight moves.
            for (let e = 0; e < m; e++) x[e * S] *= 0.9;
            dense.forEach((d) => d.invalidate());
            batched.invalidate(x, S);
          }
          if (t === 4) {
            // The last example's drives move (a new datum).
            drive[B - 1].forEach((_, i) => (drive[B - 1][i] += 0.25));
            put(drive, batched.drives);
            batched.invalidate(x, S);
          }
          const beta = t % 2 === 0 ? 0 : 0.5;
          const bad = batched.step(beta, 1);
          const denseBad = dense.map((d, b) => {
            d.conduct(v[b], x, S);
            return d.sweep(v[b], x, S, drive[b], beta, 1);
          });
          expect(bad >= 0).toBe(denseBad.some((k) => k >= 0));
          for (let b = 0; b < B; b++) expect(Array.from(statesOf(b))).toEqual(Array.from(v[b]));
        }
      }),
      { numRuns: runs(200) },
    );
  });

  it('refuses event conduction, stochastic units, no capacity, and a step before the weights are given', () => {
    fc.assert(
      fc.property(denseCases({ deterministic: true }), (c) => {
        const { sub } = c;
        if (sub.conduction === 'event') {
          expect(() => new BatchedSweep(sub, 2)).toThrow(`substrate ${sub.name}: the batched sweep runs synchronous ('tick') conduction; this substrate conducts on 'event'`);
          return;
        }
        expect(() => new BatchedSweep(sub, 0)).toThrow('needs a capacity of at least 1 example (got 0)');
        expect(() => new BatchedSweep({ ...sub, roles: sub.roles.map(() => 'hidden' as const), dynamics: { ...sub.dynamics, hidden: coin } }, 2)).toThrow(`runs deterministic node dynamics; coin draws`);
        const s = new BatchedSweep(sub, 1);
        s.size = 1;
        if (sub.edgeA.length > 0) expect(() => s.step(0, 1)).toThrow("call the batched sweep's invalidate(x, S) before its first step");
      }),
      { numRuns: runs(30) },
    );
  });
});
