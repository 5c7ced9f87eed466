import fc from 'fast-check';
import type { ProtocolSpec } from '../learning/protocol-spec';
import { protocols, readProtocol } from '../streams/protocol-registry';
import { type ParamsArb, acceptedBy, kindSpecArb } from './kind-arb';
import { type ModelTimescales, defaultTimescales } from './timescales';
import { defined, maybe, uniformArb } from './uniform';

const amplitude = uniformArb(0.5, 5);
const beta = uniformArb(0.05, 2);
/** Waveform sampling and levels: fine enough to resolve tau_f (sampleDt at most tau_f / 5). */
const waveformDetail = (t: ModelTimescales) => ({ levels: maybe(fc.integer({ min: 1, max: 20 })), sampleDt: maybe(uniformArb(t.tauF / 50, t.tauF / 5)) });
/** A phase length of tau_f to 4 tau_f: tau_f is the shortest phase the model resolves. */
const phase = (t: ModelTimescales) => uniformArb(t.tauF, 4 * t.tauF);

/**
 * The shipped protocols' parameters on a model's timescales: each protocol's fast part lasts
 * tau_f (a sawtooth's rise, the shortest phase, one oscillation), its slow part at least 3 tau_f
 * where it has one (a sawtooth's fall, as the timescale check of a kernel rule asks).
 */
export const shippedProtocolArbs: Record<string, ParamsArb> = {
  sawtooth: (t) => sawtoothArb(t),
  // Reversed, the fast part is the fall; the same draw keeps it at tau_f.
  reversedSawtooth: (t) => sawtoothArb(t),
  triangle: (t) => fc.record({ period: uniformArb(2 * t.tauF, 8 * t.tauF), amplitude, ...waveformDetail(t) }).map(defined),
  twoPhase: (t) => fc.record({ free: phase(t), clamped: phase(t), beta }),
  stochasticPhases: (t) =>
    fc.record({
      // Not 0 or 1: a phase-signed rule weighs phases by 1/b and 1/(1 - b).
      b: uniformArb(0.05, 0.95),
      beta,
      length: fc.oneof(
        phase(t).map((fixed) => ({ fixed })),
        fc.record({ geometric: phase(t), step: uniformArb(t.tauF / 10, t.tauF) }),
        fc.tuple(phase(t), phase(t)).map(([a, b]) => ({ uniform: [Math.min(a, b), Math.max(a, b)] })),
      ),
    }),
  frequencyPropagation: (t) =>
    fc
      .record({ cycles: fc.integer({ min: 2, max: 20 }), oscillation: phase(t), beta: uniformArb(0.05, 1), sampleDt: maybe(uniformArb(t.tauF / 50, t.tauF / 10)) })
      .map(({ cycles, oscillation, ...p }) => defined({ period: cycles * oscillation, cycles, ...p })),
};

function sawtoothArb(t: ModelTimescales): fc.Arbitrary<Record<string, unknown>> {
  // The rise lasts tau_f; a rise fraction up to 0.24 leaves a fall of more than 3 tau_f (1/4
  // would leave exactly 3 tau_f, which rounding may put below).
  return fc.record({ rise: uniformArb(0.02, 0.24), amplitude, ...waveformDetail(t) }).map((p) => defined({ period: t.tauF / p.rise, ...p }));
}

/**
 * Clamp protocol specs of every protocol kind registered when this is called (shipped or a
 * user's), one kind as likely as another, scaled to the model's timescales (see
 * shippedProtocolArbs); a user's kind draws from its parameter schema, numbers within 10 tau_f,
 * unless `own` gives it an arbitrary. Every draw is one readProtocolSpec accepts.
 */
export function protocolArb(t: ModelTimescales = defaultTimescales, own: Record<string, ParamsArb> = {}): fc.Arbitrary<ProtocolSpec> {
  return kindSpecArb(protocols, { ...shippedProtocolArbs, ...own }, t, 10 * t.tauF, acceptedBy((s) => readProtocol(s, 'protocol'))) as fc.Arbitrary<ProtocolSpec>;
}
