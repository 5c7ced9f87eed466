import fc from 'fast-check';
import { defaultTimescales, distortionArb, faultsArb, irregularityArb, timingArb } from '../src/arbitraries';
import { DEAD, STUCK, chooseFaults, readFaults } from '../src/engines/faults';
import { prepareLearn } from '../src/learning/learn';
import { readLearnSpec } from '../src/learning/learn-spec';
import { readTiming } from '../src/engines/timing';
import { checkDistortion } from '../src/streams/operators';
import { propertySeed } from './support/property-runs';

/**
 * The exported arbitraries of timing and faults: every draw is a valid spec field, draws are
 * spread over their whole range (not ~90% of jitters below 0.01, as fc.double gave), delays
 * are scaled to the model's tau_f, and a user's property over them runs as a learning spec.
 */
const seed = propertySeed();
const N = 2000;
const share = (xs: number[], p: (x: number) => boolean) => xs.filter(p).length / xs.length;

describe('timing and fault arbitraries', () => {
  it('draw valid spec fields', () => {
    for (const t of fc.sample(timingArb(), { numRuns: 200, seed })) expect(readTiming(t)).toEqual(t);
    for (const d of fc.sample(distortionArb(), { numRuns: 200, seed })) expect(checkDistortion('view', d)).toEqual(d);
    for (const f of fc.sample(faultsArb(), { numRuns: 200, seed })) expect(readFaults(f)).toEqual(f);
    for (const x of fc.sample(irregularityArb(), { numRuns: 200, seed })) {
      expect(readLearnSpec(x)).toMatchObject(x);
    }
  });

  it('spread their draws over the range: jitter, delays and fractions are not piled up near 0', () => {
    const jitters = fc.sample(timingArb(), { numRuns: N, seed }).map((t) => t.jitter);
    expect(share(jitters, (j) => j < 0.01)).toBeLessThan(0.03);
    expect(share(jitters, (j) => j > 0.45)).toBeGreaterThan(0.4);
    const xs = fc.sample(irregularityArb(), { numRuns: N, seed });
    // One draw in five is exactly 0 (the clean case); the rest uniform.
    const j = xs.map((x) => x.timing.jitter);
    expect(share(j, (v) => v === 0)).toBeGreaterThan(0.1);
    expect(share(j, (v) => v === 0)).toBeLessThan(0.3);
    expect(share(j, (v) => v > 0.45)).toBeGreaterThan(0.3);
    const drops = xs.map((x) => x.faults.drop);
    expect(share(drops, (v) => v > 0.45)).toBeGreaterThan(0.3);
  });

  it('scale delays to tau_f and keep the model timescales', () => {
    const t = { ...defaultTimescales, tauF: 0.3 };
    const xs = fc.sample(irregularityArb(t, { delayMax: 0.5 }), { numRuns: N, seed });
    const delays = xs.map((x) => x.endpointView?.randomDelay?.max ?? 0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(0.15);
    expect(share(delays, (d) => d > 0.075)).toBeGreaterThan(0.3);
    for (const x of xs) expect(x.timing).toMatchObject({ tau: t.tau, nodePeriod: t.nodePeriod, synapsePeriod: t.synapsePeriod });
    expect(Math.max(...xs.map((x) => x.timing.rateSpread))).toBeGreaterThan(6);
  });

  it('a property over them: a short learning run stays finite, dead synapses at 0 and stuck ones at w0', () => {
    fc.assert(
      fc.property(irregularityArb(), fc.nat(1000), (x, s) => {
        const spec = readLearnSpec({
          ...x,
          seed: s,
          engine: 'event',
          network: { random: { n: 8, meanDegree: 3, kMin: 0.5, kMax: 2, inputs: 2, outputs: 1 } },
          task: { train: 2, test: 2, inputRange: 1, teacherK: [0.1, 10] },
          epochs: 1,
          cyclesPerExample: 1,
        });
        const job = prepareLearn(spec);
        const fault = chooseFaults(job.net.k.length, spec.faults!, spec.seed);
        let k: number[];
        try {
          k = job.run().conductances;
        } catch (e) {
          // Dead synapses may cut an output off: then there is no error to measure.
          expect((e as Error).message).toMatch(/^agent metric \w+ diverged at simulated time 0 /);
          return;
        }
        k.forEach((w, e) => {
          expect(Number.isFinite(w)).toBe(true);
          if (fault[e] === DEAD) expect(w).toBe(0);
          if (fault[e] === STUCK) expect(w).toBe(job.net.k[e]);
        });
      }),
      { numRuns: 5, seed },
    );
  });
});
