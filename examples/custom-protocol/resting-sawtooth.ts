// A clamp protocol of your own (docs/guides/clamp-protocol.md walks through it): a sawtooth
// followed by a rest at beta = 0, registered as kind "restingSawtooth" and run through a
// learning spec. In your project import from 'phaseless'; this file imports the sources so that
// the repository's tests can run it.
import { ClampSignal, Protocol, prepareLearn, protocols, readLearnSpec, registerProtocol, sampled, z } from '../../src';

export interface RestingSawtoothParams {
  /** Length of one cycle, rest included (simulated time). */
  period: number;
  /** Fraction of the active part spent rising. */
  rise: number;
  /** Time at beta = 0 at the end of each cycle. */
  rest: number;
  amplitude: number;
}

/** beta at local time t: the closed form, so the clock never accumulates rounding. */
function at(p: RestingSawtoothParams, t: number): Omit<ClampSignal, 't'> {
  const index = Math.floor(t / p.period);
  const x = t - index * p.period;
  const active = p.period - p.rest;
  const tauF = p.rise * active;
  if (x < tauF) return { beta: (p.amplitude * x) / tauF, phase: 'rise', z: 1, index };
  if (x < active) return { beta: p.amplitude * (1 - (x - tauF) / (active - tauF)), phase: 'fall', z: 0, index };
  return { beta: 0, phase: 'free', z: 0, index };
}

export function restingSawtooth(p: RestingSawtoothParams): Protocol {
  return {
    kind: 'restingSawtooth',
    params: { ...p },
    period: p.period,
    // A continuous waveform sampled every period / 200 on the run's scheduler.
    signal: ({ scheduler }) => sampled(scheduler, p.period / 200, (t) => at(p, t)),
  };
}

/** Registers kind "restingSawtooth" (once per process). */
export function registerRestingSawtooth(): void {
  if (protocols.has('restingSawtooth')) return;
  registerProtocol({
    kind: 'restingSawtooth',
    doc: 'a sawtooth (fast rise, slow fall) followed by a rest at beta = 0',
    params: z
      .strictObject({
        period: z.number().positive().describe('cycle length, rest included'),
        rise: z.number().gt(0).lt(1).describe('fraction of the active part spent rising'),
        rest: z.number().nonnegative().default(0).describe('time at beta = 0 per cycle'),
        amplitude: z.number().nonnegative().describe('beta at the top'),
      })
      // Checked when the spec is read, so the error names the field before any work starts.
      .refine((p) => p.rest < p.period, { path: ['rest'], message: 'a rest shorter than the period' }),
    build: (p) => {
      const active = p.period - p.rest;
      return {
        protocol: restingSawtooth(p),
        exampleOf: (sig) => sig.index, // one cycle per example (times cyclesPerExample)
        meanPresentation: p.period,
        amplitude: p.amplitude,
        // The ramps are what the timescale check and the threshold calibration read (tau_f, tau_s).
        ramps: { rise: p.rise * active, fall: (1 - p.rise) * active },
      };
    },
  });
}

/** The default experiment with this protocol, for a few epochs: test error before and after. */
export function runWithRest(epochs = 2): { initialTestError: number; finalTestError: number } {
  registerRestingSawtooth();
  const spec = readLearnSpec({ protocol: { kind: 'restingSawtooth', period: 5, rise: 0.1, rest: 1, amplitude: 5 }, epochs });
  const { initialTestError, finalTestError } = prepareLearn(spec).run();
  return { initialTestError, finalTestError };
}
