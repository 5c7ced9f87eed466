import { Rng } from '../scheduler/random';
import { integer, inRange, nonNegative, positive } from '../validate';
import { SpecError } from '../errors';
import { ClampSignal, Protocol, ProtocolContext } from './clamp-signal';
import { fromSegments, sampled } from './emitters';

/** Periodic free / clamped phases: free for `free`, then clamped at `beta` for `clamped`. */
export function twoPhase(p: { free: number; clamped: number; beta: number; startClamped?: boolean }): Protocol {
  positive('twoPhase.free', p.free);
  positive('twoPhase.clamped', p.clamped);
  nonNegative('twoPhase.beta', p.beta);
  const first = p.startClamped ? 1 : 0;
  return {
    kind: 'twoPhase',
    params: { ...p },
    period: p.free + p.clamped,
    signal: ({ scheduler }) =>
      fromSegments(scheduler, (k) => {
        const z = ((k + first) % 2) as 0 | 1;
        return z === 1
          ? { duration: p.clamped, beta: p.beta, phase: 'clamped', z, index: k }
          : { duration: p.free, beta: 0, phase: 'free', z, index: k };
      }),
  };
}

/** How long a stochastic phase lasts. */
export type PhaseLength =
  | { fixed: number }
  | { geometric: number; step?: number }
  | { uniform: [number, number] }
  | ((rng: Rng) => number);

/**
 * A sampler of phase lengths from {fixed}, {geometric}, {uniform} or a function; a SpecError names
 * the bad field.
 */
export function phaseLengthSampler(field: string, spec: PhaseLength): (rng: Rng) => number {
  if (typeof spec === 'function') return spec;
  if (typeof spec !== 'object' || spec === null) {
    throw new SpecError(field, '{fixed}, {geometric}, {uniform} or a sampler function', spec);
  }
  if ('fixed' in spec) {
    const T = positive(`${field}.fixed`, spec.fixed);
    return () => T;
  }
  if ('geometric' in spec) {
    // Geometric number of steps with the given mean: each step ends the phase with prob step/mean.
    const mean = positive(`${field}.geometric`, spec.geometric);
    const step = positive(`${field}.step`, spec.step ?? 1);
    if (mean < step) throw new SpecError(`${field}.geometric`, `a mean >= step (${step})`, mean);
    // Past 1e15 steps 1 - step/mean rounds to 1 and the sampler's log(1 - q) is 0: the phase
    // length came out -Infinity, mid-run (found by the spec fuzz test).
    if (mean / step > 1e15) throw new SpecError(`${field}.geometric`, `a mean of at most 1e15 steps (${step * 1e15})`, mean);
    const q = step / mean;
    return (rng) => step * rng.geometric(q);
  }
  if ('uniform' in spec) {
    if (!Array.isArray(spec.uniform)) throw new SpecError(`${field}.uniform`, '[min, max]', spec.uniform);
    const [lo, hi] = spec.uniform;
    positive(`${field}.uniform[0]`, lo);
    positive(`${field}.uniform[1]`, hi);
    if (hi < lo) throw new SpecError(`${field}.uniform`, '[min, max] with min <= max', spec.uniform);
    return (rng) => rng.between(lo, hi);
  }
  throw new SpecError(field, '{fixed}, {geometric}, {uniform} or a sampler function', spec);
}

/**
 * Phases of random type z ~ Bernoulli(b) (independent, so a type may repeat) and random
 * length ([FLEX]; docs/science.md#flexible-phases). Both draws come from the clock's own substream.
 */
export function stochasticPhases(p: { b: number; beta: number; length: PhaseLength }): Protocol {
  inRange('stochasticPhases.b', p.b, 0, 1);
  nonNegative('stochasticPhases.beta', p.beta);
  const sample = phaseLengthSampler('stochasticPhases.length', p.length);
  return {
    kind: 'stochasticPhases',
    params: { ...p, length: typeof p.length === 'function' ? 'custom' : p.length },
    signal: ({ scheduler, rng }: ProtocolContext) =>
      fromSegments(scheduler, (k) => {
        const z: 0 | 1 = rng.bernoulli(p.b) ? 1 : 0;
        const duration = sample(rng);
        if (!(duration > 0) || !Number.isFinite(duration)) {
          throw new SpecError('stochasticPhases.length', 'phase lengths > 0', duration);
        }
        return z === 1
          ? { duration, beta: p.beta, phase: 'clamped', z, index: k }
          : { duration, beta: 0, phase: 'free', z, index: k };
      }),
  };
}

/**
 * An asymmetric sawtooth: period, rise fraction, amplitude (beta) and optional discrete levels per
 * ramp.
 */
export interface SawtoothParams {
  /** Length of one cycle (simulated time). */
  period: number;
  /** Fraction of the period spent rising from 0 to the amplitude; the rest falls back. */
  rise: number;
  /** beta at the top of the ramp. */
  amplitude: number;
  /** Discrete levels per ramp (piecewise constant); omitted = continuous ramps. */
  levels?: number;
  /** Sampling interval of a continuous waveform (default period / 200). */
  sampleDt?: number;
  /**
   * Free time (beta 0) before each cycle's rise, so a cycle lasts lead + period (default 0). A
   * network shown a new example at the start of a cycle relaxes to its new free state, and a
   * memory kernel forgets the change of example, before the nudge begins.
   */
  lead?: number;
}

