import fc from 'fast-check';
import { heldNode } from '../../src/nodes/held-node';
import { NodeDynamics } from '../../src/nodes/node-dynamics';
import { DenseBlock, Role, Substrate } from '../../src/substrates/substrate';
import { rho } from '../../src/substrates/hopfield/layered-network';
import { denseSweep } from '../../src/engines/dense-sweep';
import { denseLayout } from '../../src/engines/dense-layout';
import { nodeSweep } from '../../src/engines/node-sweep';
import { RandomSource } from '../../src/scheduler/random';
import { runs } from '../support/property-runs';

/**
 * The dense sweep against the CSR sweep on random substrates: dense blocks between node ranges,
 * sparse synapses anywhere (before, between and after the blocks), held nodes among the
 * others, both conductions, a product coupling whose phi is 0 on part of the range (so the
 * skipped terms are exercised). Every node state and every saved sweep state must agree bit for
 * bit over several sweeps, free and clamped, with weights changed between sweeps (invalidate)
 * and sources moved.
 */
const phi = rho;
const coupling = { name: 'test-product', signal: (_w: number, a: number, b: number) => -phi(a) * phi(b), g: () => 0, i: (w: number, _s: number, o: number) => w * phi(o), product: phi };
// A relaxation that reads its summed input and a stochastic one that draws (both deterministic given draws).
const relax: NodeDynamics<unknown> = { name: 'relax', reads: ['contributions', 'clamp', 'drive'], step: (v, inp) => v + 0.3 * (inp.i - v) + 0.01 * inp.beta * (inp.drive - v) };
// Holds its state while clamped (as the RBM's visible units do), relaxes when free.
const holder: NodeDynamics<unknown> = { name: 'holder', reads: ['contributions', 'clamp'], holdsWhileClamped: true, step: (v, inp) => (inp.beta > 0 ? v : v + 0.4 * (inp.i - v)) };
const coin: NodeDynamics<unknown> = { name: 'coin', reads: ['contributions'], draws: true, step: (_v, inp, _dt, _p, d) => (d!.uniform() < 1 / (1 + Math.exp(-inp.i)) ? 1 : 0) };

interface Case {
  sub: Substrate<unknown>;
  v0: Float64Array;
  seed: number;
  S: number;
}

const caseArb = fc
  .record({
    // Groups of up to 5 nodes, and sometimes 33 (wide blocks take the axpy path, narrow ones the strided dot).
    groups: fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(33)), { minLength: 2, maxLength: 5 }),
    kinds: fc.array(fc.constantFrom<Role>('input', 'hidden', 'output'), { minLength: 5, maxLength: 5 }),
    pairs: fc.array(fc.tuple(fc.nat(4), fc.nat(4)), { minLength: 1, maxLength: 4 }),
    sparse: fc.array(fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(3)), { maxLength: 12 }),
    transpose: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    conduction: fc.constantFrom<'event' | 'tick'>('event', 'tick'),
    stochastic: fc.boolean(),
    // Rule states of 1 slot (the weight alone) or 2 (the weight and one more).
    S: fc.constantFrom(1, 2),
    seed: fc.nat(1e6),
  })
  .map(({ groups, kinds, pairs, sparse, transpose, conduction, stochastic, S, seed }): Case => {
    const start = [0];
    groups.forEach((g) => start.push(start[start.length - 1] + g));
    const n = start[groups.length];
    const ids = Array.from({ length: n }, (_, i) => `n${i}`);
    const roles: Role[] = ids.map((_, i) => kinds[groups.findIndex((_g, k) => i < start[k + 1])]);
    const rng = new RandomSource(seed).stream('case');
    const a: number[] = [];
    const b: number[] = [];
    const blocks: DenseBlock[] = [];
    // Sparse synapses go before the block whose index they carry (3: after every block).
    const sparseAt = (k: number) => {
      for (const [x, y, at] of sparse) {
        if (at !== k) continue;
        const p = x % n;
        const q = y % n;
        if (p !== q) (a.push(p), b.push(q));
      }
    };
    const seen = new Set<string>();
    pairs.forEach(([p, q], k) => {
      sparseAt(k);
      const r = p % groups.length;
      const c = q % groups.length;
      if (r === c || seen.has(`${r},${c}`) || k >= 3) return;
      seen.add(`${r},${c}`);
      const block = { first: a.length, rowStart: start[r], rows: groups[r], colStart: start[c], cols: groups[c], rowEnd: transpose[k] ? ('b' as const) : ('a' as const) };
      blocks.push(block);
      for (let i = 0; i < block.rows; i++) {
        for (let j = 0; j < block.cols; j++) {
          const [ra, cb] = [block.rowStart + i, block.colStart + j];
          if (block.rowEnd === 'b') (a.push(cb), b.push(ra));
          else (a.push(ra), b.push(cb));
        }
      }
    });
    sparseAt(3);
    // States in [-0.5, 1.5]: rho clips a part of them to 0 (skipped) or 1.
    const v0 = Float64Array.from(ids, () => (rng.uniform() < 0.3 ? 0 : 2 * rng.uniform() - 0.5));
    const sub: Substrate<unknown> = {
      name: 'random-dense',
      ids,
      roles,
      edgeA: Int32Array.from(a),
      edgeB: Int32Array.from(b),
      w0: Float64Array.from(a, () => 2 * rng.uniform() - 1),
      synapseId: (e) => `e${e}`,
      dynamics: { hidden: stochastic ? coin : relax, output: holder, input: heldNode, ground: heldNode },
      nodeParams: undefined,
      coupling,
      conduction,
      blocks,
      defaultDrive: () => undefined,
    };
    return { sub, v0, seed, S };
  });

