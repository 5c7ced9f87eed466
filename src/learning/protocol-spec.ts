import { SpecError } from '../errors';
import { ClampSignal, Protocol } from '../streams/clamp-signal';
import { PhaseLength, reversedSawtooth, sawtooth, stochasticPhases, triangle, twoPhase } from '../streams/protocols';
import { isRecord, knownKeys } from '../validate';

/** A clamp protocol as written in a spec (JSON). */
export type ProtocolSpec =
  | { kind: 'sawtooth' | 'reversedSawtooth'; period: number; rise: number; amplitude: number; levels?: number; sampleDt?: number }
  | { kind: 'triangle'; period: number; amplitude: number; levels?: number; sampleDt?: number }
  | { kind: 'twoPhase'; free: number; clamped: number; beta: number }
  | { kind: 'stochasticPhases'; b: number; beta: number; length: PhaseLength };

const keysOf: Record<string, string[]> = {
  sawtooth: ['period', 'rise', 'amplitude', 'levels', 'sampleDt'],
  reversedSawtooth: ['period', 'rise', 'amplitude', 'levels', 'sampleDt'],
  triangle: ['period', 'amplitude', 'levels', 'sampleDt'],
  twoPhase: ['free', 'clamped', 'beta'],
  stochasticPhases: ['b', 'beta', 'length'],
};

/** A learning protocol: the clock, which example each clock signal presents, and its timescales. */
export interface LearningProtocol {
  spec: ProtocolSpec;
  protocol: Protocol;
  /** Index of the training example presented while this signal holds (before mod N). */
  exampleOf(sig: ClampSignal): number;
  /** Mean simulated time one example is presented. */
  meanPresentation: number;
  /** Nudge amplitude (beta of the clamped state). */
  amplitude: number;
  /** Rise and fall durations of a waveform protocol (tau_f, tau_s), if it is one. */
  ramps?: { rise: number; fall: number };
}

export function readProtocolSpec(v: unknown, field = 'protocol'): LearningProtocol {
  if (!isRecord(v) || typeof v.kind !== 'string' || !(v.kind in keysOf)) {
    throw new SpecError(`${field}.kind`, `one of ${Object.keys(keysOf).join(', ')}`, isRecord(v) ? v.kind : v);
  }
  knownKeys(field, v, ['kind', ...keysOf[v.kind]]);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const { kind: _kind, ...params } = v as any;
  const named = <T>(make: () => T): T => {
    try {
      return make();
    } catch (e) {
      // Protocol constructors name their own fields ('sawtooth.rise'); report them under the spec's.
      if (e instanceof SpecError) throw new SpecError(e.field.replace(/^[a-zA-Z]+/, field), e.expected, e.got);
      throw e;
    }
  };
  const spec = v as unknown as ProtocolSpec;
  switch (spec.kind) {
    case 'sawtooth':
    case 'reversedSawtooth': {
      const protocol = named(() => (spec.kind === 'sawtooth' ? sawtooth(params) : reversedSawtooth(params)));
      const riseFrac = spec.kind === 'sawtooth' ? spec.rise : 1 - spec.rise;
      return waveform(spec, protocol, spec.period, spec.amplitude, riseFrac);
    }
    case 'triangle':
      return waveform(spec, named(() => triangle(params)), spec.period, spec.amplitude, 0.5);
    case 'twoPhase': {
      const protocol = named(() => twoPhase(params));
      return {
        spec,
        protocol,
        exampleOf: (sig) => Math.floor(sig.index / 2),
        meanPresentation: spec.free + spec.clamped,
        amplitude: spec.beta,
      };
    }
    case 'stochasticPhases': {
      const protocol = named(() => stochasticPhases(params));
      return {
        spec,
        protocol,
        exampleOf: (sig) => sig.index,
        meanPresentation: meanLength(spec.length),
        amplitude: spec.beta,
      };
    }
  }
}

function waveform(spec: ProtocolSpec, protocol: Protocol, period: number, amplitude: number, riseFrac: number): LearningProtocol {
  return {
    spec,
    protocol,
    exampleOf: (sig) => sig.index,
    meanPresentation: period,
    amplitude,
    ramps: { rise: riseFrac * period, fall: (1 - riseFrac) * period },
  };
}

function meanLength(l: PhaseLength): number {
  if (typeof l === 'function') return NaN;
  if ('fixed' in l) return l.fixed;
  if ('geometric' in l) return l.geometric;
  return (l.uniform[0] + l.uniform[1]) / 2;
}
