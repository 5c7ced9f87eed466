import { Observable, distinctUntilChanged, map } from '../rx';
import { DivergenceError, SpecError } from '../errors';
import { RandomSource } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { clampClock } from '../streams/clock';
import { ClampSignal } from '../streams/clamp-signal';
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
  /** Runs the experiment; onRow gets each evaluation as it is made. */
  run(onRow?: (row: LearnRow) => void): LearnResult;
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
    run: (onRow) => ({ ...simulate(spec, built.net, task, protocol, rule, random, onRow), relaxation }),
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
  onRow?: (row: LearnRow) => void,
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
  const clock = clampClock(lp.protocol, { scheduler, rng: random.stream('clock') });
  const nTrain = task.train.length;
  const m = spec.cyclesPerExample;
  const exampleOf = (sig: ClampSignal) => Math.floor(lp.exampleOf(sig) / m);
  const example$ = clock.pipe(map((sig: ClampSignal) => exampleOf(sig) % nTrain));
  // Inputs and targets follow the clock: the data presenter is the only other phase-aware part.
  const drive = (value: (ex: number) => number): Observable<number> => example$.pipe(map(value), distinctUntilChanged());
  let presented = 0;
  const probe = clock.subscribe((sig) => (presented = exampleOf(sig)));

  const build = spec.engine === 'lockstep' ? resistorLockstep : spec.engine === 'event' ? resistorEvent : resistorAgents;
  const agents = build(net, {
    scheduler,
    random,
    timing: spec.timing,
    clock,
    rule: lr.rule,
    ruleParams: params,
    ruleParamsOf: perSynapse,
    modulator: lr.modulator,
    endpointView: spec.endpointView,
    clockView: spec.clockView,
    faults: spec.faults,
    sourceDrives: Array.from(net.sources, (_, j) => drive((ex) => task.train[ex].x[j])),
    targetDrives: Array.from(net.outputs, (_, j) => drive((ex) => task.train[ex].y[j])),
    // The clock presents example 0 first.
    warmStart: spec.warmStart ? task.train[0].x : undefined,
  });

  const rows: LearnRow[] = [];
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
  evaluate(0);
  try {
    for (let epoch = 1; epoch <= spec.epochs; epoch++) {
      const target = epoch * nTrain;
      scheduler.runWhileNot(() => presented >= target);
      if (epoch % spec.evalEvery === 0 || epoch === spec.epochs) evaluate(epoch);
    }
  } finally {
    probe.unsubscribe();
    agents.stop();
  }
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
