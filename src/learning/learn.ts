import { DivergenceError, SpecError } from '../errors';
import { RandomSource } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { clampClock } from '../streams/clock';
import { resistorAgents } from '../engines/networks/resistor-agents';
import { resistorEvent } from '../engines/networks/resistor-event';
import { checkLockstepOptions, resistorLockstep } from '../engines/networks/resistor-lockstep';
import { ResistorNetwork, ResistorSpec } from '../substrates/resistor/resistor-spec';
import { buildNetwork } from '../experiments/network-source';
import { meanSquaredError } from '../tasks/teacher-task';
import { LearningTask, openTask } from '../tasks/task-spec';
import { LearnSpec } from './learn-spec';
import { LearningProtocol, readProtocolSpec } from './protocol-spec';
import { LearningRule, readRuleSpec } from './rule-spec';
import { checkTimescales } from './timescales';
import { loadPlugins } from '../registry/plugins';
import { checkLearnBudget } from './learn-budget';
import { RelaxationTime, relaxationTime } from '../engines/networks/relaxation-time';
import { calibrateThetaPerSynapse, freeSignalReference } from './threshold-calibration';
import { checkRuleParams } from '../synapses/synapse-rule';
import { BuiltProtocol } from '../streams/protocol-registry';
import { BuiltRule } from '../synapses/rules/rule-registry';
import { Snapshot } from '../engines/snapshot/snapshot';
import { ExamplePresenter, PresenterState } from '../streams/example-presenter';

/** One evaluation: exact train and test errors of the current conductances. */
export interface LearnRow {
  epoch: number;
  t: number;
  events: number;
  trainError: number;
  testError: number;
  wallMs: number;
}

/**
 * What a learning run measured: train and test errors before and after, per-evaluation rows, the
 * final conductances and the run's cost.
 */
export interface LearnResult {
  initialTestError: number;
  finalTestError: number;
  errorRatio: number;
  initialTrainError: number;
  finalTrainError: number;
  seed: number;
  theta?: number;
  /** The network's measured relaxation time at the start (simulated time per e-fold). */
  relaxation: RelaxationTime;
  simulatedTime: number;
  events: number;
  wallSeconds: number;
  rows: LearnRow[];
  conductances: number[];
}

/** A checked, ready-to-run experiment: building it validates everything (design rule 5). */
export interface PreparedLearn {
  spec: LearnSpec;
  network: ResistorSpec;
  net: ResistorNetwork;
  task: LearningTask;
  protocol: LearningProtocol;
  rule: LearningRule;
  relaxation: RelaxationTime;
  /** Runs the experiment; onRow gets each evaluation as it is made (see LearnRunOptions). */
  run(onRow?: (row: LearnRow) => void, opts?: LearnRunOptions): LearnResult;
}

/**
 * Where a learning run stands after an evaluation, as plain JSON: the engine's snapshot (its
 * scheduler with the clamp clock's next edge, every substream including the clock's, all agent
 * state) and what the run's own loop holds outside the engine: the epoch, the rows so far, the
 * count of examples presented, and the last value each data drive passed on (a drive passes an
 * example's value only when it changes). A run built from the same spec and restored from it
 * continues as the uninterrupted run does, bit for bit.
 */
export interface LearnState extends PresenterState {
  epoch: number;
  rows: LearnRow[];
  snapshot: Snapshot;
}

/** Options of PreparedLearn.run beyond onRow. */
export interface LearnRunOptions {
  /** Continue from this state (of a run of the same spec) instead of starting afresh. */
  from?: LearnState;
  /** Gets the run's state after each evaluation but the last (to write a checkpoint). */
  onState?: (state: LearnState) => void;
  /** Gets what this process simulated: its events (all of them unless resumed from a state). */
  onEnd?: (ran: { events: number }) => void;
}

/**
 * Checks the spec and builds everything (plugins, network, task, protocol, rule, timescale check)
 * before any simulation; call run() on the result.
 */
