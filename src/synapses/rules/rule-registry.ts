import type { z as Z } from 'zod';
import { lazySchema, zod } from '../../registry/lazy-zod';
import { BuildableKind, Registry, kindField, readKind } from '../../registry';
import { ClampSignal } from '../../streams/clamp-signal';
import { SynapseRule } from '../synapse-rule';
import { MemoryKernel } from '../kernels/memory-kernel';
import { kernels, readKernel } from '../kernels/kernel-registry';
import { hebbian } from './hebbian';
import { phaseSigned, phaseWeight } from './phase-signed';
import { classicTwoPhase, phaseType } from './classic-two-phase';
import { temporalContrastive } from './temporal-contrastive';
import { continualEP } from './continual-ep';
import { frequencyPropagationRule, oscillationReference } from './frequency-propagation';

/** A rule as a spec builds it: the pure step, its parameters and what the experiment must know. */
export interface BuiltRule<P = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The step function. */
  rule: SynapseRule<P>;
  /** Its parsed parameters. */
  params: P;
  /** For a rule that declares 'modulator': its value from the clamp clock. */
  modulator?: (sig: ClampSignal) => number;
  /** tau_K of a kernel rule (the timescale check reads it). */
  tauK?: number;
  /** The memory kernel of a kernel rule. */
  kernel?: MemoryKernel;
  /** params.theta is still to be calibrated per synapse from the first cycle's signals. */
  autoTheta?: boolean;
  /** params.reference is still to be set per synapse to its free-state signal (TCL `reference: 'free'`). */
  autoReference?: boolean;
  /** The rule demodulates an oscillating nudge: the protocol must have one (frequencyPropagation). */
  readsOscillation?: boolean;
}

/** What a rule's builder may know besides its own parameters. */
export interface RuleContext {
  /** Where the rule sits in the spec, for errors ("rule"). */
  field: string;
  /** The protocol's probability of a clamped phase, if it draws phase types (stochasticPhases). */
  phaseProbability?: number;
  /** The protocol's oscillating nudge, if it has one (frequencyPropagation): amplitude and period. */
  oscillation?: { amplitude: number; period: number };
}

/** A registrable learning rule: its kind, parameter schema (zod) and build function. */
export type RuleKind<S extends Z.ZodType = Z.ZodType> = BuildableKind<S, BuiltRule, RuleContext>;

/** Learning rules by `kind`; `registerRule` adds a user's. */
export const rules = new Registry<RuleKind<any>>('rule'); // eslint-disable-line @typescript-eslint/no-explicit-any
/**
 * Registers a learning rule kind (a TypeError if the kind is taken, unless replace); usable in
 * specs, on the CLI and on both engines.
 */
export const registerRule = <S extends Z.ZodType>(entry: RuleKind<S>, opts?: { replace?: boolean }): void => rules.register(entry, opts);

/** A rule spec ({kind, ...params}) built and checked (design rule 5). */
export function readRule(spec: unknown, ctx: RuleContext): BuiltRule & { kind: string } {
  const { entry, params } = readKind(rules, spec, ctx.field);
  return { kind: entry.kind, ...entry.build(params, ctx) };
}

/** Conductances stay positive: the floor of coupled learning ([CL]). */
export const defaultBounds = { wMin: 1e-3, wMax: 1e3 };

/**
 * The parameters every shipped rule takes (lr, wMin, wMax) plus its own, with wMax > wMin
 * checked. Exported so a user's rule can take the same.
 */
export function learningParams<T extends Z.ZodRawShape>(lr: number, extra: T) {
  const z = zod();
  return z
    .strictObject({
      lr: z.number().nonnegative().default(lr).describe('learning rate'),
      wMin: z.number().default(defaultBounds.wMin).describe('weight floor (conductances: keep > 0)'),
      wMax: z.number().default(defaultBounds.wMax).describe('weight ceiling'),
      ...extra,
    })
    .superRefine((p, ctx) => {
      const { wMin, wMax } = p as { wMin: number; wMax: number };
      if (!(wMax > wMin)) ctx.addIssue({ code: 'custom', path: ['wMax'], message: `a value > wMin (${wMin})`, input: wMax });
    });
}

