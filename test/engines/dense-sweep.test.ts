import fc from 'fast-check';
import { heldNode } from '../../src/nodes/held-node';
import { Substrate } from '../../src/substrates/substrate';
import { denseSweep } from '../../src/engines/dense-sweep';
import { denseLayout } from '../../src/engines/dense-layout';
import { nodeSweep } from '../../src/engines/node-sweep';
import { runs } from '../support/property-runs';
import { coin, coupling, denseCases, draws, relax } from '../support/dense-cases';

/**
 * The dense sweep against the CSR sweep on random substrates: dense blocks between node ranges,
 * sparse synapses anywhere (before, between and after the blocks), held nodes among the
 * others, both conductions, a product coupling whose phi is 0 on part of the range (so the
 * skipped terms are exercised). Every node state and every saved sweep state must agree bit for
 * bit over several sweeps, free and clamped, with weights changed between sweeps (invalidate)
 * and sources moved.
 */
describe('dense sweep', () => {
  it('equals the CSR sweep bit for bit: states and saved state, with weights and sources changing', () => {
    fc.assert(
      fc.property(denseCases(), (c) => {
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
