import fc from 'fast-check';
import { HopfieldBatch } from '../../../src/experiments/ep/hopfield-batch';
import { hopfieldSubstrate } from '../../../src/substrates/hopfield/hopfield-substrate';
import { denseSweep } from '../../../src/engines/dense-sweep';
import { RandomSource } from '../../../src/scheduler/random';
import { LayeredNetwork } from '../../../src/substrates/hopfield/layered-network';
import { runs } from '../../support/property-runs';

/**
 * EP's batch (HopfieldBatch: digits, persistent states and the network's weights moved into the
 * batched path) and the dense sweep of the Hopfield substrate built from the same network, one
 * example at a time, are the same computation: every unit state equal bit for bit after free
 * and nudged steps, on random layered networks with inputs that are partly 0 (as pixels are).
 * This checks the data movement (layer order, biases, the one-hot drives, the weight copy) on
 * top of the batched path's own property test.
 */
const caseArb = fc.record({
  hidden: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 2 }),
  n0: fc.integer({ min: 1, max: 12 }),
  out: fc.integer({ min: 2, max: 4 }),
  batch: fc.integer({ min: 1, max: 3 }),
  beta: fc.double({ min: -1, max: 1, noNaN: true }),
  eps: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
  seed: fc.nat(1e6),
});

describe('EP relaxation: HopfieldBatch and the dense sweep', () => {
  it('equal bit for bit, free and nudged, every example of a batch', () => {
    fc.assert(
      fc.property(caseArb, ({ hidden, n0, out, batch, beta, eps, seed }) => {
        const sizes = [n0, ...hidden, out];
        const L = sizes.length;
        const rng = new RandomSource(seed).stream('case');
        const u = (a: number) => a * (2 * rng.uniform() - 1);
        const net: LayeredNetwork = {
          sizes,
          weights: sizes.slice(0, -1).map((n, l) => Float64Array.from({ length: n * sizes[l + 1] }, () => u(1))),
          biases: sizes.map((n, l) => (l === 0 ? new Float64Array(0) : Float64Array.from({ length: n }, () => u(0.5)))),
        };
        const data = Float64Array.from({ length: batch * n0 }, () => (rng.uniform() < 0.4 ? 0 : rng.uniform()));
        const labels = Array.from({ length: batch }, () => rng.int(out));
        const persistent = sizes.map((n, l) => (l === 0 ? new Float64Array(0) : Float64Array.from({ length: batch * n }, () => rng.uniform())));
        const rows = Array.from({ length: batch }, (_, b) => b);
        const lock = new HopfieldBatch(sizes, batch);
        lock.load(data, labels, rows, persistent);
        lock.prepare(net);

        const dense = rows.map((b) => {
          const x = data.subarray(b * n0, (b + 1) * n0);
          const sub = hopfieldSubstrate(net, { x, label: labels[b] }, { eps, sign: 1 });
          const v = new Float64Array(sub.ids.length);
          const drive = new Float64Array(sub.ids.length);
          sizes.forEach((n, l) => {
            for (let j = 0; j < n; j++) {
              const i = sub.layout.node(l, j);
              v[i] = l === 0 ? x[j] : persistent[l][b * n + j];
              if (l === 0) drive[i] = x[j];
              if (l === L - 1) drive[i] = j === labels[b] ? 1 : 0;
            }
          });
          v[sub.layout.one] = 1;
          drive[sub.layout.one] = 1;
          return { sub, v, drive, w: Float64Array.from(sub.w0), sweep: denseSweep(sub) };
        });
        const relax = (b: number, steps: number) => {
          for (const d of dense) {
            for (let t = 0; t < steps; t++) {
              d.sweep.conduct(d.v, d.w, 1);
              d.sweep.sweep(d.v, d.w, 1, d.drive, b, 1);
            }
          }
        };
        const same = () =>
          dense.forEach((d, b) => {
            for (let l = 1; l < L; l++) {
              const got = Array.from({ length: sizes[l] }, (_, j) => d.v[d.sub.layout.node(l, j)]);
              expect(got).toEqual(Array.from(lock.states[l].subarray(b * sizes[l], (b + 1) * sizes[l])));
            }
          });
        lock.relax(0, eps, 7);
        relax(0, 7);
        same();
        lock.relax(beta, eps, 3);
        relax(beta, 3);
        same();
      }),
      { numRuns: runs(100) },
    );
  });
});
