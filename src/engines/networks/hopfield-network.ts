import { Observable, Subject } from '../../rx';
import { SpecError } from '../../errors';
import { RandomSource } from '../../scheduler/random';
import { VirtualScheduler } from '../../scheduler/virtual-scheduler';
import { ClampSignal, Protocol } from '../../streams/clamp-signal';
import { clampClock } from '../../streams/clock';
import { ExamplePresenter } from '../../streams/example-presenter';
import { Distortion } from '../../streams/operators';
import { SynapseRule } from '../../synapses/synapse-rule';
import { Engine } from '../engine';
import { EngineKind, engineByName } from '../engine-by-name';
import type { Faults } from '../faults';
import { LayeredNetwork } from '../../substrates/hopfield/layered-network';
import { HopfieldLayout, hopfieldSubstrate } from '../../substrates/hopfield/hopfield-substrate';

/** Which rule a synapse runs, with parameters per group (weights of layer l, or biases of layer l). */
export interface HopfieldRule<P> {
  rule: SynapseRule<P>;
  /** The rule's parameters for each group of synapses. */
  params: (group: { kind: 'weight' | 'bias'; layer: number }) => P;
  /** For rules that declare a modulator: its value from the clamp signal. */
  modulator?: (s: ClampSignal) => number;
}

/** Examples in the layout of src/datasets/mnist-digits: images row by row, one label each. */
export interface HopfieldExamples {
  /** count x (input size) values, example by example. */
  images: ArrayLike<number>;
  labels: ArrayLike<number>;
  count: number;
}

/**
 * How to run the layered network on an engine: the examples and the clock that presents them,
 * the relaxation step, the rule, and how asynchronously the agents tick.
 */
export interface HopfieldNetworkOptions<P> {
  scheduler: VirtualScheduler;
  /** Root of every substream: the clock's ('clock'), every agent's. */
  random: RandomSource;
  /** 'reactive' (default), 'event' (the same agents on typed arrays) or 'array' (synchronous sweeps). */
  engine?: EngineKind;
  /** The clamp protocol, its clock starting at time 0 (amplitude |beta|). */
  protocol: Protocol;
  /** The example a clock signal presents (a protocol's exampleOf); examples go in order, cyclically. */
  exampleOf: (sig: ClampSignal) => number;
  examples: HopfieldExamples;
  /** Relaxation step of s <- clip(s - eps dF/ds, 0, 1). */
  eps: number;
  /** +1 (default) or -1: the nudge's sign, known to the output units only. */
  sign?: number;
  rule: HopfieldRule<P>;
  /**
   * Simulated time of one relaxation step: every unit and synapse ticks once per step (default 1),
   * at (k + 1/2) step when the ticks are synchronous, off the clock's edges at whole steps.
   */
  step?: number;
  /** Each agent's period scaled by its own log-uniform factor in [1/s, s] (default 1). */
  rateSpread?: number;
  /** Relative jitter of every tick interval (default 0). */
  jitter?: number;
  /** How each synapse's rule senses its two units (its own seeded view; in simulated time). */
  endpointView?: Distortion;
  /** Dead and stuck synapses, dropped endpoint messages (src/engines/faults.ts). */
  faults?: Faults;
  /** Initial states of layers 1..L-1 (index 0 unused); default 0. */
  initial?: ArrayLike<number>[];
}

/** The layered network on an engine: its clock, data presenter, weights and states. */
export interface HopfieldNetwork {
  readonly engine: Engine;
  readonly clock: Observable<ClampSignal>;
  /** Which example is under way; its state is part of a checkpoint. */
  readonly presenter: ExamplePresenter;
  readonly layout: HopfieldLayout;
  /** Current weights and biases (a copy). */
  network(): LayeredNetwork;
  /** Current states per layer (layer 0: the input units). */
  states(): Float64Array[];
  /** Stops the engine, the presenter and the clock. */
  stop(): void;
}