export function prepareLearn(spec: LearnSpec): PreparedLearn {
  // User data is read (its size checked) first: the budget counts its examples.
  const source = openTask(spec.task);
  checkLearnBudget(spec, source.counts);
  loadPlugins(spec.plugins);
  const random = new RandomSource(spec.seed);
  const built = buildNetwork(spec.network, random);
  const protocol = readProtocolSpec(spec.protocol);
  const rule = readRuleSpec(spec.rule, 'rule', protocol.phaseProbability, protocol.oscillation);
  // A registered rule's build may forget a parameter its step reads: refuse it before any work.
  checkRuleParams(rule.rule, rule.params, 'rule');
  if (spec.engine === 'lockstep') checkLockstepOptions(spec);
  // The shortest tick any synapse takes: its period, shortened by its rate factor and jitter.
  const t = spec.timing;
  rule.kernel?.checkTick?.((t.synapsePeriod * (1 - t.jitter)) / t.rateSpread, 'rule.kernel');
  const relaxation = relaxationTime(built.net, built.net.k, spec.timing);
  checkProtocolRule(protocol, rule, spec.allowTimescaleOverlap);
  if (rule.tauK !== undefined && !spec.allowTimescaleOverlap) {
    checkTimescales({
      tauNode: spec.timing.tau,
      networkRelaxation: relaxation.time,
      synapsePeriod: spec.timing.synapsePeriod,
      tauK: rule.tauK,
      tauF: protocol.ramps!.rise,
      tauS: protocol.ramps!.fall,
    });
  }
  const task = source.build(built.net, random);
  return {
    spec,
    network: built.spec,
    net: built.net,
    task,
    protocol,
    rule,
    relaxation,
    run: (onRow, opts = {}) => ({ ...simulate(spec, built.net, task, protocol, rule, random, onRow, opts), relaxation }),
  };
}

/**
 * Whether a rule can learn under a protocol, whatever the timing: a kernel rule needs a waveform,
 * a rule that reads the phase needs phases, a demodulating rule an oscillating nudge. A SpecError
 * names protocol.kind (or rule.theta) otherwise. With allowTimescaleOverlap a kernel rule may
 * run on any protocol. Exported for the arbitraries, which draw only pairs that pass.
 */
export function checkProtocolRule(protocol: BuiltProtocol & { kind: string }, rule: BuiltRule & { kind: string }, allowTimescaleOverlap = false): void {
  if (rule.tauK !== undefined && !allowTimescaleOverlap && !protocol.ramps) {
    throw new SpecError('protocol.kind', `a waveform (sawtooth, reversedSawtooth, triangle) for rule ${rule.kind}`, protocol.kind);
  }
  if (rule.readsOscillation && !protocol.oscillation) {
    throw new SpecError('protocol.kind', `frequencyPropagation (an oscillating nudge) for rule ${rule.kind}`, protocol.kind);
  }
  if ((protocol.oscillation && rule.modulator && !rule.readsOscillation) || (rule.modulator && protocol.ramps)) {
    throw new SpecError('protocol.kind', `twoPhase or stochasticPhases for rule ${rule.kind} (it reads the phase)`, protocol.kind);
  }
  if (rule.autoTheta && !protocol.ramps) {
    throw new SpecError('rule.theta', 'a number (theta can only be calibrated on a waveform protocol)', 'auto');
  }
}