function draws(c: Case) {
  const r = new RandomSource(c.seed);
  return c.sub.ids.map((id) => r.stream(`draw:${id}`));
}

describe('dense sweep', () => {
  it('equals the CSR sweep bit for bit: states and saved state, with weights and sources changing', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { sub, S } = c;
        const m = sub.w0.length;
        const x = new Float64Array(m * S);
        sub.w0.forEach((w, e) => (x[e * S] = w));
        const csr = nodeSweep(sub, draws(c));
        const dense = denseSweep(sub, draws(c));
        const v1 = c.v0.slice();
        const v2 = c.v0.slice();
        const drive = Float64Array.from(sub.ids, (_, i) => (i % 3) * 0.4);
        csr.conduct(v1, x, S);
        dense.conduct(v2, x, S);
        for (let t = 0; t < 6; t++) {
          if (t === 2) {
            // A learning step: every weight moves.
            for (let e = 0; e < m; e++) x[e * S] *= 0.9;
            dense.invalidate();
          }
          // A source's drive changes (the held node takes it on its step).
          if (t === 4) drive[0] += 0.25;
          // Free and clamped steps alternate (clamped: the holders keep their states).
          const beta = t % 2 === 0 ? 0 : 0.5;
          expect(dense.sweep(v2, x, S, drive, beta, 1)).toBe(csr.sweep(v1, x, S, drive, beta, 1));
          csr.conduct(v1, x, S);
          dense.conduct(v2, x, S);
          expect(Array.from(v2)).toEqual(Array.from(v1));
          expect(Array.from(dense.saveState())).toEqual(Array.from(csr.saveState()));
        }
      }),
      { numRuns: runs(200) },
    );
  });

  it('cuts an RBM-like layout into the hidden run and the visible run, and keeps the bias prefix', () => {
    // Nodes: 3 hidden, 4 visible, one always-on unit; biases (one-hidden) first, then W as a block.
    const n = 8;
    const a = [7, 7, 7];
    const b = [0, 1, 2];
    for (let j = 0; j < 3; j++) for (let i = 0; i < 4; i++) (a.push(3 + i), b.push(j));
    const sub: Substrate<unknown> = {
      name: 'rbm-like',
      ids: Array.from({ length: n }, (_, i) => `n${i}`),
      roles: ['hidden', 'hidden', 'hidden', 'output', 'output', 'output', 'output', 'input'],
      edgeA: Int32Array.from(a),
      edgeB: Int32Array.from(b),
      w0: new Float64Array(a.length),
      synapseId: (e) => `e${e}`,
      dynamics: { hidden: coin, output: coin, input: heldNode, ground: heldNode },
      nodeParams: undefined,
      coupling,
      conduction: 'event',
      blocks: [{ first: 3, rowStart: 0, rows: 3, colStart: 3, cols: 4, rowEnd: 'b' }],
      defaultDrive: () => undefined,
    };
    const layout = denseLayout(sub);
    expect(Array.from(layout.runs)).toEqual([0, 3, 8]);
    expect(layout.staticPrefix).toBe(1);
    expect(Array.from(layout.sources)).toEqual([7]);
  });

  it('refuses a block that does not match the synapse list', () => {
    const sub: Substrate<unknown> = {
      name: 'bad',
      ids: ['a', 'b', 'c'],
      roles: ['hidden', 'hidden', 'hidden'],
      edgeA: Int32Array.from([0, 0]),
      edgeB: Int32Array.from([1, 1]),
      w0: new Float64Array(2),
      synapseId: (e) => `e${e}`,
      dynamics: { hidden: relax, output: relax, input: heldNode, ground: heldNode },
      nodeParams: undefined,
      coupling,
      conduction: 'tick',
      blocks: [{ first: 0, rowStart: 0, rows: 1, colStart: 1, cols: 2 }],
      defaultDrive: () => undefined,
    };
    expect(() => denseLayout(sub)).toThrow('substrate bad: dense block 0 does not match synapse 1 (row end 0, column end 1; expected 0, 2)');
  });
});
