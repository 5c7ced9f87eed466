import { BuiltProtocol, protocols, readProtocol } from '../streams/protocol-registry';
import { PhaseLength } from '../streams/protocols';

/** A shipped clamp protocol as written in a spec (JSON); a registered one takes its own fields. */
export type ProtocolSpec =
  | { kind: 'sawtooth' | 'reversedSawtooth'; period: number; rise: number; amplitude: number; levels?: number; sampleDt?: number }
  | { kind: 'triangle'; period: number; amplitude: number; levels?: number; sampleDt?: number }
  | { kind: 'twoPhase'; free: number; clamped: number; beta: number }
  | { kind: 'stochasticPhases'; b: number; beta: number; length: PhaseLength }
  | { kind: string & {}; [param: string]: unknown };

/** The protocol kinds a spec may name now (shipped and registered). */
export const protocolKinds = (): string[] => protocols.kinds();

/** A learning protocol: the clock, which example each clock signal presents, and its timescales. */
export interface LearningProtocol extends BuiltProtocol {
  spec: ProtocolSpec;
  kind: string;
}

/**
 * Reads a protocol spec through the protocol registry (a SpecError names the bad field), keeping
 * the spec for the result.
 */
export function readProtocolSpec(v: unknown, field = 'protocol'): LearningProtocol {
  return { ...readProtocol(v, field), spec: v as ProtocolSpec };
}