function simulate(
  spec: LearnSpec,
  net: ResistorNetwork,
  task: LearningTask,
  lp: LearningProtocol,
  lr: LearningRule,
  random: RandomSource,
  onRow: ((row: LearnRow) => void) | undefined,
  opts: LearnRunOptions,
): Omit<LearnResult, 'relaxation'> {
  const started = Date.now();
  const params = { ...lr.params };
  const thetas = lr.autoTheta ? calibrateThetaPerSynapse(net, net.k, task.train, lp.amplitude, lp.ramps!.fall) : undefined;
  const references = lr.autoReference ? freeSignalReference(net, net.k, task.train) : undefined;
  const perSynapse =
    thetas || references
      ? (e: number) => ({ ...params, ...(thetas ? { theta: thetas[e] } : {}), ...(references ? { reference: references[e] } : {}) })
      : undefined;

  const scheduler = new VirtualScheduler();
  const clockStream = random.stream('clock');
  const clock = clampClock(lp.protocol, { scheduler, rng: clockStream });
  const nTrain = task.train.length;
  const m = spec.cyclesPerExample;
  // Inputs and targets follow the clock: the presenter is the only other phase-aware part.
  const presenter = new ExamplePresenter(clock, (sig) => Math.floor(lp.exampleOf(sig) / m), nTrain);

  const build = spec.engine === 'lockstep' ? resistorLockstep : spec.engine === 'event' ? resistorEvent : resistorAgents;
  const agents = build(net, {
    scheduler,
    random,
    timing: spec.timing,
    clock,
    clockStream,
    rule: lr.rule,
    ruleParams: params,
    ruleParamsOf: perSynapse,
    modulator: lr.modulator,
    endpointView: spec.endpointView,
    clockView: spec.clockView,
    faults: spec.faults,
    sourceDrives: Array.from(net.sources, (_, j) => presenter.drive((ex) => task.train[ex].x[j])),
    targetDrives: Array.from(net.outputs, (_, j) => presenter.drive((ex) => task.train[ex].y[j])),
    // The clock presents example 0 first.
    warmStart: spec.warmStart ? task.train[0].x : undefined,
  });

  const from = opts.from;
  const rows: LearnRow[] = from ? from.rows.map((r) => ({ ...r })) : [];
  if (from) {
    agents.restore(from.snapshot);
    presenter.restore(from);
  }
  const eventsBefore = scheduler.eventCount;
  const evaluate = (epoch: number) => {
    const k = agents.conductances();
    const row: LearnRow = {
      epoch,
      t: scheduler.now(),
      events: scheduler.eventCount,
      trainError: meanSquaredError(net, k, task.train),
      testError: meanSquaredError(net, k, task.test),
      wallMs: Date.now() - started,
    };
    for (const metric of ['trainError', 'testError'] as const) {
      if (!Number.isFinite(row[metric])) throw new DivergenceError(`metric ${metric}`, row.t, row[metric]);
    }
    rows.push(row);
    onRow?.(row);
  };
  if (!from) evaluate(0);
  const saveState = (epoch: number): LearnState => ({
    epoch,
    rows: rows.map((r) => ({ ...r })),
    ...presenter.state(),
    snapshot: agents.snapshot(),
  });
  try {
    for (let epoch = (from?.epoch ?? 0) + 1; epoch <= spec.epochs; epoch++) {
      const target = epoch * nTrain;
      scheduler.runWhileNot(() => presenter.presented >= target);
      if (epoch % spec.evalEvery === 0 || epoch === spec.epochs) {
        evaluate(epoch);
        if (epoch < spec.epochs) opts.onState?.(saveState(epoch));
      }
    }
  } finally {
    presenter.stop();
    agents.stop();
  }
  opts.onEnd?.({ events: scheduler.eventCount - eventsBefore });
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    initialTestError: first.testError,
    finalTestError: last.testError,
    errorRatio: last.testError / first.testError,
    initialTrainError: first.trainError,
    finalTrainError: last.trainError,
    seed: spec.seed,
    theta: lr.kind === 'tcl' ? (thetas ? median(thetas) : params.theta) : undefined,
    simulatedTime: scheduler.now(),
    events: scheduler.eventCount,
    wallSeconds: (Date.now() - started) / 1000,
    rows,
    conductances: Array.from(agents.conductances()),
  };
}

function median(a: Float64Array): number {
  const s = Float64Array.from(a).sort();
  return s[Math.floor(s.length / 2)];
}