registerRule({
  kind: 'tcl',
  doc: 'temporal contrastive learning [TCL]: u = K * s, dw/dt = -lr g(u), g(u) = u if |u| >= theta else 0',
  params: lazySchema((z) =>
    learningParams(0.05, {
      theta: z.union([z.number().positive(), z.literal('auto')]).default('auto').describe('threshold of g, or "auto": one per synapse from the first epoch'),
      g: z.enum(['threshold', 'linear']).default('threshold').describe('threshold nonlinearity, or linear (the control)'),
      kernel: kindField(kernels, 'the memory kernel {kind, ...} (default chemotaxis, B 20, area 0)'),
      reference: z
        .union([z.number(), z.literal('none'), z.literal('free')])
        .default('none')
        .describe(
          "operating point r the kernel sees the signal against, u = K * (s - r): 'none' (r = 0, u = K * s), a number, or 'free': each synapse's mean free-state signal over the first epoch's examples at the initial conductances (exact solves, resistor networks)",
        ),
    }),
  ),
  build: ({ theta, g, kernel: kernelSpec, reference, ...p }, ctx) => {
    const { kernel, tauK } = readKernel(kernelSpec, `${ctx.field}.kernel`);
    const linear = g === 'linear';
    return {
      rule: temporalContrastive(kernel),
      params: { ...p, theta: theta === 'auto' ? 0 : theta, linear, reference: typeof reference === 'number' ? reference : 0 },
      tauK,
      kernel,
      autoTheta: theta === 'auto' && !linear,
      autoReference: reference === 'free',
    };
  },
});

registerRule({
  kind: 'classic',
  doc: 'classic two-phase contrastive rule with explicit memory: stores s_free, w -= lr (s_clamped - s_free)',
  params: lazySchema(() => learningParams(0.05, {})),
  build: (p) => ({ rule: classicTwoPhase, params: p, modulator: phaseType }),
});

registerRule({
  kind: 'continualEP',
  doc: 'Continual EP (Ernoult et al. 2020): w -= lr (s_t - s_{t-1}) at every step of the clamped phase; telescopes to classic',
  params: lazySchema(() => learningParams(0.05, {})),
  build: (p) => ({ rule: continualEP, params: p, modulator: phaseType }),
});

registerRule({
  kind: 'phaseSigned',
  doc: 'temporally local rule of [FLEX]: w += lr c(z) (-s) every step, c(1) = 1/b, c(0) = -1/(1-b)',
  params: lazySchema((z) =>
    learningParams(0.01, {
      b: z.number().gt(0).lt(1).optional().describe("probability of a clamped phase (default: the protocol's b, else 0.5)"),
    }),
  ),
  build: ({ b, ...p }, ctx) => ({ rule: phaseSigned, params: p, modulator: phaseWeight(b ?? ctx.phaseProbability ?? 0.5) }),
});

registerRule({
  kind: 'hebbian',
  doc: 'dw/dt = -lr s: the kernel K = delta of [TCL]; a "no contrast" control',
  params: lazySchema(() => learningParams(0.01, {})),
  build: (p) => ({ rule: hebbian, params: p }),
});

registerRule({
  kind: 'frequencyPropagation',
  doc: 'frequency propagation (Anisetti et al. 2024): a lock-in of s at the nudge frequency w2: dw/dt = -lr LPF[2 beta(t) (s - mean s) / beta0^2]',
  params: lazySchema((z) =>
    learningParams(0.05, {
      tau: z
        .union([z.number().nonnegative(), z.literal('auto')])
        .default('auto')
        .describe('time constant of the lock-in\'s DC block and low-pass (0: neither); "auto": two periods of the oscillation (ours)'),
    }),
  ),
  // Without a protocol (schema checks, registry loops) the reference assumes beta0 = 1 and a unit
  // period; a run passes its protocol's and refuses a protocol without an oscillation.
  build: ({ tau, ...p }, ctx) => ({
    rule: frequencyPropagationRule,
    params: { ...p, tau: tau === 'auto' ? 2 * (ctx.oscillation?.period ?? 1) : tau },
    modulator: oscillationReference(ctx.oscillation?.amplitude ?? 1),
    readsOscillation: true,
  }),
});
