import { RandomSource } from '../../scheduler/random';
import { VirtualScheduler } from '../../scheduler/virtual-scheduler';
import { Snapshot } from '../../engines/snapshot/snapshot';
import { HopfieldExamples, HopfieldNetwork, HopfieldRule, hopfieldNetwork } from '../../engines/networks/hopfield-network';
import { PresenterState } from '../../streams/example-presenter';
import { sawtooth, twoPhase } from '../../streams/protocols';
import { Protocol, ClampSignal } from '../../streams/clamp-signal';
import { LayeredNetwork } from '../../substrates/hopfield/layered-network';
import { EpSpec, TclRuleSpec } from './ep-spec';
import { epRule } from './ep-rule';

/** Where an online run stands after an epoch: the engine's snapshot and the presenter's state. */
export interface OnlineState {
  snapshot: Snapshot;
  presenter: PresenterState;
}

/** The clamp protocol of an online run and the example each of its signals presents. */
interface OnlineProtocol {
  protocol: Protocol;
  exampleOf: (sig: ClampSignal) => number;
  /** Relaxation steps per digit. */
  steps: number;
}

/**
 * The clock of a spec's rule, in the event engine's time (one relaxation step = timing.step): the
 * two-phase cycle (freeSteps free, nudgedSteps nudged) for classic EP and any registered rule,
 * the quantised sawtooth for TCL with a free lead of freeSteps before each rise (the digit
 * changes at the start of the lead, so the network relaxes to it and the kernel forgets the
 * change before the nudge). Each digit is shown for one cycle.
 */
export function onlineProtocol(spec: EpSpec): OnlineProtocol {
  const step = spec.timing!.step;
  if (spec.rule.kind === 'tcl') {
    const t = (spec.rule as TclRuleSpec).protocol;
    const lead = spec.freeSteps * step;
    return { protocol: sawtooth({ ...t, amplitude: spec.beta, lead }), exampleOf: (sig) => sig.index, steps: spec.freeSteps + t.period / step };
  }
  const protocol = twoPhase({ free: spec.freeSteps * step, clamped: spec.nudgedSteps * step, beta: spec.beta });
  return { protocol, exampleOf: (sig) => Math.floor(sig.index / 2), steps: spec.freeSteps + spec.nudgedSteps };
}

/**
 * The rule of every synapse with its parameters per group, as the quasi-static path runs it
 * (epRule): each weight layer W_l and the biases of layer l + 1 at the spec's lr[l], divided by
 * |beta| (the rules' updates are differences of signals, which the nudge scales).
 */
export function onlineRule(spec: EpSpec): HopfieldRule<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { rule, modulator, weights, biases } = epRule(spec);
  return {
    rule,
    modulator,
    params: (g) => {
      const p = g.kind === 'weight' ? weights[g.layer] : biases[g.layer - 1];
      return { ...p, lr: (p.lr as number) / spec.beta };
    },
  };
}

/**
 * EP learning online on the event engine (spec.engine "event"): the layered network as agents
 * (hopfieldNetwork), every unit and synapse ticking on its own clock (timing), each synapse
 * sensing its units through its own view (endpointView), some synapses dead or stuck (faults).
 * The clock shows the training digits in order, one per cycle, and every synapse updates on
 * its own; the network is built once from the initial weights (substream 'init') and runs
 * from epoch to epoch on one scheduler.
 */
export class OnlineEp {
  private readonly scheduler = new VirtualScheduler();
  private readonly net: HopfieldNetwork;
  private readonly count: number;
  readonly steps: number;

  /** initial: the run's initial weights (the engine is always built from them, then restored). */
  constructor(spec: EpSpec, initial: LayeredNetwork, train: HopfieldExamples, resume?: OnlineState) {
    const p = onlineProtocol(spec);
    const t = spec.timing!;
    this.count = train.count;
    this.steps = p.steps;
    this.net = hopfieldNetwork(initial, {
      scheduler: this.scheduler,
      random: new RandomSource(spec.seed),
      engine: 'event',
      protocol: p.protocol,
      exampleOf: p.exampleOf,
      examples: train,
      eps: spec.eps,
      sign: 1,
      rule: onlineRule(spec),
      step: t.step,
      rateSpread: t.rateSpread,
      jitter: t.jitter,
      endpointView: spec.endpointView,
      faults: spec.faults,
    });
    if (resume) {
      this.net.engine.restore(resume.snapshot);
      this.net.presenter.restore(resume.presenter);
    }
  }

  /**
   * Trains through epoch `epoch` (1-based): until the clock has begun digit epoch x count, the
   * first of the next epoch. onDigit(done, total) every 1% of the digits.
   */
  train(epoch: number, onDigit?: (done: number, total: number) => void): void {
    const first = (epoch - 1) * this.count;
    const every = Math.max(1, Math.floor(this.count / 100));
    for (let done = every; ; done += every) {
      const target = first + Math.min(done, this.count);
      this.scheduler.runWhileNot(() => this.net.presenter.presented >= target);
      onDigit?.(Math.min(done, this.count), this.count);
      if (done >= this.count) break;
    }
  }

  /** Copies the engine's weights and biases into net. */
  pull(net: LayeredNetwork): void {
    const w = this.net.network();
    w.weights.forEach((a, l) => net.weights[l].set(a));
    w.biases.forEach((a, l) => net.biases[l].set(a));
  }

  /** The engine's events so far. */
  events(): number {
    return this.scheduler.eventCount;
  }

  state(): OnlineState {
    return { snapshot: this.net.engine.snapshot(), presenter: this.net.presenter.state() };
  }

  stop(): void {
    this.net.stop();
  }
}
