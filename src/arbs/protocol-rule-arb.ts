import fc from 'fast-check';
import { checkProtocolRule } from '../learning/learn';
import type { ProtocolSpec } from '../learning/protocol-spec';
import { readProtocolSpec } from '../learning/protocol-spec';
import type { RuleSpec } from '../learning/rule-spec';
import { readRuleSpec } from '../learning/rule-spec';
import { checkTimescales } from '../learning/timescales';
import type { ParamsArb } from './kind-arb';
import { protocolArb } from './protocol-arb';
import { ruleArb } from './rule-arb';
import { type ModelTimescales, defaultTimescales } from './timescales';

/** A protocol and a rule that a learning spec accepts together. */
export interface ProtocolRule {
  protocol: ProtocolSpec;
  rule: RuleSpec;
}

/**
 * A protocol (protocolArb) and a rule (ruleArb) that can learn together on the model's
 * timescales: a kernel rule on a waveform whose ramps pass the timescale check, a rule that
 * reads the phase on phases, a demodulating rule on an oscillating nudge (checkProtocolRule).
 * The network's own relaxation time is not known here: a learning run still checks it against
 * tau_K, which kernelArb keeps above 3 tau and two synapse ticks. A rule must fit some
 * registered protocol: for one that fits none, the filter would look forever.
 */
export function protocolRuleArb(
  t: ModelTimescales = defaultTimescales,
  own: { protocols?: Record<string, ParamsArb>; rules?: Record<string, ParamsArb> } = {},
): fc.Arbitrary<ProtocolRule> {
  // The rule first, then a protocol it fits: each rule kind comes up as often as another (a
  // protocol first would favour the rules that fit every protocol, such as hebbian).
  return ruleArb(t, own.rules).chain((rule) =>
    protocolArb(t, own.protocols)
      .filter((protocol) => fits(protocol, rule, t))
      .map((protocol) => ({ protocol, rule })),
  );
}

/** Whether a protocol and a rule pass a learning run's checks, bar the network's relaxation time. */
function fits(protocol: ProtocolSpec, rule: RuleSpec, t: ModelTimescales): boolean {
  try {
    const p = readProtocolSpec(protocol);
    const r = readRuleSpec(rule, 'rule', p.phaseProbability, p.oscillation);
    checkProtocolRule(p, r);
    if (r.tauK !== undefined) {
      checkTimescales({ tauNode: t.tau, networkRelaxation: 0, synapsePeriod: t.synapsePeriod, tauK: r.tauK, tauF: p.ramps!.rise, tauS: p.ramps!.fall });
    }
    return true;
  } catch {
    return false;
  }
}
