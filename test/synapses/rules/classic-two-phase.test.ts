import fc from 'fast-check';
import { ClampSignal } from '../../../src/streams/clamp-signal';
import { classicTwoPhase, phaseType } from '../../../src/synapses/rules';
import { runs } from '../../support/property-runs';

const free = { lr: 1, wMin: -Infinity, wMax: Infinity };

/** A protocol as phases: type z, and the s seen at each of its steps. */
type Phase = { z: 0 | 1; s: number[] };

const arbPhases = fc.array(
  fc.record({
    z: fc.constantFrom<0 | 1>(0, 1),
    s: fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 6 }),
  }),
  { minLength: 1, maxLength: 14 },
);

/**
 * Independent reference: merge consecutive phases of equal type into runs, take the last s of
 * each run; every free run followed by a clamped run followed by a free run yields one update
 * -lr (last s clamped - last s free), applied at the first step of the closing free run.
 * Returns the expected weight after every step.
 */
function reference(phases: Phase[], w0: number, lr: number): number[] {
  const steps = phases.flatMap((ph) => ph.s.map((s) => ({ z: ph.z, s })));
  const runs: Array<{ z: 0 | 1; start: number; last: number }> = [];
  steps.forEach((st, i) => {
    const r = runs[runs.length - 1];
    if (r && r.z === st.z) r.last = st.s;
    else runs.push({ z: st.z, start: i, last: st.s });
  });
  const delta = new Array<number>(steps.length).fill(0);
  for (let j = 1; j + 1 < runs.length; j++) {
    if (runs[j - 1].z === 0 && runs[j].z === 1) delta[runs[j + 1].start] = -lr * (runs[j].last - runs[j - 1].last);
  }
  let w = w0;
  return delta.map((d) => (w += d));
}

describe('classic two-phase rule (explicit memory)', () => {
  it('reads the phase type z as its modulator', () => {
    expect(classicTwoPhase.reads).toEqual(['endpoints', 'modulator']);
    const sig: ClampSignal = { t: 1, beta: 0.5, phase: 'clamped', z: 1, index: 3 };
    expect(phaseType(sig)).toBe(1);
    expect(phaseType({ ...sig, z: 0, phase: 'free' })).toBe(0);
  });

  it('a fixed free/clamped/free sequence: one update, by the last s of each phase', () => {
    const p = { ...free, lr: 0.5 };
    const x = new Float64Array(5);
    classicTwoPhase.init(x, 0, 1, p);
    const seq: Array<[number, 0 | 1]> = [
      [9, 0],
      [2, 0], // s_F = 2
      [7, 1],
      [5, 1], // s_C = 5
    ];
    for (const [s, z] of seq) {
      classicTwoPhase.step(x, 0, s, z, 0.1, p);
      expect(x[0]).toBe(1); // nothing before the clamped phase has ended
    }
    classicTwoPhase.step(x, 0, 100, 0, 0.1, p); // first free step closes the pair
    expect(x[0]).toBeCloseTo(1 - 0.5 * (5 - 2), 14);
    classicTwoPhase.step(x, 0, 50, 0, 0.1, p);
    expect(x[0]).toBeCloseTo(-0.5, 14);
  });

  it('changes the weight exactly once per free -> clamped -> free, by -lr (sC_last - sF_last)', () => {
    fc.assert(
      fc.property(arbPhases, fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 1e-3, max: 2, noNaN: true }), fc.double({ min: 1e-3, max: 1, noNaN: true }), (phases, w0, lr, dt) => {
        const p = { ...free, lr };
        const x = new Float64Array(7).fill(42);
        classicTwoPhase.init(x, 1, w0, p);
        const expected = reference(phases, w0, lr);
        let i = 0;
        let changes = 0;
        let prev = w0;
        for (const ph of phases) {
          for (const s of ph.s) {
            classicTwoPhase.step(x, 1, s, ph.z, dt, p);
            expect(x[1]).toBeCloseTo(expected[i], 10);
            if (x[1] !== prev) changes++;
            prev = x[1];
            i++;
          }
        }
        const expectedChanges = expected.filter((w, k) => w !== (k === 0 ? w0 : expected[k - 1])).length;
        expect(changes).toBe(expectedChanges);
        expect([x[0], x[6]]).toEqual([42, 42]);
      }),
      { numRuns: runs(300) },
    );
  });

  it('an alternating protocol starting clamped ignores the first (unpaired) clamped phase', () => {
    const p = { ...free, lr: 1 };
    const x = new Float64Array(5);
    classicTwoPhase.init(x, 0, 0, p);
    const run = (s: number, z: 0 | 1, n: number) => {
      for (let k = 0; k < n; k++) classicTwoPhase.step(x, 0, s, z, 0.01, p);
    };
    run(10, 1, 3); // clamped, no free phase before it
    run(1, 0, 3);
    expect(x[0]).toBe(0);
    run(4, 1, 3);
    run(1, 0, 1);
    expect(x[0]).toBeCloseTo(-3, 14);
    // A second cycle uses fresh free / clamped values.
    run(2, 0, 2);
    run(2.5, 1, 2);
    run(0, 0, 1);
    expect(x[0]).toBeCloseTo(-3.5, 14);
  });

  it('clamps the weight into its bounds', () => {
    const p = { lr: 1, wMin: -1, wMax: 1 };
    const x = new Float64Array(5);
    classicTwoPhase.init(x, 0, 0, p);
    for (const [s, z] of [
      [0, 0],
      [10, 1],
      [0, 0],
    ] as Array<[number, 0 | 1]>)
      classicTwoPhase.step(x, 0, s, z, 1, p);
    expect(x[0]).toBe(-1);
    for (const [s, z] of [
      [10, 1],
      [0, 0],
    ] as Array<[number, 0 | 1]>)
      classicTwoPhase.step(x, 0, s, z, 1, p);
    // s_F = 0 (last free step before this clamped phase), s_C = 10: would go to -11.
    expect(x[0]).toBe(-1);
    for (const [s, z] of [
      [30, 0],
      [-5, 1],
      [0, 0],
    ] as Array<[number, 0 | 1]>)
      classicTwoPhase.step(x, 0, s, z, 1, p);
    expect(x[0]).toBe(1); // -1 - (-5 - 30) = 34, clamped to 1
  });
});
