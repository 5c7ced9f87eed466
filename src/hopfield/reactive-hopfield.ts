import { BehaviorSubject, Observable, map } from 'rxjs';
import { Contribution, NodeDynamics } from '../nodes/node-dynamics';
import { NodeAgent, nodeAgent } from '../nodes/node-agent';
import { RandomSource } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { ClampSignal, Protocol } from '../streams/clamp-signal';
import { SynapseAgent, synapseAgent } from '../synapses/synapse-agent';
import { Coupling, SynapseRule } from '../synapses/synapse-rule';
import { LayeredNetwork, rho } from './layered-network';

/**
 * The Hopfield synapse: local signal s = dE/dw = -rho(x_a) rho(x_b); it delivers w rho(x_b) to
 * a and w rho(x_a) to b. A bias is the same synapse to a unit held at 1 (s = -rho(x_a)).
 */
export const hopfieldCoupling: Coupling = {
  name: 'hopfield',
  signal: (_w, va, vb) => -rho(va) * rho(vb),
  toA: (w, _va, vb) => ({ g: 0, i: w * rho(vb) }),
  toB: (w, va) => ({ g: 0, i: w * rho(va) }),
};

export interface HopfieldNodeParams {
  eps: number;
  /** Sign of the nudge (the clamp clock carries |beta|); output units only. */
  sign: number;
}

/**
 * Relaxation of one unit, s <- clip(s - eps dF/ds, 0, 1), with dF/ds = s - (sum of the
 * synapses' inputs, bias included) for a hidden unit. Written with the lockstep engine's
 * arithmetic order.
 */
export const hopfieldHidden: NodeDynamics<HopfieldNodeParams> = {
  name: 'hopfield-hidden',
  reads: ['contributions'],
  step(v, input, _dt, p) {
    const next = v - p.eps * (v - input.i);
    return next < 0 ? 0 : next > 1 ? 1 : next;
  },
};

/** An output unit adds the nudge 2 beta (s - y), beta from its clamp clock, y its target (drive). */
export const hopfieldOutput: NodeDynamics<HopfieldNodeParams> = {
  name: 'hopfield-output',
  reads: ['contributions', 'clamp', 'drive'],
  step(v, input, _dt, p) {
    let g = v - input.i;
    const beta = p.sign * input.beta;
    if (beta !== 0) g += 2 * beta * (v - input.drive);
    const next = v - p.eps * g;
    return next < 0 ? 0 : next > 1 ? 1 : next;
  },
};

/** Which rule a synapse runs: per group (weights of layer l, or biases of layer l). */
export interface ReactiveRule<P> {
  rule: SynapseRule<P>;
  params: (group: { kind: 'weight' | 'bias'; layer: number }) => P;
  /** For rules that declare a modulator: its value from the clamp signal. */
  modulator?: (s: ClampSignal) => number;
}

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

export interface ReactiveHopfield {
  nodes: NodeAgent[][];
  synapses: { weights: SynapseAgent[][]; biases: SynapseAgent[][] };
  /** Current weights and biases read from the synapse agents. */
  network(): LayeredNetwork;
  /** Current states of layers 1..L-1 (index 0: the input). */
  states(): Float64Array[];
  stop(): void;
}

/**
 * The small reactive version of the layered network: every hidden and output unit a node agent,
 * every weight and bias a synapse agent, all on their own clocks (period 1, synchronous) on the
 * virtual scheduler. Node agents are created before synapse agents, so at each tick the units
 * move first (from the inputs the synapses published at the previous tick) and the synapses
 * then read the new states: the synchronous (Jacobi) sweep of the lockstep engine. The clamp
 * clock starts at a half-integer time, so a nudge change never ties with a tick.
 */
