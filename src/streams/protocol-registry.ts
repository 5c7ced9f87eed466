import type { z as Z } from 'zod';
import { lazySchema } from '../registry/lazy-zod';
import { SpecError } from '../errors';
import { BuildableKind, Registry, readKind } from '../registry';
import { ClampSignal, Protocol } from './clamp-signal';
import { PhaseLength, reversedSawtooth, sawtooth, stochasticPhases, triangle, twoPhase } from './protocols';
import { frequencyPropagation } from './frequency-propagation';

/** A clamp protocol as a spec builds it, with what an experiment needs to know of it. */
export interface BuiltProtocol {
  protocol: Protocol;
  /** Index of the training example presented while this signal holds (before mod N). */
  exampleOf(sig: ClampSignal): number;
  /** Mean simulated time one example is presented. */
  meanPresentation: number;
  /** Nudge amplitude (beta of the clamped state). */
  amplitude: number;
  /** Rise and fall durations of a waveform protocol (tau_f, tau_s), if it is one. */
  ramps?: { rise: number; fall: number };
  /** Probability of a clamped phase, if phase types are drawn (a phase-signed rule's default b). */
  phaseProbability?: number;
  /**
   * An oscillating nudge beta(t) = amplitude sin(2 pi t / period), if the protocol is one
   * (frequencyPropagation): the reference a demodulating rule reads.
   */
  oscillation?: { amplitude: number; period: number };
}

/** A registrable clamp protocol: its kind, parameter schema (zod) and build function. */
export type ProtocolKind<S extends Z.ZodType = Z.ZodType> = BuildableKind<S, BuiltProtocol, void>;

/** Clamp protocols by `kind`; `registerProtocol` adds a user's. */
export const protocols = new Registry<ProtocolKind<any>>('protocol'); // eslint-disable-line @typescript-eslint/no-explicit-any
/**
 * Registers a clamp protocol kind (a TypeError if the kind is taken, unless replace); usable in
 * specs and on the CLI like a shipped one.
 */
export const registerProtocol = <S extends Z.ZodType>(entry: ProtocolKind<S>, opts?: { replace?: boolean }): void => protocols.register(entry, opts);

/** A protocol spec ({kind, ...params}) built and checked (design rule 5). */
export function readProtocol(spec: unknown, field: string): BuiltProtocol & { kind: string } {
  const { entry, params } = readKind(protocols, spec, field);
  try {
    return { kind: entry.kind, ...entry.build(params, undefined) };
  } catch (e) {
    // The protocol constructors name their own fields ('sawtooth.rise'); report them under the spec's.
    if (e instanceof SpecError) throw new SpecError(e.field.replace(/^[a-zA-Z]+/, field), e.expected, e.got);
    throw e;
  }
}

/** Fields several protocols share (zod is loaded when a schema is first used: lazySchema). */
const shared = (z: typeof Z) => ({
  period: z.number().positive().describe('period of one cycle (simulated time)'),
  amplitude: z.number().describe('nudge amplitude beta at the top of the ramp'),
  levels: z.number().int().positive().optional().describe('discrete levels per ramp (default: continuous ramps)'),
  sampleDt: z.number().positive().optional().describe('sampling interval of a continuous waveform (default period / 200)'),
  lead: z.number().nonnegative().optional().describe('free time before each rise, a cycle lasting lead + period (default 0)'),
  beta: z.number().nonnegative().describe('nudge strength of the clamped phase'),
});

function waveform(protocol: Protocol, period: number, amplitude: number, riseFrac: number, lead = 0): BuiltProtocol {
  return {
    protocol,
    exampleOf: (sig) => sig.index,
    meanPresentation: period + lead,
    amplitude,
    ramps: { rise: riseFrac * period, fall: (1 - riseFrac) * period },
  };
}

