import { Observable, ReplaySubject, filter, map, of } from 'rxjs';
import { RandomSource } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { ClampSignal, Protocol } from '../streams/clamp-signal';
import { clampClock } from '../streams/clock';
import { Contribution } from '../nodes/node-dynamics';
import { SynapseRule, fixedWeight } from '../synapses/synapse-rule';
import { Rbm, rbmFrom } from './rbm';
import { hiddenStream, visibleStream } from './rbm-chain';
import { UnitAgent, unitAgent } from './unit-agent';
import { RbmSynapseAgent, rbmSynapseAgent } from './rbm-synapse-agent';

/** Offsets inside a Gibbs step [k, k + 1): the clock's edges fall on integers. */
export const HIDDEN_OFFSET = 0.25;
export const VISIBLE_OFFSET = 0.5;
export const SYNAPSE_OFFSET = 0.75;

export interface RbmAgentsOptions<P> {
  scheduler: VirtualScheduler;
  random: RandomSource;
  /** The clamp protocol (stochasticPhases for the temporally local runs). */
  protocol: Protocol;
  /** Positive phases clamp these rows in order. */
  data: readonly Uint8Array[];
  /** The rule of every synapse (and hidden bias); phaseSigned for temporally local learning. */
  rule: SynapseRule<P>;
  params: P;
  /** The modulator derived from the clock, if the rule declares one (phaseWeight(b)). */
  modulator?: (s: ClampSignal) => number;
  /** Learn the hidden biases (synapses to an always-on unit); otherwise they stay fixed. */
  learnBias: boolean;
  /**
   * 0 (default): block Gibbs, layers staggered inside each unit step. > 0: every unit ticks on
   * its own jittered clock (its own `tick:` substream), i.e. asynchronous single-site Gibbs.
   */
  jitter?: number;
}

export interface RbmAgents {
  readonly hidden: UnitAgent[];
  readonly visible: UnitAgent[];
  /** synapses[j * nv + i] couples hidden j and visible i. */
  readonly synapses: RbmSynapseAgent[];
  readonly biases: RbmSynapseAgent[];
  readonly clock: Observable<ClampSignal>;
  /** The current weights as an Rbm (a copy). */
  weights(): Rbm;
  state(): { v: Uint8Array; h: Uint8Array };
  stop(): void;
}

/**
 * Wires an RBM as agents: a unit agent per visible and hidden unit (its own substream, the same
 * names the array engine uses), a synapse agent per (hidden, visible) pair and per hidden bias,
 * and the clamp clock. This wiring layer is the only place that knows the graph; positive
 * phases clamp the next datum in order, through a per-unit drive stream derived from the clock.
 */
export function rbmAgents<P>(rbm0: Rbm, opts: RbmAgentsOptions<P>): RbmAgents {
  const { scheduler, random, rule, params, data } = opts;
  const { nv, nh } = rbm0;
  const clock = clampClock(opts.protocol, { scheduler, rng: random.stream('clock') });
  const wantsMod = rule.reads.includes('modulator');
  if (wantsMod && !opts.modulator) throw new Error(`rule ${rule.name} reads a modulator: give options.modulator`);
  const modulator$ = wantsMod ? clock.pipe(map(opts.modulator!)) : undefined;

  // Wires first (units and synapses refer to each other): replaying subjects, filled below.
  const toVisible = Array.from({ length: nv }, () => Array.from({ length: nh }, () => new ReplaySubject<Contribution>(1)));
  const toHidden = Array.from({ length: nh }, () => Array.from({ length: nv + 1 }, () => new ReplaySubject<Contribution>(1)));
  const visState = Array.from({ length: nv }, () => new ReplaySubject<number>(1));
  const hidState = Array.from({ length: nh }, () => new ReplaySubject<number>(1));

  const hidden = Array.from({ length: nh }, (_, j) =>
    unitAgent({
      id: `h${j}`,
      scheduler,
      rng: random.stream(hiddenStream(j)),
      offset: HIDDEN_OFFSET,
      jitter: opts.jitter,
      tickRng: random.stream(`tick:${hiddenStream(j)}`),
      // Bias first, then visible 0..nv-1: the array engine sums in the same order.
      fields: toHidden[j],
    }),
  );
  const visible = Array.from({ length: nv }, (_, i) =>
    unitAgent({
      id: `v${i}`,
      scheduler,
      rng: random.stream(visibleStream(i)),
      offset: VISIBLE_OFFSET,
      jitter: opts.jitter,
      tickRng: random.stream(`tick:${visibleStream(i)}`),
      fields: toVisible[i],
      clamp: clock,
      drive: clock.pipe(
        filter((s) => s.z === 1),
        map((_, n) => data[n % data.length][i]),
      ),
    }),
  );
  hidden.forEach((u, j) => u.state$.subscribe(hidState[j]));
  visible.forEach((u, i) => u.state$.subscribe(visState[i]));

  const synapses: RbmSynapseAgent[] = [];
  for (let j = 0; j < nh; j++) {
    for (let i = 0; i < nv; i++) {
      const s = rbmSynapseAgent({
        id: `v${i}-h${j}`,
        rule,
        params,
        w0: rbm0.W[j * nv + i],
        scheduler,
        offset: SYNAPSE_OFFSET,
        a$: visState[i],
        b$: hidState[j],
        modulator$,
      });
      s.toA$.subscribe(toVisible[i][j]);
      s.toB$.subscribe(toHidden[j][i + 1]);
      synapses.push(s);
    }
  }
  const biases = Array.from({ length: nh }, (_, j) => {
    const s = rbmSynapseAgent({
      id: `bias-h${j}`,
      rule: opts.learnBias ? rule : (fixedWeight as unknown as SynapseRule<P>),
      params,
      w0: rbm0.bh[j],
      scheduler,
      offset: SYNAPSE_OFFSET,
      a$: of(1),
      b$: hidState[j],
      modulator$: opts.learnBias ? modulator$ : undefined,
    });
    s.toB$.subscribe(toHidden[j][0]);
    return s;
  });

  return {
    hidden,
    visible,
    synapses,
    biases,
    clock,
    weights: () =>
      rbmFrom(
        nv,
        nh,
        synapses.map((s) => s.weight()),
        biases.map((s) => s.weight()),
      ),
    state: () => ({ v: Uint8Array.from(visible, (u) => u.value()), h: Uint8Array.from(hidden, (u) => u.value()) }),
    stop: () => {
      for (const a of [...hidden, ...visible, ...synapses, ...biases]) a.stop();
    },
  };
}
