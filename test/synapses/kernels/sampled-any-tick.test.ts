import fc from 'fast-check';
import { sampledKernel } from '../../../src/synapses/kernels/sampled';
import { runs } from '../../support/property-runs';

/**
 * The sampled kernel on any tick, against computations written here from its definition: sample
 * times k h from the start at rest, sample k the signal of the step whose interval (t_{i-1}, t_i]
 * holds k h (samples k <= 0 the rest signal), u after a step sum_m h w_m sample[K - m] with K the
 * last sample time reached.
 */

/** Samples reached by time t: a time within 1e-9 of a sample (in samples) reaches it (the kernel's tolerance). */
const reached = (t: number, h: number): number => Math.floor(t / h + 1e-9);

/** u after each step by the direct sum over the sample times (global times t_i = sum of the dt). */
function direct(w: number[], h: number, s0: number, steps: { dt: number; s: number }[]): number[] {
  const sample: number[] = [];
  let t = 0;
  return steps.map(({ dt, s }) => {
    t += dt;
    for (let k = sample.length + 1; k <= reached(t, h); k++) sample.push(s);
    const K = sample.length;
    return h * w.reduce((acc, wm, m) => acc + wm * (K - m >= 1 ? sample[K - m - 1] : s0), 0);
  });
}

/** The circular convolution of a cycle of T samples (the authors' periodic boundary), causal alignment. */
function circular(w: number[], h: number, s: number[]): number[] {
  const T = s.length;
  return s.map((_, n) => h * w.reduce((acc, wm, m) => acc + wm * s[(((n - m) % T) + T) % T], 0));
}

const weightsArb = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 12 });
const spacingArb = fc.constantFrom(0.01, 0.1, 0.25, 3, 0.013);
const signalArb = fc.double({ min: -5, max: 5, noNaN: true });

/** Steps in units of h: any length up to 3.5 samples, or whole and quarter samples (their ends fall on sample times). */
const stepsArb = fc.array(
  fc.record({ units: fc.oneof(fc.double({ min: 0, max: 3.5, noNaN: true }), fc.integer({ min: 0, max: 14 }).map((j) => j / 4)), s: signalArb }),
  { minLength: 1, maxLength: 40 },
);

describe('the sampled kernel on any tick', () => {
  it('with dt = h or 3h, a second pass over a cycle of T >= N samples is the circular convolution exactly', () => {
    fc.assert(
      fc.property(weightsArb, fc.array(signalArb, { minLength: 12, maxLength: 30 }), spacingArb, fc.constantFrom(1, 3), (w, cycle, h, q) => {
        // The cycle as steps of q samples each (T a multiple of q), each sample the step's signal.
        const steps = cycle.slice(0, cycle.length - (cycle.length % q)).filter((_, i) => i % q === 0);
        const s = steps.flatMap((v) => Array<number>(q).fill(v));
        // dt as a spec writes it (0.3 for 3 samples of 0.1 is 2.9999999999999996 samples).
        const dt = Number((q * h).toPrecision(12));
        const k = sampledKernel({ spacing: h, weights: w });
        const x = new Float64Array(k.stateSize);
        k.rest(x, 0, 0);
        for (const v of steps) k.step(x, 0, v, dt);
        const got = steps.map((v) => k.step(x, 0, v, dt));
        const want = circular(w, h, s).filter((_, n) => n % q === q - 1);
        expect(got).toEqual(want);
      }),
      { numRuns: runs(200) },
    );
  });

  it('on random ticks equals the direct sum over the sample times', () => {
    fc.assert(
      fc.property(weightsArb, spacingArb, signalArb, stepsArb, (w, h, s0, raw) => {
        const steps = raw.map(({ units, s }) => ({ dt: units * h, s }));
        const k = sampledKernel({ spacing: h, weights: w });
        const x = new Float64Array(k.stateSize);
        k.rest(x, 0, s0);
        const got = steps.map(({ dt, s }) => k.step(x, 0, s, dt));
        const want = direct(w, h, s0, steps);
        got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-12 * h * (1 + Math.abs(want[i]))));
      }),
      { numRuns: runs(300) },
    );
  });

  it('a step that crosses no sample time leaves u and the delay line as they were, whatever its signal', () => {
    fc.assert(
      fc.property(weightsArb, spacingArb, signalArb, stepsArb, fc.double({ min: 0, max: 0.999, noNaN: true }), signalArb, (w, h, s0, raw, part, s) => {
        const k = sampledKernel({ spacing: h, weights: w });
        const x = new Float64Array(k.stateSize);
        k.rest(x, 0, s0);
        let u = k.step(x, 0, s0, 0);
        let t = 0;
        for (const r of raw) {
          u = k.step(x, 0, r.s, r.units * h);
          t += r.units * h;
        }
        // Part of the time to the next sample time.
        const next = (reached(t, h) + 1) * h - t;
        const line = Array.from(x.subarray(0, w.length));
        expect(k.step(x, 0, s, part * next)).toBe(u);
        expect(Array.from(x.subarray(0, w.length))).toEqual(line);
      }),
      { numRuns: runs(300) },
    );
  });

  it('state copied mid-run (a snapshot) resumes as the run uninterrupted, the clock included', () => {
    fc.assert(
      fc.property(weightsArb, spacingArb, stepsArb, fc.nat(), (w, h, raw, cut) => {
        const k = sampledKernel({ spacing: h, weights: w });
        const x = new Float64Array(k.stateSize);
        k.rest(x, 0, 0);
        const at = cut % raw.length;
        let y = x;
        const got = raw.map(({ units, s }, i) => {
          if (i === at) y = Float64Array.from(x);
          return k.step(i >= at ? y : x, 0, s, units * h);
        });
        k.rest(x, 0, 0);
        expect(raw.map(({ units, s }) => k.step(x, 0, s, units * h))).toEqual(got);
      }),
      { numRuns: runs(100) },
    );
  });
});