const sawtoothParams = lazySchema((z) => {
  const { period, amplitude, levels, sampleDt, lead } = shared(z);
  return z.strictObject({
    period,
    rise: z.number().gt(0).lt(1).describe('fraction of the period spent rising ([TCL] MNIST code: 0.1)'),
    amplitude,
    levels,
    sampleDt,
    lead,
  });
});

registerProtocol({
  kind: 'sawtooth',
  doc: 'asymmetric sawtooth: a fast rise from free to clamped, a slow fall back ([TCL])',
  params: sawtoothParams,
  build: (p) => waveform(sawtooth(p), p.period, p.amplitude, p.rise, p.lead),
});

registerProtocol({
  kind: 'reversedSawtooth',
  doc: 'the sawtooth played backwards: a slow rise and a fast fall (anti-learns under [TCL])',
  params: sawtoothParams,
  build: (p) => waveform(reversedSawtooth(p), p.period, p.amplitude, 1 - p.rise, p.lead),
});

registerProtocol({
  kind: 'triangle',
  doc: 'symmetric triangle wave (no net [TCL] update expected)',
  params: lazySchema((z) => {
    const { period, amplitude, levels, sampleDt, lead } = shared(z);
    return z.strictObject({ period, amplitude, levels, sampleDt, lead });
  }),
  build: (p) => waveform(triangle(p), p.period, p.amplitude, 0.5, p.lead),
});

registerProtocol({
  kind: 'twoPhase',
  doc: 'periodic free then clamped phases (the classic protocol)',
  params: lazySchema((z) =>
    z.strictObject({
      free: z.number().positive().describe('length of the free phase'),
      clamped: z.number().positive().describe('length of the clamped phase'),
      beta: shared(z).beta,
    }),
  ),
  build: (p) => ({
    protocol: twoPhase(p),
    exampleOf: (sig) => Math.floor(sig.index / 2),
    meanPresentation: p.free + p.clamped,
    amplitude: p.beta,
  }),
});

registerProtocol({
  kind: 'stochasticPhases',
  doc: 'phases of random type z ~ Bernoulli(b) and random length ([FLEX])',
  params: lazySchema((z) =>
    z.strictObject({
      b: z.number().min(0).max(1).describe('probability of a clamped phase'),
      beta: shared(z).beta,
      length: z.unknown().describe('phase length: {fixed: T}, {geometric: mean, step?} or {uniform: [min, max]}'),
    }),
  ),
  build: (p) => ({
    protocol: stochasticPhases({ ...p, length: p.length as PhaseLength }),
    exampleOf: (sig) => sig.index,
    meanPresentation: meanLength(p.length as PhaseLength),
    amplitude: p.beta,
    phaseProbability: p.b,
  }),
});

function meanLength(l: PhaseLength): number {
  if (typeof l === 'function') return NaN;
  if ('fixed' in l) return l.fixed;
  if ('geometric' in l) return l.geometric;
  return (l.uniform[0] + l.uniform[1]) / 2;
}

registerProtocol({
  kind: 'frequencyPropagation',
  doc: 'frequency propagation: inputs held (activation at w1 = 0), output nudge beta sin(w2 t) (error at w2)',
  params: lazySchema((z) =>
    z.strictObject({
      period: z.number().positive().describe('presentation time of one example (simulated time)'),
      cycles: z.number().int().positive().default(10).describe('oscillations of the nudge per period (w2 = 2 pi cycles / period; default 10, ours: measured, fewer leave the lock-in transients of each example in the weights)'),
      beta: z.number().positive().describe('amplitude of the oscillating nudge (keep it below the outputs\' conductance: beta < 0 pushes away)'),
      sampleDt: z.number().positive().optional().describe('sampling interval of the sine (default period / (50 cycles))'),
    }),
  ),
  build: (p) => ({
    protocol: frequencyPropagation(p),
    exampleOf: (sig) => sig.index,
    meanPresentation: p.period,
    amplitude: p.beta,
    oscillation: { amplitude: p.beta, period: p.period / p.cycles },
  }),
});
