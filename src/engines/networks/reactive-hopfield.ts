import { BehaviorSubject } from '../../rx';
import { NodeAgent } from '../../nodes/node-agent';
import { RandomSource } from '../../scheduler/random';
import { VirtualScheduler } from '../../scheduler/virtual-scheduler';
import { ClampSignal, Protocol } from '../../streams/clamp-signal';
import { SynapseAgent } from '../../synapses/synapse-agent';
import { SynapseRule } from '../../synapses/synapse-rule';
import { reactiveEngine } from '../reactive-engine';
import { LayeredNetwork } from '../../substrates/hopfield/layered-network';
import { hopfieldSubstrate } from '../../substrates/hopfield/hopfield-substrate';

/** Which rule a synapse runs: per group (weights of layer l, or biases of layer l). */
export interface ReactiveRule<P> {
  rule: SynapseRule<P>;
  /** The rule's parameters for each group of synapses. */
  params: (group: { kind: 'weight' | 'bias'; layer: number }) => P;
  /** For rules that declare a modulator: its value from the clamp signal. */
  modulator?: (s: ClampSignal) => number;
}

/**
 * One example on the reactive layered network: the network, the input and label, the starting
 * states, relaxation step and nudge sign, the protocol, the rule per group and the scheduler.
 */
export interface ReactiveHopfieldConfig<P> {
  net: LayeredNetwork;
  /** One example: its input (layer 0) and label. */
  x: ArrayLike<number>;
  label: number;
  /** Initial states of layers 1..L-1 (index 0 unused). */
  initial: ArrayLike<number>[];
  eps: number;
  /** +1 or -1: the nudge's sign, known to the output units only. */
  sign: number;
  /** The clamp clock (amplitude |beta|), started at `clampStart`. Before it: free (beta 0). */
  protocol: Protocol;
  clampStart: number;
  rule: ReactiveRule<P>;
  scheduler: VirtualScheduler;
  seed?: number;
}

/** The layered network as node and synapse agents, with readers of its weights and states. */
export interface ReactiveHopfield {
  nodes: NodeAgent[][];
  synapses: { weights: SynapseAgent[][]; biases: SynapseAgent[][] };
  /** Current weights and biases read from the synapse agents. */
  network(): LayeredNetwork;
  /** Current states of layers 1..L-1 (index 0: the input). */
  states(): Float64Array[];
  /** Stops the engine and its clamp subscription. */
  stop(): void;
}

/**
 * The small reactive version of the layered network: the reactive engine on the Hopfield
 * substrate (hopfield-substrate.ts), every unit a node agent and every weight and bias a
 * synapse agent, all on their own clocks (period 1, synchronous). Node agents come before
 * synapse agents, so at each tick the units move first (from the inputs the synapses published
 * at the previous tick) and the synapses then read the new states: the synchronous (Jacobi)
 * sweep of the batched engine. The clamp clock starts at a half-integer time, so a nudge change
 * never ties with a tick.
 */
export function buildReactiveHopfield<P>(cfg: ReactiveHopfieldConfig<P>): ReactiveHopfield {
  const { net, scheduler } = cfg;
  const sizes = net.sizes;
  const L = sizes.length;
  const sub = hopfieldSubstrate(net, { x: cfg.x, label: cfg.label }, { eps: cfg.eps, sign: cfg.sign });
  const { layout } = sub;
  const clamp = new BehaviorSubject<ClampSignal>({ t: 0, beta: 0, phase: 'free', z: 0, index: -1 });
  const rng = new RandomSource(cfg.seed ?? 0).stream('clamp');
  const clampSub = scheduler.schedule(() => {
    clampSub.add(cfg.protocol.signal({ scheduler, rng }).subscribe((s) => clamp.next(s)));
  }, cfg.clampStart);
  const initial = new Float64Array(sub.ids.length);
  for (let l = 0; l < L; l++) for (let j = 0; j < sizes[l]; j++) initial[layout.node(l, j)] = l === 0 ? cfg.x[j] : cfg.initial[l][j];
  initial[layout.one] = 1;
  const engine = reactiveEngine(sub, {
    scheduler,
    random: new RandomSource(cfg.seed ?? 0),
    timing: { tau: 1, nodePeriod: 1, synapsePeriod: 1, rateSpread: 1, jitter: 0 },
    clock: clamp,
    rule: cfg.rule.rule,
    ruleParamsOf: (e) => cfg.rule.params(layout.group(e)),
    modulator: cfg.rule.modulator,
    initial,
  });

  const nodes: NodeAgent[][] = sizes.map((n, l) => (l === 0 ? [] : Array.from({ length: n }, (_, j) => engine.nodes[layout.node(l, j)])));
  const weights = sizes.slice(0, -1).map((n, l) =>
    Array.from({ length: n * sizes[l + 1] }, (_, k) => engine.synapses[layout.weight(l, Math.floor(k / sizes[l + 1]), k % sizes[l + 1])]),
  );
  const biases = sizes.map((n, l) => (l === 0 ? [] : Array.from({ length: n }, (_, j) => engine.synapses[layout.bias(l, j)])));
  return {
    nodes,
    synapses: { weights, biases },
    network: () => ({
      sizes: [...sizes],
      weights: weights.map((row) => Float64Array.from(row, (s) => s.weight())),
      biases: biases.map((row) => Float64Array.from(row, (s) => s.weight())),
    }),
    states: () => sizes.map((n, l) => Float64Array.from({ length: n }, (_, j) => (l === 0 ? cfg.x[j] : engine.nodes[layout.node(l, j)].value()))),
    stop: () => {
      clampSub.unsubscribe();
      engine.stop();
    },
  };
}
