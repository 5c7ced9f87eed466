import { SpecError } from '../errors';
import { ClampSignal } from '../streams/clamp-signal';
import { SynapseRule } from '../synapses/synapse-rule';
import { MemoryKernel } from '../synapses/kernels/memory-kernel';
import { chemotaxisKernel, defaultChemotaxis } from '../synapses/kernels/chemotaxis';
import { integralFeedbackKernel } from '../synapses/kernels/integral-feedback';
import { MarkovParams, markovKernel, readMarkovParams } from '../analysis/markov-adaptation';
import { hebbian } from '../synapses/rules/hebbian';
import { phaseSigned, phaseWeight } from '../synapses/rules/phase-signed';
import { classicTwoPhase, phaseType } from '../synapses/rules/classic-two-phase';
import { TclParams, temporalContrastive } from '../synapses/rules/temporal-contrastive';
import { LearningParams, readLearningParams } from '../synapses/rules/weight-bounds';
import { finite, inRange, isRecord, knownKeys, optional, positive } from '../validate';

export type KernelSpec =
  | { kind: 'chemotaxis'; B?: number; area?: number }
  | { kind: 'integralFeedback'; B?: number }
  | ({ kind: 'markov' } & Partial<MarkovParams>);

/** A learning rule as written in a spec (JSON). */
export type RuleSpec =
  | { kind: 'tcl'; lr?: number; theta?: number | 'auto'; g?: 'threshold' | 'linear'; kernel?: KernelSpec; wMin?: number; wMax?: number }
  | { kind: 'classic' | 'hebbian'; lr?: number; wMin?: number; wMax?: number }
  | { kind: 'phaseSigned'; lr?: number; b?: number; wMin?: number; wMax?: number };

export const ruleKinds = ['tcl', 'classic', 'phaseSigned', 'hebbian'] as const;

/** Conductances stay positive: the floor of coupled learning (papers.md section 4). */
export const defaultBounds = { wMin: 1e-3, wMax: 1e3 };

/** A rule ready for the agents, plus what the experiment must know about it. */
export interface LearningRule {
  spec: RuleSpec;
  rule: SynapseRule<LearningParams & Partial<TclParams>>;
  params: LearningParams & Partial<TclParams>;
  /** The declared modulator, derived from the clock (classic, phase-signed only). */
  modulator?: (sig: ClampSignal) => number;
  /** tau_K of a kernel rule. */
  tauK?: number;
  kernel?: MemoryKernel;
  /** theta still to calibrate from the first cycle's signals. */
  autoTheta: boolean;
}

const common = ['kind', 'lr', 'wMin', 'wMax'];

export function readRuleSpec(v: unknown, field = 'rule', stochasticB?: number): LearningRule {
  if (!isRecord(v) || typeof v.kind !== 'string' || !(ruleKinds as readonly string[]).includes(v.kind)) {
    throw new SpecError(`${field}.kind`, `one of ${ruleKinds.join(', ')}`, isRecord(v) ? v.kind : v);
  }
  const spec = v as RuleSpec;
  const base = (lr: number) => readLearningParams(field, v, { lr, ...defaultBounds });
  switch (spec.kind) {
    case 'hebbian':
      knownKeys(field, v, common);
      return { spec, rule: hebbian, params: base(0.01), autoTheta: false };
    case 'classic':
      knownKeys(field, v, common);
      return { spec, rule: classicTwoPhase, params: base(0.05), modulator: phaseType, autoTheta: false };
    case 'phaseSigned': {
      knownKeys(field, v, [...common, 'b']);
      const b = optional(v.b, stochasticB ?? 0.5, (x) => inRange(`${field}.b`, x, 0, 1));
      if (b === 0 || b === 1) throw new SpecError(`${field}.b`, 'a probability strictly between 0 and 1', b);
      return { spec, rule: phaseSigned, params: base(0.01), modulator: phaseWeight(b), autoTheta: false };
    }
    case 'tcl': {
      knownKeys(field, v, [...common, 'theta', 'g', 'kernel']);
      const kernel = readKernel(v.kernel, `${field}.kernel`);
      const autoTheta = v.theta === undefined || v.theta === 'auto';
      const theta = autoTheta ? 0 : positive(`${field}.theta`, v.theta);
      const g = optional(v.g, 'threshold', (x) => {
        if (x !== 'threshold' && x !== 'linear') throw new SpecError(`${field}.g`, "'threshold' or 'linear'", x);
        return x;
      });
      const params: TclParams = { ...base(0.05), theta, linear: g === 'linear' };
      return { spec, rule: temporalContrastive(kernel.kernel), params, tauK: 1 / kernel.B, kernel: kernel.kernel, autoTheta: autoTheta && g !== 'linear' };
    }
  }
}

function readKernel(v: unknown, field: string): { kernel: MemoryKernel; B: number } {
  if (v === undefined) return { kernel: chemotaxisKernel(), B: defaultChemotaxis.B };
  if (!isRecord(v) || (v.kind !== 'chemotaxis' && v.kind !== 'integralFeedback' && v.kind !== 'markov')) {
    throw new SpecError(`${field}.kind`, "'chemotaxis', 'integralFeedback' or 'markov'", isRecord(v) ? v.kind : v);
  }
  if (v.kind === 'markov') {
    // The Markov adaptation kernel (analysis/markov-adaptation.ts); its memory time plays 1/B.
    const { kind: _kind, ...params } = v;
    const kernel = markovKernel(readMarkovParams(params, field));
    return { kernel, B: 1 / kernel.info.tauK };
  }
  const B = optional(v.B, defaultChemotaxis.B, (x) => positive(`${field}.B`, x));
  if (v.kind === 'chemotaxis') {
    knownKeys(field, v, ['kind', 'B', 'area']);
    const area = optional(v.area, defaultChemotaxis.area, (x) => finite(`${field}.area`, x));
    if (6 * area + 2 * B <= 0) throw new SpecError(`${field}.area`, `a value > -B/3 (${-B / 3})`, area);
    return { kernel: chemotaxisKernel({ B, area }), B };
  }
  knownKeys(field, v, ['kind', 'B']);
  return { kernel: integralFeedbackKernel({ B }), B };
}
