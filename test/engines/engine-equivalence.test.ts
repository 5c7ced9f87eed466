import fc from 'fast-check';
import { fixedWeight, sawtooth, stochasticPhases, twoPhase } from '../../src';
import { Layered, hopfieldCase, hopfieldRun, layeredArb } from '../support/hopfield-case';
import { runs } from '../support/property-runs';
import { RuleCase, registeredRuleCases } from '../support/rule-cases';

/**
 * The two engines on the layered Hopfield substrate, whose synapses conduct on their ticks
 * (a Jacobi map): every registered rule, and the TCL rule with every registered kernel, read
 * from its spec as a run reads it, so a newly registered rule is covered without a new test.
 * (The resistor substrate, which conducts by event, has the same property in
 * test/engines/networks/resistor-lockstep.test.ts.)
 */
const signed = { wMin: -1e3, wMax: 1e3 };
// Parameters that move the weights visibly within a few dozen ticks.
const cases = registeredRuleCases(
  {
    unmodulated: () => sawtooth({ period: 7.3, rise: 0.2, amplitude: 0.8, levels: 4 }),
    phaseSigned: (b) => stochasticPhases({ b, beta: 0.8, length: { uniform: [2.1, 5.3] } }),
    twoPhase: () => twoPhase({ free: 6.3, clamped: 4.1, beta: 0.8 }),
  },
  // Hopfield weights are signed: bounds wide on both sides, so that only learning moves them.
  {
    // The default kernels forget within a tick here (u ~ 1e-7): a low threshold lets them act.
    tcl: { lr: 0.5, theta: 1e-9, ...signed },
    // The sampled kernel's default support is 0.1 (10 samples of 0.01): on ticks of one time
    // unit every tick fills its line with one held value and its zero-area sum is 0, so no
    // weight could move. One sample per tick spans 10 ticks.
    'kernel.sampled': { spacing: 1 },
    classic: { lr: 0.2, ...signed },
    phaseSigned: { lr: 0.05, ...signed },
    hebbian: { lr: 0.05, ...signed },
  },
);

function trajectory(engine: 'reactive' | 'array', c: RuleCase, h: Layered): Float64Array[] {
  const { scheduler, run, stop } = hopfieldRun(engine, h, c);
  const samples: Float64Array[] = [];
  for (let t = 1; t <= 6; t++) {
    scheduler.runUntil(t * 5 + 0.5);
    samples.push(run.states(), run.weights());
  }
  stop();
  return samples;
}

describe('reactive and array engines on the Hopfield substrate (tick conduction, synchronous timing)', () => {
  it.each(cases)('$name: same unit and weight trajectories to 1e-9', (c) => {
    fc.assert(
      fc.property(layeredArb, (h) => {
        const a = trajectory('reactive', c, h);
        const b = trajectory('array', c, h);
        a.forEach((arr, k) => arr.forEach((x, i) => expect(Math.abs(x - b[k][i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)))));
        // A learning rule must have moved some weight, or the comparison says little.
        if (c.rule !== fixedWeight) {
          const w0 = hopfieldCase(h).sub.w0;
          expect(a[a.length - 1].some((w, e) => w !== w0[e])).toBe(true);
        }
      }),
      { numRuns: runs(8) },
    );
  });
});