/**
 * The layered network of EP (hopfield-substrate.ts) on any engine, learning online from a stream of
 * examples: the clamp clock presents example n during its n-th cycle (the protocol's exampleOf),
 * each input unit held at its pixel and each output unit nudged toward its one-hot target by
 * drives from the presenter. Nothing is stored per example: each example's free phase starts
 * from the state the previous one left. Units tick before synapses at a shared time, so with
 * synchronous timing a tick is the batched engine's synchronous sweep, then the synapses' reads.
 */
export function hopfieldNetwork<P>(net: LayeredNetwork, opts: HopfieldNetworkOptions<P>): HopfieldNetwork {
  const { scheduler, random, examples } = opts;
  const sizes = net.sizes;
  const L = sizes.length;
  const inputs = sizes[0];
  if (examples.images.length !== examples.count * inputs) throw new SpecError('examples.images', `${examples.count} x ${inputs} values`, examples.images.length);
  if (examples.labels.length !== examples.count) throw new SpecError('examples.labels', `${examples.count} labels`, examples.labels.length);
  const sub = hopfieldSubstrate(net, { x: new Float64Array(inputs), label: 0 }, { eps: opts.eps, sign: opts.sign ?? 1 });
  const { layout } = sub;
  const stopClock = new Subject<void>();
  const clockStream = random.stream('clock');
  const clock = clampClock(opts.protocol, { scheduler, rng: clockStream }, stopClock);
  const presenter = new ExamplePresenter(clock, opts.exampleOf, examples.count);
  // Drives in node order: the pixels, then the output targets (the unit held at 1 keeps its own).
  const drives = new Map<number, Observable<number>>();
  for (let i = 0; i < inputs; i++) drives.set(layout.node(0, i), presenter.drive((ex) => examples.images[ex * inputs + i]));
  for (let j = 0; j < sizes[L - 1]; j++) drives.set(layout.node(L - 1, j), presenter.drive((ex) => (examples.labels[ex] === j ? 1 : 0)));

  // The inputs start at the first example's pixels (the clock presents example 0 first): a
  // synapse conducting on its ticks would otherwise carry a zero input into the first step.
  const initial = new Float64Array(sub.ids.length);
  for (let i = 0; i < inputs; i++) initial[layout.node(0, i)] = examples.images[i];
  if (opts.initial) for (let l = 1; l < L; l++) for (let j = 0; j < sizes[l]; j++) initial[layout.node(l, j)] = opts.initial[l][j];
  initial[layout.one] = 1;
  const step = opts.step ?? 1;
  const jitter = opts.jitter ?? 0;
  const engine = engineByName(opts.engine ?? 'reactive')(sub, {
    scheduler,
    random,
    clock,
    clockStream,
    timing: { tau: 1, nodePeriod: step, synapsePeriod: step, rateSpread: opts.rateSpread ?? 1, jitter },
    tickOffset: jitter > 0 ? undefined : step / 2,
    endpointView: opts.endpointView,
    faults: opts.faults,
    rule: opts.rule.rule,
    ruleParamsOf: (e) => opts.rule.params(layout.group(e)),
    modulator: opts.rule.modulator,
    driveOf: (k) => drives.get(k),
    initial,
  });
  return {
    engine,
    clock,
    presenter,
    layout,
    network: () => {
      // The substrate lists each W_l in (i, j) order and each layer's biases together: slices.
      const w = engine.weights();
      return {
        sizes: [...sizes],
        weights: sizes.slice(0, -1).map((n, l) => w.slice(layout.weight(l, 0, 0), layout.weight(l, 0, 0) + n * sizes[l + 1])),
        biases: sizes.map((n, l) => (l === 0 ? new Float64Array(0) : w.slice(layout.bias(l, 0), layout.bias(l, 0) + n))),
      };
    },
    states: () => {
      const s = engine.states();
      return sizes.map((n, l) => Float64Array.from({ length: n }, (_, j) => s[layout.node(l, j)]));
    },
    stop: () => {
      engine.stop();
      presenter.stop();
      stopClock.next();
    },
  };
}
