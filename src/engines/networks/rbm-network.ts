import { Observable, Subject, filter, map } from '../../rx';
import { SpecError } from '../../errors';
import { RandomSource } from '../../scheduler/random';
import { VirtualScheduler } from '../../scheduler/virtual-scheduler';
import { ClampSignal, Protocol } from '../../streams/clamp-signal';
import { clampClock } from '../../streams/clock';
import { SynapseRule } from '../../synapses/synapse-rule';
import { Engine } from '../engine';
import { engineByName } from '../engine-by-name';
import { Distortion } from '../../streams/operators';
import type { Faults } from '../faults';
import { Rbm, rbmFrom } from '../../substrates/rbm/rbm';
import { rbmSubstrate } from '../../substrates/rbm/rbm-substrate';

/**
 * How to run an RBM on an engine: scheduler, random source, engine, clamp protocol, data, rule and
 * its parameters.
 */
export interface RbmNetworkOptions<P> {
  scheduler: VirtualScheduler;
  random: RandomSource;
  /**
   * 'reactive' (default): an agent per unit and synapse; 'event': the same agents compiled onto
   * typed arrays (src/engines/event), bit for bit the reactive run; 'array': synchronous sweeps
   * (no rate spread, jitter, endpoint view or dropped messages).
   */
  engine?: 'reactive' | 'array' | 'event';
  /** The clamp protocol (stochasticPhases for the temporally local runs); clamped phases need beta > 0. */
  protocol: Protocol;
  /** Positive phases clamp these rows in order. */
  data: readonly Uint8Array[];
  /** The rule of every synapse (and hidden bias); phaseSigned for temporally local learning. */
  rule: SynapseRule<P>;
  params: P & { lr?: number };
  /** The modulator derived from the clock, if the rule declares one (phaseWeight(b)). */
  modulator?: (s: ClampSignal) => number;
  /** Learn the hidden biases; otherwise their synapses run the rule with lr = 0 and stay put. */
  learnBias: boolean;
  /**
   * 0 (default): block Gibbs, every unit and synapse ticking once per unit step, half a step
   * after the clock's edges (which fall on integers). > 0: every agent ticks on its own jittered
   * clock, i.e. asynchronous single-site Gibbs (reactive and event engines).
   */
  jitter?: number;
  /**
   * 1 (default): every agent ticks once per unit step. s > 1: each unit's and synapse's period is
   * scaled by its own log-uniform factor in [1/s, s] (Timing.rateSpread; reactive and event engines).
   */
  rateSpread?: number;
  /**
   * How each synapse's rule senses its two units (fixed or random delays, jittered sampling,
   * drops, in unit steps), each synapse through its own seeded view; the units' fields are not
   * delayed (reactive and event engines).
   */
  endpointView?: Distortion;
  /**
   * Dead synapses (weight 0, never learn), stuck ones (frozen at their initial weight) and
   * dropped endpoint messages (src/engines/faults.ts). The hidden biases are synapses too (to the
   * always-on unit), so they may fail like the weights.
   */
  faults?: Faults;
}

/** An RBM on an engine: its clock, weights and state. */
export interface RbmNetwork {
  readonly engine: Engine;
  readonly clock: Observable<ClampSignal>;
  /** The current weights as an Rbm (a copy). */
  weights(): Rbm;
  /** The chain's current visible and hidden states (copies). */
  state(): { v: Uint8Array; h: Uint8Array };
  /** Stops the engine and the clock. */
  stop(): void;
}

/**
 * An RBM run on the generic engines (src/engines): the substrate of rbm-substrate.ts, the clamp
 * clock, and a drive per visible unit that gives it the next datum at each positive phase.
 * The clock starts at 0 and its phases last whole steps, so its edges fall on integers; the
 * units and synapses tick at k + 1/2, hidden units first, then visible units, then synapses.
 */
export function rbmNetwork<P>(rbm0: Rbm, opts: RbmNetworkOptions<P>): RbmNetwork {
  const { scheduler, random, data } = opts;
  const { nv, nh } = rbm0;
  // A datum of the wrong length would leave visible units undriven (undefined) without a word.
  data.forEach((d, i) => {
    if (d.length !== nv) throw new SpecError(`data[${i}]`, `one value per visible unit: ${nv}`, d.length);
  });
  const sub = rbmSubstrate(rbm0);
  const { layout } = sub;
  const stopClock = new Subject<void>();
  const clock = clampClock(opts.protocol, { scheduler, rng: random.stream('clock') }, stopClock);
  const jitter = opts.jitter ?? 0;
  const noBias = { ...opts.params, lr: 0 };
  const build = engineByName(opts.engine ?? 'reactive');
  const engine = build(sub, {
    scheduler,
    random,
    clock,
    timing: { tau: 1, nodePeriod: 1, synapsePeriod: 1, rateSpread: opts.rateSpread ?? 1, jitter },
    endpointView: opts.endpointView,
    faults: opts.faults,
    tickOffset: jitter > 0 ? undefined : 0.5,
    rule: opts.rule,
    ruleParamsOf: (e) => (e < nh && !opts.learnBias ? noBias : opts.params),
    modulator: opts.modulator,
    // The n-th positive phase clamps datum n (each unit counts the phases it has seen).
    driveOf: (k) =>
      k === layout.one
        ? undefined
        : clock.pipe(
            filter((s) => s.z === 1),
            map((_, n) => data[n % data.length][k - nh]),
          ),
  });
  return {
    engine,
    clock,
    weights: () => {
      const w = engine.weights();
      return rbmFrom(nv, nh, w.subarray(nh), w.subarray(0, nh));
    },
    state: () => {
      const s = engine.states();
      return { v: Uint8Array.from(s.subarray(nh, nh + nv)), h: Uint8Array.from(s.subarray(0, nh)) };
    },
    stop: () => {
      engine.stop();
      stopClock.next();
    },
  };
}