/** beta and phase of a (possibly quantised) sawtooth at local time t: the closed form. */
export function sawtoothAt(p: SawtoothParams, t: number): Omit<ClampSignal, 't'> {
  const lead = p.lead ?? 0;
  let index: number;
  let x: number;
  if (lead > 0) {
    // The cycle lasts lead + period; the ramps run on the time since the lead ended.
    index = Math.floor(t / (lead + p.period));
    const local = t - index * (lead + p.period);
    if (local < lead) return { beta: 0, phase: 'free', z: 0, index };
    const cycles = (local - lead) / p.period;
    x = cycles - Math.floor(cycles);
  } else {
    const cycles = t / p.period;
    index = Math.floor(cycles);
    x = cycles - index;
  }
  const L = p.levels;
  if (x < p.rise) {
    const f = x / p.rise;
    // Quantised rise: L levels A/L, 2A/L, ..., A, so the clamped value is reached.
    const v = L ? Math.min(L, Math.floor(f * L) + 1) / L : f;
    return { beta: p.amplitude * v, phase: 'rise', z: 1, index };
  }
  const f = (x - p.rise) / (1 - p.rise);
  // Quantised fall: L levels (L-1)A/L, ..., 0, so the cycle ends free.
  const v = L ? Math.max(0, L - 1 - Math.floor(f * L)) / L : 1 - f;
  return { beta: p.amplitude * v, phase: 'fall', z: 0, index };
}

function checkSawtooth(name: string, p: SawtoothParams): void {
  positive(`${name}.period`, p.period);
  inRange(`${name}.rise`, p.rise, 0, 1);
  if (p.rise === 0 || p.rise === 1) throw new SpecError(`${name}.rise`, 'a fraction strictly between 0 and 1', p.rise);
  nonNegative(`${name}.amplitude`, p.amplitude);
  if (p.levels !== undefined) integer(`${name}.levels`, p.levels, 1);
  if (p.sampleDt !== undefined) positive(`${name}.sampleDt`, p.sampleDt);
  if (p.lead !== undefined) nonNegative(`${name}.lead`, p.lead);
}

function waveform(kind: string, p: SawtoothParams): Protocol {
  checkSawtooth(kind, p);
  return {
    kind,
    params: { ...p },
    period: p.period + (p.lead ?? 0),
    signal: ({ scheduler }) => {
      if (p.levels === undefined) return sampled(scheduler, p.sampleDt ?? p.period / 200, (t) => sawtoothAt(p, t));
      // Quantised: emit only at level changes, exactly at the step boundaries; with a lead, a
      // free segment first in each cycle.
      const L = p.levels;
      const riseStep = (p.rise * p.period) / L;
      const fallStep = ((1 - p.rise) * p.period) / L;
      const lead = p.lead ?? 0;
      const perCycle = 2 * L + (lead > 0 ? 1 : 0);
      return fromSegments(scheduler, (k) => {
        const cycle = Math.floor(k / perCycle);
        if (lead > 0 && k % perCycle === 0) return { duration: lead, beta: 0, phase: 'free', z: 0, index: cycle };
        const j = (k % perCycle) - (lead > 0 ? 1 : 0);
        const rising = j < L;
        const v = rising ? (j + 1) / L : (2 * L - 1 - j) / L;
        return {
          duration: rising ? riseStep : fallStep,
          beta: p.amplitude * v,
          phase: rising ? 'rise' : 'fall',
          z: rising ? 1 : 0,
          index: cycle,
        };
      });
    },
  };
}

/** Asymmetric sawtooth ([TCL]; docs/science.md#the-sawtooth-protocol): fast rise, slow fall when rise < 0.5. */
export function sawtooth(p: SawtoothParams): Protocol {
  return waveform('sawtooth', p);
}

/** The time-reversed sawtooth: slow rise, fast fall (anti-learns under TCL). */
export function reversedSawtooth(p: SawtoothParams): Protocol {
  checkSawtooth('reversedSawtooth', p);
  return { ...waveform('reversedSawtooth', { ...p, rise: 1 - p.rise }), params: { ...p } };
}

/** Symmetric triangle: rise and fall take half a period each. */
export function triangle(p: Omit<SawtoothParams, 'rise'>): Protocol {
  return waveform('triangle', { ...p, rise: 0.5 });
}

/** A constant nudge (beta = 0 is the free state, beta > 0 a permanently clamped one). */
export function constant(p: { beta: number }): Protocol {
  nonNegative('constant.beta', p.beta);
  return {
    kind: 'constant',
    params: { ...p },
    signal: ({ scheduler }) =>
      fromSegments(scheduler, () => ({
        duration: Infinity,
        beta: p.beta,
        phase: 'constant',
        z: p.beta > 0 ? 1 : 0,
        index: 0,
      })),
  };
}
