import fc from 'fast-check';
import { ClampSignal } from '../../../src/streams/clamp-signal';
import { clampWeight, defaultBounds, hebbian, learningParams, phaseSigned, phaseWeight } from '../../../src/synapses/rules';
import { readParams } from '../../../src/registry';
import { specField } from '../../support/spec-error';

const free = { lr: 1, wMin: -Infinity, wMax: Infinity };
const sig = (z: 0 | 1): ClampSignal => ({ t: 0, beta: z, phase: z === 1 ? 'clamped' : 'free', z, index: 0 });
const arbS = fc.double({ min: -50, max: 50, noNaN: true });
const arbLr = fc.double({ min: 1e-4, max: 2, noNaN: true });
const arbDt = fc.double({ min: 1e-4, max: 0.5, noNaN: true });

/** A small deterministic LCG (Numerical Recipes constants), uniform in [0, 1). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('weight bounds', () => {
  it('clampWeight clamps into [wMin, wMax] and leaves interior weights alone', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), (w, lo, span) => {
        const p = { lr: 1, wMin: lo, wMax: lo + span };
        const c = clampWeight(w, p);
        expect(c).toBe(Math.min(lo + span, Math.max(lo, w)));
      }),
    );
  });

  it('learningParams fills defaults and rejects bad fields with a SpecError naming them', () => {
    const schema = learningParams(0.1, {});
    expect(readParams(schema, {}, 'rule')).toEqual({ lr: 0.1, ...defaultBounds });
    expect(readParams(schema, { lr: 0.3, wMax: 7 }, 'rule')).toEqual({ lr: 0.3, wMin: defaultBounds.wMin, wMax: 7 });
    const field = (v: Record<string, unknown>): string => specField(() => readParams(schema, v, 'rule'));
    expect(field({ lr: -1 })).toBe('rule.lr');
    expect(field({ lr: 'fast' })).toBe('rule.lr');
    expect(field({ wMin: NaN })).toBe('rule.wMin');
    expect(field({ wMin: 5000 })).toBe('rule.wMax'); // wMax (1000) must exceed wMin
    expect(field({ wMin: 1, wMax: 0.5 })).toBe('rule.wMax');
    expect(() => readParams(schema, { wMin: 1, wMax: 0.5 }, 'rule')).toThrow('rule.wMax: expected a value > wMin (1), got 0.5');
  });
});

describe('hebbian: dw = -lr s dt', () => {
  it('is the K = delta rule, reads no modulator, and respects the bounds', () => {
    expect(hebbian.reads).toEqual(['endpoints']);
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.array(fc.tuple(arbS, arbDt), { minLength: 1, maxLength: 30 }), arbLr, (w0, steps, lr) => {
        const p = { ...free, lr };
        const x = new Float64Array([4, 0, 4]);
        hebbian.init(x, 1, w0, p);
        let w = w0;
        for (const [s, dt] of steps) {
          hebbian.step(x, 1, s, 123, dt, p); // the modulator is ignored
          w = w - lr * s * dt;
          expect(x[1]).toBeCloseTo(w, 9);
        }
        expect([x[0], x[2]]).toEqual([4, 4]);
      }),
    );
    const p = { lr: 1, wMin: -1, wMax: 1 };
    const x = new Float64Array(1);
    hebbian.init(x, 0, 0, p);
    hebbian.step(x, 0, -100, 0, 1, p);
    expect(x[0]).toBe(1);
    hebbian.step(x, 0, 100, 0, 1, p);
    expect(x[0]).toBe(-1);
  });
});

describe('phase-signed [FLEX] rule', () => {
  it('phaseWeight gives c(1) = 1/b and c(0) = -1/(1-b)', () => {
    for (const b of [0.1, 0.5, 0.73]) {
      expect(phaseWeight(b)(sig(1))).toBeCloseTo(1 / b, 14);
      expect(phaseWeight(b)(sig(0))).toBeCloseTo(-1 / (1 - b), 14);
    }
    expect(phaseSigned.reads).toContain('modulator');
  });

  it('each step is dw = -lr c s dt', () => {
    fc.assert(
      fc.property(arbS, fc.double({ min: -20, max: 20, noNaN: true }), arbDt, arbLr, (s, c, dt, lr) => {
        const p = { ...free, lr };
        const x = new Float64Array(1);
        phaseSigned.init(x, 0, 0.5, p);
        phaseSigned.step(x, 0, s, c, dt, p);
        expect(x[0]).toBeCloseTo(0.5 - lr * c * s * dt, 10);
      }),
    );
  });

  it('the expected update per phase over z ~ Bernoulli(b) is -lr T (s_C - s_F)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 1e-3, max: 0.1, noNaN: true }),
        arbS,
        arbS,
        arbLr,
        (b, K, dt, sC, sF, lr) => {
          const p = { ...free, lr };
          const T = K * dt;
          const phaseUpdate = (z: 0 | 1): number => {
            const x = new Float64Array(1);
            phaseSigned.init(x, 0, 0, p);
            const c = phaseWeight(b)(sig(z));
            for (let k = 0; k < K; k++) phaseSigned.step(x, 0, z === 1 ? sC : sF, c, dt, p);
            return x[0];
          };
          const expected = b * phaseUpdate(1) + (1 - b) * phaseUpdate(0);
          // By hand: b (-lr (1/b) sC T) + (1 - b) (-lr (-1/(1-b)) sF T).
          const byHand = -lr * T * (sC - sF);
          expect(Math.abs(expected - byHand)).toBeLessThan(1e-9 * (1 + Math.abs(lr * T) * (Math.abs(sC) + Math.abs(sF)) / Math.min(b, 1 - b)));
        },
      ),
    );
  });

  it('a long random phase sequence (types i.i.d., lengths random) averages to the contrastive update', () => {
    const b = 0.3;
    const lr = 0.01;
    const dt = 0.01;
    const sC = 2.5;
    const sF = 1;
    const rand = lcg(12345);
    const p = { ...free, lr };
    const x = new Float64Array(1);
    phaseSigned.init(x, 0, 0, p);
    let totalT = 0;
    const phases = 40000;
    for (let k = 0; k < phases; k++) {
      const z: 0 | 1 = rand() < b ? 1 : 0;
      const steps = 1 + Math.floor(rand() * 20); // T independent of z, mean 10.5 steps
      const c = phaseWeight(b)(sig(z));
      for (let i = 0; i < steps; i++) phaseSigned.step(x, 0, z === 1 ? sC : sF, c, dt, p);
      totalT += steps * dt;
    }
    // E[dw] = -lr E[T] (sC - sF) per phase; per unit time: -lr (sC - sF).
    const rate = x[0] / totalT;
    // Per phase the update is -lr T sC / b (prob b) or +lr T sF / (1-b): std ~ 0.005 against a
    // mean of -lr E[T] (sC - sF) ~ -0.0016, so over 40000 phases the mean is known to ~1.5%.
    expect(rate).toBeGreaterThan(-lr * (sC - sF) * 1.1);
    expect(rate).toBeLessThan(-lr * (sC - sF) * 0.9);
  });

  it('clamps the weight into its bounds', () => {
    const p = { lr: 1, wMin: 0.1, wMax: 2 };
    const x = new Float64Array(1);
    phaseSigned.init(x, 0, 1, p);
    phaseSigned.step(x, 0, 10, 2, 1, p); // -20
    expect(x[0]).toBe(0.1);
    phaseSigned.step(x, 0, 10, -2, 1, p); // +20
    expect(x[0]).toBe(2);
    phaseSigned.step(x, 0, 0.5, 1, 1, p); // -0.5
    expect(x[0]).toBeCloseTo(1.5, 14);
  });
});
