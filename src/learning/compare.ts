import { produce } from 'immer';
import { checkDuration } from '../budget';
import { learnBudget } from './learn-budget';
import { LearnResult, prepareLearn } from './learn';
import { LearnSpec } from './learn-spec';
import { ProtocolSpec } from './protocol-spec';

/** One arm of the comparison: a rule and a protocol on the base experiment's task and seed. */
export interface CompareArm {
  name: string;
  protocol: ProtocolSpec;
  rule: LearnSpec['rule'];
  allowTimescaleOverlap?: boolean;
  /** What the theory predicts ([FLEX], [TCL]; docs/science.md); a user's rule states none. */
  expected: 'learns' | 'worse' | 'no learning' | 'not stated';
}

/**
 * The arms of `phaseless compare`. Learning rates are set so every rule makes the same update
 * per presentation for the same contrast: TCL and classic change w by ~lr (s_C - s_F) per
 * cycle or phase pair; phase-signed integrates lr c(z) s over a phase, so its rate is divided
 * by the mean phase length (and by 100 for its variance, below); Hebbian integrates lr s over
 * a period, so its rate is divided by the period.
 */
export function compareArms(base: LearnSpec): CompareArm[] {
  const arms = shippedArms(base);
  // A rule of a kind no arm runs (a registered one) joins on the spec's own protocol.
  if (!arms.some((a) => a.rule.kind === base.rule.kind)) {
    arms.unshift({ name: `${base.rule.kind} (the spec's rule)`, protocol: base.protocol, rule: base.rule, expected: 'not stated' });
  }
  return arms;
}

function shippedArms(base: LearnSpec): CompareArm[] {
  type Saw = Extract<ProtocolSpec, { kind: 'sawtooth' | 'reversedSawtooth' }>;
  type Tcl = Extract<LearnSpec['rule'], { kind: 'tcl' }>;
  const saw: Saw = base.protocol.kind === 'sawtooth' ? (base.protocol as Saw) : { kind: 'sawtooth', period: 5, rise: 0.1, amplitude: 5 };
  const { period, amplitude } = saw;
  const tcl: Tcl = base.rule.kind === 'tcl' ? (base.rule as Tcl) : { kind: 'tcl' };
  const lr = tcl.lr ?? 1;
  const half = period / 2;
  return [
    {
      name: 'classic two-phase',
      protocol: { kind: 'twoPhase', free: half, clamped: half, beta: amplitude },
      rule: { kind: 'classic', lr },
      expected: 'learns',
    },
    {
      // Telescopes over each clamped phase to the classic update: same rate, same protocol.
      name: 'continual EP two-phase',
      protocol: { kind: 'twoPhase', free: half, clamped: half, beta: amplitude },
      rule: { kind: 'continualEP', lr },
      expected: 'learns',
    },
    {
      // Inputs held (activation at w1 = 0), the nudge oscillating at w2 = 2 pi 10 / period. Its
      // amplitude is a fifth of the others': beta(t) < 0 pushes the outputs away from their targets,
      // unstable once |beta| reaches an output's conductance (~5 on the default network). The rule
      // moves w by -lr ds/dbeta per unit time, so lr beta / period makes the classic update per period.
      name: 'frequency propagation',
      protocol: { kind: 'frequencyPropagation', period, cycles: 10, beta: amplitude / 5 },
      rule: { kind: 'frequencyPropagation', lr: (lr * amplitude) / period },
      expected: 'learns',
    },
    {
      name: 'phase-signed, stochastic phases',
      protocol: { kind: 'stochasticPhases', b: 0.5, beta: amplitude, length: { geometric: half, step: half / 10 } },
      // Equal mean drift would be lr / half, but each phase adds +-lr c s with s ~ 100x the
      // contrast s_C - s_F on this task, so at that rate the estimator's variance dominates
      // (measured: error ratio 3.5); 1/100 of it learns (README, compare table).
      rule: { kind: 'phaseSigned', lr: lr / (100 * half) },
      expected: 'learns',
    },
    { name: 'TCL sawtooth', protocol: saw, rule: tcl, expected: 'learns' },
    {
      name: 'TCL reversed sawtooth',
      protocol: { ...saw, kind: 'reversedSawtooth' },
      rule: tcl,
      allowTimescaleOverlap: true,
      expected: 'worse',
    },
    {
      name: 'TCL triangle',
      protocol: { kind: 'triangle', period, amplitude },
      rule: tcl,
      allowTimescaleOverlap: true,
      expected: 'no learning',
    },
    { name: 'TCL linear g', protocol: saw, rule: { ...tcl, g: 'linear' }, expected: 'no learning' },
    { name: 'Hebbian', protocol: saw, rule: { kind: 'hebbian', lr: lr / period }, expected: 'no learning' },
  ];
}

/** One arm of a comparison: its errors before and after, their ratio and its wall time. */
export interface CompareRow {
  name: string;
  expected: CompareArm['expected'];
  initialTestError: number;
  finalTestError: number;
  errorRatio: number;
  wallSeconds: number;
}

/** Checks every arm first (bad input fails before any run), then runs them in order. */
export function prepareCompare(base: LearnSpec) {
  const arms = compareArms(base).map((arm) => ({
    arm,
    job: prepareLearn(
      produce(base, (d) => {
        d.protocol = arm.protocol;
        d.rule = arm.rule;
        d.allowTimescaleOverlap = arm.allowTimescaleOverlap ?? base.allowTimescaleOverlap;
      }),
    ),
  }));
  // Each arm was checked alone; the arms run one after the other, so their sum is the run.
  const seconds = arms.map(({ job }) => learnBudget(job.spec, { train: job.task.train.length, test: job.task.test.length }));
  const longest = seconds.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  checkDuration(longest.timeField, seconds.reduce((t, b) => t + b.seconds, 0), `${arms.length} arms of ${base.epochs} epochs`, base.allowLongRun === true, '--allow-long (or "allowLongRun": true) runs it anyway');
  return {
    arms,
    /**
     * Runs the arms in order; an arm in `finished` (rows of an interrupted comparison) is not
     * run again, and its result is undefined. Every arm owns its job, so skipping one changes
     * nothing in the others.
     */
    run(onArm?: (row: CompareRow, result: LearnResult) => void, finished?: ReadonlyMap<string, CompareRow>): { rows: CompareRow[]; results: (LearnResult | undefined)[] } {
      const rows: CompareRow[] = [];
      const results: (LearnResult | undefined)[] = [];
      for (const { arm, job } of arms) {
        const stored = finished?.get(arm.name);
        if (stored) {
          rows.push(stored);
          results.push(undefined);
          continue;
        }
        const res = job.run();
        const row = {
          name: arm.name,
          expected: arm.expected,
          initialTestError: res.initialTestError,
          finalTestError: res.finalTestError,
          errorRatio: res.errorRatio,
          wallSeconds: res.wallSeconds,
        };
        rows.push(row);
        results.push(res);
        onArm?.(row, res);
      }
      return { rows, results };
    },
  };
}
