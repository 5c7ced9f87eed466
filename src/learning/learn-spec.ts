import { SpecError } from '../errors';
import { resistorForm } from '../spec/resistor-form';
import { isOneSpec, readOneFormat } from '../spec/spec-form';
import { NetworkSource } from '../experiments/network-source';
import { Distortion, checkDistortion } from '../streams/operators';
import { Timing, readTiming } from '../engines/timing';
import { TaskSpec, readTaskSpec } from '../tasks/task-spec';
import { Faults, readFaults } from '../engines/faults';
import { integer, isRecord, knownKeys, optional, rejectNulls } from '../validate';
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

export const learnSpecKeys = ['seed', 'engine', 'network', 'task', 'protocol', 'rule', 'timing', 'endpointView', 'clockView', 'faults', 'cyclesPerExample', 'epochs', 'evalEvery', 'allowTimescaleOverlap', 'plugins', 'allowLongRun', 'warmStart'];

/** Reads a spec (one format or the older layout) over the default: given sections replace the default's sections. */
export function readLearnSpec(v: unknown, base: LearnSpec = defaultLearnSpec): LearnSpec {
  if (v === undefined) return base;
  // A spec in the one format (docs/spec-format.md) is read as its older layout.
  if (isOneSpec(v)) return readOneFormat(resistorForm, v, (legacy) => readLearnSpec(legacy, base));
  if (!isRecord(v)) throw new SpecError('spec', `an object with fields ${learnSpecKeys.join(', ')}`, v);
  knownKeys('spec', v, learnSpecKeys);
  // null is not "the default": a field left out is (a null usually means a generated spec went wrong).
  rejectNulls(v);
  const task = v.task === undefined ? base.task : readTaskSpec(v.task);
  const allow = optional(v.allowTimescaleOverlap, base.allowTimescaleOverlap, (x) => {
    if (typeof x !== 'boolean') throw new SpecError('allowTimescaleOverlap', 'true or false', x);
    return x;
  });
  return {
    seed: optional(v.seed, base.seed, (x) => integer('seed', x, 0)),
    engine: optional(v.engine, base.engine, (x) => {
      if (x !== 'reactive' && x !== 'lockstep' && x !== 'event') throw new SpecError('engine', '"reactive", "lockstep" or "event"', x);
      return x;
    }),
    network: (v.network ?? base.network) as NetworkSource,
    task,
    protocol: (v.protocol ?? base.protocol) as ProtocolSpec,
    rule: (v.rule ?? base.rule) as RuleSpec,
    timing: readTiming(v.timing, 'timing', base.timing),
    endpointView: v.endpointView === undefined ? base.endpointView : checkDistortion('endpointView', v.endpointView),
    // Written out only when set, so earlier specs read (and are written back) unchanged.
    ...omitUndefined('clockView', v.clockView === undefined ? base.clockView : checkDistortion('clockView', v.clockView)),
    ...omitUndefined('faults', v.faults === undefined ? base.faults : readFaults(v.faults)),
    cyclesPerExample: optional(v.cyclesPerExample, base.cyclesPerExample, (x) => integer('cyclesPerExample', x, 1)),
    epochs: optional(v.epochs, base.epochs, (x) => integer('epochs', x, 1)),
    evalEvery: optional(v.evalEvery, base.evalEvery, (x) => integer('evalEvery', x, 1)),
    allowTimescaleOverlap: allow,
    ...(v.plugins === undefined ? (base.plugins ? { plugins: base.plugins } : {}) : { plugins: readPlugins(v.plugins) }),
    ...(v.allowLongRun === undefined ? {} : { allowLongRun: optional(v.allowLongRun, false, (x) => {
      if (typeof x !== 'boolean') throw new SpecError('allowLongRun', 'true or false', x);
      return x;
    }) }),
    // Written out only when set, so earlier specs read (and are written back) unchanged.
    ...omitUndefined('warmStart', optional(v.warmStart, base.warmStart, (x) => flag('warmStart', x))),
  };
}

function flag(field: string, x: unknown): boolean {
  if (typeof x !== 'boolean') throw new SpecError(field, 'true or false', x);
  return x;
}

const omitUndefined = <K extends string, T>(key: K, v: T | undefined): { [k in K]?: T } => (v === undefined ? {} : ({ [key]: v } as { [k in K]: T }));

function readPlugins(v: unknown): string[] {
  if (!Array.isArray(v)) throw new SpecError('plugins', 'an array of module paths', v);
  v.forEach((p, i) => {
    if (typeof p !== 'string' || p === '') throw new SpecError(`plugins[${i}]`, 'a module path', p);
  });
  return v as string[];
}
