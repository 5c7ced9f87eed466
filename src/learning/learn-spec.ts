import { SpecError } from '../errors';
import { resistorForm } from '../spec/resistor-form';
import { isOneSpec, readOneFormat } from '../spec/spec-form';
import { NetworkSource } from '../experiments/network-source';
import { Distortion, checkDistortion } from '../streams/operators';
import { Timing, readTiming } from '../engines/timing';
import { TaskSpec, readTaskSpec } from '../tasks/task-spec';
import { Faults, readFaults } from '../engines/faults';
import { isRecord, knownKeys, rejectNulls } from '../validate';
import { lazySchema } from '../registry/lazy-zod';
import { expecting, readParams } from '../registry/read-params';
import { ProtocolSpec } from './protocol-spec';
import { RuleSpec } from './rule-spec';

/** Which engine runs a learning experiment (see LearnSpec.engine). */
export type EngineName = 'reactive' | 'lockstep' | 'event';

/** A learning experiment on a resistor network: everything a run needs, as JSON. */
export interface LearnSpec {
  seed: number;
  /** reactive: one RxJS agent per node and synapse (any timing); lockstep: typed-array sweeps (synchronous timing); event: the reactive semantics over typed arrays (any timing). */
  engine: EngineName;
  network: NetworkSource;
  /** A seeded teacher's options, or the user's data ({file} or {examples}: src/tasks/task-file.ts). */
  task: TaskSpec;
  protocol: ProtocolSpec;
  rule: RuleSpec;
  timing: Timing;
  /** How each synapse sees its endpoints (independent seeded delays, drops...); default exact. */
  endpointView?: Distortion;
  /**
   * How each node that reads the clamp clock (the outputs, which the clock nudges) sees it:
   * its own seeded delays, sampling, drops; default exact. Synapses that read the phase
   * (classic, phase-signed) still read it from the clock itself.
   */
  clockView?: Distortion;
  /**
   * Fault injection (src/engines/faults.ts): a fraction of dead synapses (conduct zero, never
   * learn), of stuck ones (keep their initial weight), and a probability that an endpoint's
   * update is lost; default none.
   */
  faults?: Faults;
  /** Protocol periods (or phase pairs, or phases) each example is held for. */
  cyclesPerExample: number;
  epochs: number;
  /** Evaluate every this many epochs. */
  evalEvery: number;
  allowTimescaleOverlap: boolean;
  /** Modules that register the spec's own kinds (src/registry/plugins.ts), loaded before reading. */
  plugins?: string[];
  /** Run even if the run is estimated to take more than a day (learn-budget.ts). */
  allowLongRun?: boolean;
  /**
   * Start every node at the free equilibrium of the first training example (default false: at
   * 0 V). From 0 V a synapse with a lagging endpoint view learns the jump to equilibrium (README).
   */
  warmStart?: boolean;
}

/**
 * The embedded default: temporal contrastive learning with an asymmetric sawtooth on a random
 * resistor network, targets from a teacher of the same topology (realisable task).
 * Timescales (docs/science.md#timescales): tau_K = 1/B = 0.05 with the paper's B = 20; rise
 * tau_f = 0.5 = 10 tau_K; fall tau_s = 4.5 = 9 tau_f (the paper's tau_s/tau_f); node time
 * constant 0.005 = tau_K/10; synapses tick every 0.02 < tau_K/2 (exact kernel steps).
 * Each example is held for 5 cycles: switching inputs makes a kernel transient of the size
 * of the switch in s, which telescopes over an epoch but distorts w by lr * (jump in s)
 * inside it; holding an example for several cycles buys contrast per switch (README).
 * theta is calibrated per synapse from the first epoch's amplitudes (threshold-calibration.ts).
 */
export const defaultLearnSpec: LearnSpec = {
  seed: 1,
  engine: 'reactive',
  network: { random: { n: 16, meanDegree: 4, kMin: 0.5, kMax: 2, inputs: 3, outputs: 2 } },
  task: { train: 10, test: 20, inputRange: 1, teacherK: [0.1, 10] },
  protocol: { kind: 'sawtooth', period: 5, rise: 0.1, amplitude: 5 },
  rule: { kind: 'tcl', lr: 0.3, theta: 'auto', g: 'threshold', kernel: { kind: 'chemotaxis', B: 20, area: 0 } },
  timing: { tau: 0.005, nodePeriod: 0.01, synapsePeriod: 0.02, rateSpread: 1, jitter: 0 },
  endpointView: undefined,
  cyclesPerExample: 5,
  epochs: 30,
  evalEvery: 1,
  allowTimescaleOverlap: false,
};

