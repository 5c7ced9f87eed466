import { ClampSignal, Protocol, SynapseRule, fixedWeight, frequencyPropagation, kernels, readRule, rules, sawtooth, stochasticPhases, twoPhase } from '../../src';

/** One rule as a run builds it, with a protocol that exercises it. */
export type RuleCase = { name: string; rule: SynapseRule<any>; params: any; protocol: Protocol; modulator?: (s: ClampSignal) => number }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The protocols a case runs under: one for rules without a modulator, one per modulated kind. */
export interface CaseProtocols {
  unmodulated(kind: string): Protocol;
  phaseSigned(b: number): Protocol;
  twoPhase(): Protocol;
}

/**
 * Every registered rule, and the TCL rule with every registered kernel, read from its spec as a
 * run reads it (with `overrides` per kind so that weights move within the test's time, and per
 * kernel kind under `kernel.<kind>` where its defaults do not fit the case's clock), plus
 * fixed weights: equivalence properties loop over these, so a newly registered rule or kernel
 * is covered without a new test.
 */
export function registeredRuleCases(protocols: CaseProtocols, overrides: Record<string, Record<string, unknown>>, extra: [string, Record<string, unknown>][] = []): RuleCase[] {
  const b = 0.4;
  const build = (name: string, spec: Record<string, unknown>): RuleCase => {
    const built = readRule(spec, { field: 'rule', phaseProbability: b });
    const kind = String(spec.kind);
    if (built.readsOscillation) {
      // A rule that demodulates an oscillating nudge: the unmodulated protocol's period and a
      // quarter of its amplitude (a negative nudge as large as an output's conductance would push
      // it away unboundedly), two oscillations per period.
      const base = protocols.unmodulated(kind);
      const period = base.period ?? 1;
      const beta = Number(base.params.amplitude ?? 1) / 4;
      const osc = readRule(spec, { field: 'rule', oscillation: { amplitude: beta, period: period / 2 } });
      return { name, rule: osc.rule, params: osc.params, protocol: frequencyPropagation({ period, cycles: 2, beta }), modulator: osc.modulator };
    }
    const protocol = !built.modulator ? protocols.unmodulated(kind) : kind === 'phaseSigned' ? protocols.phaseSigned(b) : protocols.twoPhase();
    return { name, rule: built.rule, params: built.params, protocol, modulator: built.modulator };
  };
  return [
    { name: 'fixed', rule: fixedWeight, params: {}, protocol: protocols.unmodulated('fixed') },
    ...rules.kinds().map((kind) => build(kind, { kind, ...overrides[kind] })),
    ...kernels.kinds().map((k) => build(`tcl, kernel ${k}`, { kind: 'tcl', ...overrides.tcl, kernel: { kind: k, ...overrides[`kernel.${k}`] } })),
    ...extra.map(([name, spec]) => build(name, spec)),
  ];
}

/**
 * Every registered rule on clocks of several time units (Hopfield and RBM substrates, whose
 * agents tick once per unit): the cases the event-engine and snapshot properties share.
 */
export const slowRuleCases = (): RuleCase[] =>
  registeredRuleCases(
    {
      unmodulated: () => sawtooth({ period: 7.3, rise: 0.2, amplitude: 0.8, levels: 4 }),
      phaseSigned: (b) => stochasticPhases({ b, beta: 0.8, length: { uniform: [2.1, 5.3] } }),
      twoPhase: () => twoPhase({ free: 6.3, clamped: 4.1, beta: 0.8 }),
    },
    // The sampled kernel at one sample per tick: its default support (0.1) is a tenth of a tick here.
    { tcl: { lr: 0.5, theta: 1e-3 }, classic: { lr: 0.2 }, phaseSigned: { lr: 0.05 }, hebbian: { lr: 0.05 }, 'kernel.sampled': { spacing: 1 } },
  );
