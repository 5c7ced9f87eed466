import fc from 'fast-check';
import { heldNode } from '../../src/nodes/held-node';
import { NodeDynamics } from '../../src/nodes/node-dynamics';
import { DenseBlock, Role, Substrate } from '../../src/substrates/substrate';
import { rho } from '../../src/substrates/hopfield/layered-network';
import { RandomSource } from '../../src/scheduler/random';

/**
 * Random substrates for the dense paths of the array engine (dense-sweep and batched-sweep
 * tests): dense blocks between node ranges, sparse synapses anywhere (before, between and after
 * the blocks), held nodes among the others, a product coupling whose phi is 0 on part of the
 * range (so the skipped terms are exercised).
 */
const phi = rho;
export const coupling = { name: 'test-product', signal: (_w: number, a: number, b: number) => -phi(a) * phi(b), g: () => 0, i: (w: number, _s: number, o: number) => w * phi(o), product: phi };
// A relaxation that reads its summed input and a stochastic one that draws (both deterministic given draws).
export const relax: NodeDynamics<unknown> = { name: 'relax', reads: ['contributions', 'clamp', 'drive'], step: (v, inp) => v + 0.3 * (inp.i - v) + 0.01 * inp.beta * (inp.drive - v) };
// Holds its state while clamped (as the RBM's visible units do), relaxes when free.
const holder: NodeDynamics<unknown> = { name: 'holder', reads: ['contributions', 'clamp'], holdsWhileClamped: true, step: (v, inp) => (inp.beta > 0 ? v : v + 0.4 * (inp.i - v)) };
export const coin: NodeDynamics<unknown> = { name: 'coin', reads: ['contributions'], draws: true, step: (_v, inp, _dt, _p, d) => (d!.uniform() < 1 / (1 + Math.exp(-inp.i)) ? 1 : 0) };

export interface DenseCase {
  sub: Substrate<unknown>;
  v0: Float64Array;
  seed: number;
  S: number;
}

/** Random cases; `tickOnly` and `deterministic` restrict them to what the batched sweep runs. */
export const denseCases = (opts: { tickOnly?: boolean; deterministic?: boolean } = {}): fc.Arbitrary<DenseCase> =>
  fc
    .record({
      // Groups of up to 5 nodes, and sometimes 33 (wide blocks take the axpy path, narrow ones the strided dot).
      groups: fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(33)), { minLength: 2, maxLength: 5 }),
      kinds: fc.array(fc.constantFrom<Role>('input', 'hidden', 'output'), { minLength: 5, maxLength: 5 }),
      pairs: fc.array(fc.tuple(fc.nat(4), fc.nat(4)), { minLength: 1, maxLength: 4 }),
      sparse: fc.array(fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(3)), { maxLength: 12 }),
      transpose: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      conduction: opts.tickOnly ? fc.constant<'event' | 'tick'>('tick') : fc.constantFrom<'event' | 'tick'>('event', 'tick'),
      stochastic: opts.deterministic ? fc.constant(false) : fc.boolean(),
      // Rule states of 1 slot (the weight alone) or 2 (the weight and one more).
      S: fc.constantFrom(1, 2),
      seed: fc.nat(1e6),
    })
    .map(({ groups, kinds, pairs, sparse, transpose, conduction, stochastic, S, seed }): DenseCase => {
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

export function draws(c: DenseCase) {
  const r = new RandomSource(c.seed);
  return c.sub.ids.map((id) => r.stream(`draw:${id}`));
}