/**
 * The spec's top-level fields, declared once: the reader's checks and errors, the keys it knows
 * and their JSON Schema (learn-spec-schema.ts) come from here. The sections (network, task,
 * protocol, rule, timing, views, faults) are read by their own readers.
 */
export const learnFieldsSchema = lazySchema((z) =>
  z.strictObject({
    seed: z.int().min(0).optional().describe('root seed of every random substream'),
    engine: z
      .enum(['reactive', 'lockstep', 'event'])
      .optional()
      .describe('reactive: RxJS agents (any timing); lockstep: typed-array sweeps (synchronous); event: the reactive semantics compiled onto typed arrays (any timing; synchronous timing runs as lockstep sweeps)'),
    network: z.unknown().optional(),
    task: z.unknown().optional(),
    protocol: z.unknown().optional(),
    rule: z.unknown().optional(),
    timing: z.unknown().optional(),
    endpointView: z.unknown().optional(),
    clockView: z.unknown().optional(),
    faults: z.unknown().optional(),
    cyclesPerExample: z.int().min(1).optional().describe('protocol periods each example is held for'),
    epochs: z.int().min(1).optional().describe('passes over the training set'),
    evalEvery: z.int().min(1).optional().describe('evaluate every this many epochs'),
    allowTimescaleOverlap: z.boolean().optional().describe('run even if the timescale check fails'),
    plugins: z.array(z.string().min(1, expecting('a module path'))).optional().describe('modules registering your own kinds, relative to the spec file'),
    allowLongRun: z.boolean().optional().describe('run even if estimated to take more than a day'),
    warmStart: z.boolean().optional().describe('start the nodes at the free equilibrium of the first training example (default: at 0 V)'),
  }),
);

/** The fields a learning spec may have, in the order a spec is written (zod is loaded on the first call). */
export const learnSpecKeys = (): string[] => Object.keys(learnFieldsSchema.shape);

/** Reads a spec (one format or the older layout) over the default: given sections replace the default's sections. */
export function readLearnSpec(v: unknown, base: LearnSpec = defaultLearnSpec): LearnSpec {
  if (v === undefined) return base;
  // A spec in the one format (docs/spec-format.md) is read as its older layout.
  if (isOneSpec(v)) return readOneFormat(resistorForm, v, (legacy) => readLearnSpec(legacy, base));
  const keys = learnSpecKeys();
  if (!isRecord(v)) throw new SpecError('spec', `an object with fields ${keys.join(', ')}`, v);
  knownKeys('spec', v, keys);
  // null is not "the default": a field left out is (a null usually means a generated spec went wrong).
  rejectNulls(v);
  const f = readParams(learnFieldsSchema, v, '');
  return {
    seed: f.seed ?? base.seed,
    engine: f.engine ?? base.engine,
    network: (f.network ?? base.network) as NetworkSource,
    task: f.task === undefined ? base.task : readTaskSpec(f.task),
    protocol: (f.protocol ?? base.protocol) as ProtocolSpec,
    rule: (f.rule ?? base.rule) as RuleSpec,
    timing: readTiming(f.timing, 'timing', base.timing),
    endpointView: f.endpointView === undefined ? base.endpointView : checkDistortion('endpointView', f.endpointView),
    // Written out only when set, so earlier specs read (and are written back) unchanged.
    ...omitUndefined('clockView', f.clockView === undefined ? base.clockView : checkDistortion('clockView', f.clockView)),
    ...omitUndefined('faults', f.faults === undefined ? base.faults : readFaults(f.faults)),
    cyclesPerExample: f.cyclesPerExample ?? base.cyclesPerExample,
    epochs: f.epochs ?? base.epochs,
    evalEvery: f.evalEvery ?? base.evalEvery,
    allowTimescaleOverlap: f.allowTimescaleOverlap ?? base.allowTimescaleOverlap,
    ...(f.plugins === undefined ? (base.plugins ? { plugins: base.plugins } : {}) : { plugins: f.plugins }),
    ...(f.allowLongRun === undefined ? {} : { allowLongRun: f.allowLongRun }),
    ...omitUndefined('warmStart', f.warmStart ?? base.warmStart),
  };
}

const omitUndefined = <K extends string, T>(key: K, v: T | undefined): { [k in K]?: T } => (v === undefined ? {} : ({ [key]: v } as { [k in K]: T }));
