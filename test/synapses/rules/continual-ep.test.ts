import fc from 'fast-check';
import { classicTwoPhase, continualEP, readRule } from '../../../src/synapses/rules';

const free = { lr: 0.7, wMin: -Infinity, wMax: Infinity };
const arbS = fc.double({ min: -50, max: 50, noNaN: true });

/**
 * Continual EP (Ernoult et al. 2020): dw = -lr (s_t - s_{t-1}) at every step of the nudged phase;
 * over a clamped phase it telescopes to the classic update -lr (s_clamped - s_free).
 */
describe('continualEP', () => {
  it('is registered with the phase as its modulator and lr, wMin, wMax as parameters', () => {
    const built = readRule({ kind: 'continualEP', lr: 0.3 }, { field: 'rule' });
    expect(built.rule).toBe(continualEP);
    expect(built.params).toEqual({ lr: 0.3, wMin: 1e-3, wMax: 1e3 });
    expect(continualEP.reads).toEqual(['endpoints', 'modulator']);
  });

  it('each step of a clamped phase moves w by -lr (s_t - s_{t-1}); a free step moves nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(arbS, fc.constantFrom(0, 1)), { minLength: 1, maxLength: 40 }), (steps) => {
        const x = new Float64Array(3);
        continualEP.init(x, 0, 1, free);
        let w = 1;
        let prev: number | undefined;
        for (const [s, z] of steps) {
          continualEP.step(x, 0, s, z, 0.01, free);
          if (z === 1 && prev !== undefined) w -= free.lr * (s - prev);
          prev = s;
          expect(x[0]).toBeCloseTo(w, 9);
        }
      }),
    );
  });

  it('over free-then-clamped phase pairs it ends where the classic rule ends (the telescoping sum)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(arbS, { minLength: 1, maxLength: 8 }), fc.array(arbS, { minLength: 1, maxLength: 8 })), { minLength: 1, maxLength: 6 }), (pairs) => {
        const a = new Float64Array(3);
        const c = new Float64Array(5);
        continualEP.init(a, 0, 2, free);
        classicTwoPhase.init(c, 0, 2, free);
        const feed = (s: number, z: number) => {
          continualEP.step(a, 0, s, z, 0.01, free);
          classicTwoPhase.step(c, 0, s, z, 0.01, free);
        };
        for (const [freeS, clampedS] of pairs) {
          freeS.forEach((s) => feed(s, 0));
          clampedS.forEach((s) => feed(s, 1));
        }
        // The classic rule applies its update when the clamped phase ends: one more free step.
        feed(0, 0);
        expect(a[0]).toBeCloseTo(c[0], 6);
      }),
    );
  });
});
