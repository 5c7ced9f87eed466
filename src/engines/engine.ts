import { SpecError } from '../errors';
import { Observable } from 'rxjs';
import { NodeAgent } from '../nodes/node-agent';
import { RandomSource, Substream } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { ClampSignal, Protocol } from '../streams/clamp-signal';
import { Distortion } from '../streams/operators';
import { SynapseAgent } from '../synapses/synapse-agent';
import { SynapseRule, checkRuleParams } from '../synapses/synapse-rule';
import { Timing } from './timing';
import { clampClock } from '../streams/clock';
import { constant } from '../streams/protocols';
import { ProbeOptions, ProbeSample, ProbeTarget } from './probe';
import { Snapshot } from './snapshot/snapshot';
import type { Faults } from './faults';

/** How to run a substrate: the same options for every engine. */
export interface EngineOptions<P> {
  /** The virtual-time scheduler the run lives on. */
  scheduler: VirtualScheduler;
  /** Root of every agent's random substream. */
  random: RandomSource;
  /** When agents act (default: defaultTiming). */
  timing?: Timing;
  /** The clamp protocol (default: constant 0, the free state). */
  protocol?: Protocol;
  /** An already running clock (from `clampClock`), shared with data streams; overrides protocol. */
  clock?: Observable<ClampSignal>;
  /**
   * The substream a clock passed in draws from (what `clampClock` was given as ctx.rng). With it
   * the engine can snapshot that clock: its position is saved as the engine's own clock's is
   * (substream "clock"), and the protocol's emitter is a restorable action of the scheduler. Its
   * owner builds the restoring run the same way (the clock subscribed in the same order) and
   * keeps whatever state its own streams derived from the clock hold (a data presenter's last
   * example): the clock's replay buffer is not saved, so nothing may subscribe to it late.
   */
  clockStream?: Substream;
  /** How each output node sees the clock (its own seeded distortion; reactive engine). */
  clockView?: Distortion;
  /** How each synapse's rule senses its endpoints (its own seeded view; reactive engine). */
  endpointView?: Distortion;
  /**
   * Dead and stuck synapses and dropped endpoint messages (src/engines/faults.ts): every engine
   * applies them in the same place (applyFaults), so engines agree with faults on.
   */
  faults?: Faults;
  /** Learning rule of every synapse (default: fixed weights). */
  rule?: SynapseRule<P>;
  /** Parameters of the rule, shared by every synapse. */
  ruleParams?: P;
  /** Per-synapse parameters (for instance a threshold calibrated per synapse); overrides ruleParams. */
  ruleParamsOf?: (synapse: number) => P;
  /** Modulator the rule reads, derived from the clock (only for rules that declare it). */
  modulator?: (s: ClampSignal) => number;
  /**
   * What a held or nudged node is driven to over time (default: the substrate's defaultDrive),
   * per example of a batch.
   */
  driveOf?: (node: number, example: number) => Observable<number> | undefined;
  /** Initial node states (default 0): one per node, or one per node of every example of a batch. */
  initial?: Float64Array;
  /**
   * Array engine only: this many examples share the synapses, each with its own node states
   * and drives; a synapse's rule sees the batch mean of its local signal (batched EP). Default 1.
   */
  batch?: number;
  /**
   * When every agent (and the array engine's step) first ticks after the engine starts
   * (default: one period). An offset that keeps ticks off the clamp clock's edges makes the
   * order of a tick and an edge independent of when each was scheduled.
   */
  tickOffset?: number;
}

/** A running simulation of a substrate, whatever engine runs it. */
export interface Engine {
  /** The agents (reactive engine); empty for array engines. */
  readonly nodes: NodeAgent[];
  /** The synapse agents (reactive engine); empty for array engines. */
  readonly synapses: SynapseAgent[];
  /** The clamp clock the run follows. */
  readonly clock: Observable<ClampSignal>;
  /** Current node states (example by example, for a batch) and synapse weights (copies). */
  states(): Float64Array;
  /** Current synapse weights (a copy). */
  weights(): Float64Array;
  /** The current value of a node, a weight or a rule state slot. */
  read(target: ProbeTarget): number;
  /** A node, weight or rule state slot over time (see ProbeOptions); the same on every engine. */
  probe(target: ProbeTarget, opts?: ProbeOptions): Observable<ProbeSample>;
  /**
   * The whole simulation now, as plain JSON (see Snapshot): take it between runs or from a probe
   * (not from inside an ordinary event). Refused, with the reason, where the run holds state no snapshot
   * can describe: a clock passed in (options.clock), RxJS delays or timers of your own (a drive's)
   * with work pending (see docs/guides/embedding.md#snapshots).
   */
  snapshot(): Snapshot;
  /**
   * Sets this engine, freshly built from the same substrate and options on a fresh scheduler and
   * not yet run, to a snapshot: running on then gives the very trajectories the snapshotted run
   * gives, bit for bit. A snapshot of another engine, version or size is refused with a SpecError
   * naming what differs. Probes subscribe again after a restore.
   */
  restore(snapshot: Snapshot): void;
  /**
   * Stops every agent, and the clamp clock if the engine made it (a clock passed in is left to its
   * owner).
   */
  stop(): void;
}

/**
 * A clock passed in is its owner's, with its substream: the engine cannot snapshot it unless it is
 * given that substream too (options.clockStream).
 */
export function checkOwnClock<P>(opts: EngineOptions<P>): void {
  if (opts.clock !== undefined && opts.clockStream === undefined) {
    throw new SpecError('clock', "the engine's own clock (options.protocol) to snapshot, or a clock passed in with its substream (options.clockStream)", 'a clock');
  }
}

/**
 * The engine's clamp clock: a clock passed in (with its substream, if given, registered as the
 * engine's substream "clock", so snapshots save it), or one the engine makes from its protocol
 * on its substream "clock", stopped by `stop`.
 */
export function engineClock<P>(opts: EngineOptions<P>, stream: (name: string) => Substream, streams: Map<string, Substream>, stop: Observable<unknown>): Observable<ClampSignal> {
  if (opts.clock === undefined) return clampClock(opts.protocol ?? constant({ beta: 0 }), { scheduler: opts.scheduler, rng: stream('clock') }, stop);
  if (opts.clockStream !== undefined) streams.set('clock', opts.clockStream);
  return opts.clock;
}

/**
 * The agent engines (reactive, event) run one example with one state per node: a batch and
 * initial states of another length are refused before anything is built.
 */
export function checkOneExample<P>(opts: EngineOptions<P>, nodes: number, engine: string): void {
  if ((opts.batch ?? 1) !== 1) throw new SpecError('batch', `1 with the ${engine} engine (batched examples are an array engine path)`, opts.batch);
  if (opts.initial !== undefined && opts.initial.length !== nodes) throw new SpecError('initial', `${nodes} node states`, opts.initial.length);
}

/**
 * Every engine checks its rule's parameters here before it builds anything (rules that declare
 * paramTypes): each synapse's own if ruleParamsOf is given, else the shared ruleParams.
 */
export function checkRuleOptions<P>(opts: EngineOptions<P>, synapses: number): void {
  const rule = opts.rule;
  if (rule?.reads.includes('modulator') && !opts.modulator) throw new Error(`rule ${rule.name} reads a modulator: give options.modulator`);
  if (rule?.paramTypes === undefined) return;
  if (opts.ruleParamsOf === undefined) return checkRuleParams(rule, opts.ruleParams as P, 'ruleParams');
  for (let e = 0; e < synapses; e++) checkRuleParams(rule, opts.ruleParamsOf(e), `ruleParamsOf(${e})`);
}