export function buildReactiveHopfield<P>(cfg: ReactiveHopfieldConfig<P>): ReactiveHopfield {
  const { net, scheduler } = cfg;
  const sizes = net.sizes;
  const L = sizes.length;
  const clamp = new BehaviorSubject<ClampSignal>({ t: 0, beta: 0, phase: 'free', z: 0, index: -1 });
  const rng = new RandomSource(cfg.seed ?? 0).stream('clamp');
  const clampSub = scheduler.schedule(() => {
    clampSub.add(cfg.protocol.signal({ scheduler, rng }).subscribe((s) => clamp.next(s)));
  }, cfg.clampStart);
  const one = new BehaviorSubject(1);
  const stateOf: BehaviorSubject<number>[][] = sizes.map((n, l) =>
    Array.from({ length: n }, (_, j) => new BehaviorSubject(l === 0 ? cfg.x[j] : cfg.initial[l][j])),
  );
  // One stand-in stream per synapse end, so node agents (built first, for the tick order) get
  // their streams before the synapses exist; each synapse then feeds its own stand-ins.
  const ends = (l: number) => (l > 0 ? sizes[l - 1] : 0) + (l + 1 < L ? sizes[l + 1] : 0) + 1;
  const inbox: BehaviorSubject<Contribution>[][][] = sizes.map((n, l) =>
    Array.from({ length: n }, () => Array.from({ length: l === 0 ? 0 : ends(l) }, () => new BehaviorSubject<Contribution>({ g: 0, i: 0 }))),
  );
  const filled: number[][] = sizes.map((n) => new Array<number>(n).fill(0));
  const deliver = (c$: Observable<Contribution>, l: number, j: number) => c$.subscribe(inbox[l][j][filled[l][j]++]);

  const nodes: NodeAgent[][] = [[]];
  for (let l = 1; l < L; l++) {
    const layer: NodeAgent[] = [];
    for (let j = 0; j < sizes[l]; j++) {
      const out = l === L - 1;
      const agent = nodeAgent({
        id: `s${l}[${j}]`,
        dynamics: out ? hopfieldOutput : hopfieldHidden,
        params: { eps: cfg.eps, sign: cfg.sign },
        initial: cfg.initial[l][j],
        scheduler,
        clock: { period: 1 },
        contributions: inbox[l][j],
        clamp: out ? clamp : undefined,
        drive: out ? new BehaviorSubject(j === cfg.label ? 1 : 0) : undefined,
      });
      agent.state$.subscribe(stateOf[l][j]);
      layer.push(agent);
    }
    nodes.push(layer);
  }

  const modulator$ = cfg.rule.modulator ? clamp.pipe(map(cfg.rule.modulator)) : undefined;
  const synapse = (id: string, w0: number, a$: Observable<number>, b$: Observable<number>, group: { kind: 'weight' | 'bias'; layer: number }) =>
    synapseAgent({
      id,
      coupling: hopfieldCoupling,
      rule: cfg.rule.rule,
      params: cfg.rule.params(group),
      w0,
      scheduler,
      clock: { period: 1 },
      // The relaxation is a synchronous map (every unit reads the previous sweep's states).
      conduction: 'tick',
      a$,
      b$,
      modulator$,
    });
  const weights: SynapseAgent[][] = [];
  for (let l = 0; l + 1 < L; l++) {
    const m = sizes[l + 1];
    const row: SynapseAgent[] = [];
    for (let i = 0; i < sizes[l]; i++) {
      for (let j = 0; j < m; j++) {
        const s = synapse(`W${l}[${i},${j}]`, net.weights[l][i * m + j], stateOf[l][i], stateOf[l + 1][j], { kind: 'weight', layer: l });
        if (l > 0) deliver(s.toA$, l, i);
        deliver(s.toB$, l + 1, j);
        row.push(s);
      }
    }
    weights.push(row);
  }
  const biases: SynapseAgent[][] = [[]];
  for (let l = 1; l < L; l++) {
    const row: SynapseAgent[] = [];
    for (let j = 0; j < sizes[l]; j++) {
      const s = synapse(`b${l}[${j}]`, net.biases[l][j], stateOf[l][j], one, { kind: 'bias', layer: l });
      deliver(s.toA$, l, j);
      row.push(s);
    }
    biases.push(row);
  }

  return {
    nodes,
    synapses: { weights, biases },
    network: () => ({
      sizes: [...sizes],
      weights: weights.map((row) => Float64Array.from(row, (s) => s.weight())),
      biases: sizes.map((n, l) => (l === 0 ? new Float64Array(0) : Float64Array.from(biases[l], (s) => s.weight()))),
    }),
    states: () => stateOf.map((layer) => Float64Array.from(layer, (s) => s.value)),
    stop: () => {
      clampSub.unsubscribe();
      for (const layer of nodes) for (const n of layer) n.stop();
      for (const row of [...weights, ...biases]) for (const s of row) s.stop();
    },
  };
}
