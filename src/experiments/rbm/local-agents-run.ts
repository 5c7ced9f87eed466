import { RandomSource } from '../../scheduler/random';
import { VirtualScheduler } from '../../scheduler/virtual-scheduler';
import { stochasticPhases } from '../../streams/protocols';
import { Distortion } from '../../streams/operators';
import { phaseSigned, phaseWeight } from '../../synapses/rules/phase-signed';
import { Rbm, cloneRbm } from '../../substrates/rbm/rbm';
import { RbmNetwork, rbmNetwork } from '../../engines/networks/rbm-network';
import type { Faults } from '../../engines/faults';
import { LocalParams, Progress, TrainContext } from './train';

/** The end of an agent-engine RBM run: weights, the chain's last state and the number of events. */
export interface AgentRunResult {
  rbm: Rbm;
  v: Uint8Array;
  h: Uint8Array;
  events: number;
}

/**
 * Which generic engine runs the agents, and how asynchronously (see RbmNetworkOptions): rate
 * spread and jitter of every unit's and synapse's clock, the synapses' view of their units,
 * faults. All default to the synchronous, healthy run.
 */
export interface LocalAgentsOptions {
  engine?: 'reactive' | 'array' | 'event';
  rateSpread?: number;
  jitter?: number;
  endpointView?: Distortion;
  faults?: Faults;
}

/** Progress of an agent run: the scheduler's events (unit and synapse ticks, clock edges, messages) so far. */
export interface AgentProgress extends Progress {
  events: number;
}

function localNetwork(rbm0: Rbm, data: readonly Uint8Array[], p: LocalParams, scheduler: VirtualScheduler, random: RandomSource, learnBias: boolean, o: LocalAgentsOptions): RbmNetwork {
  return rbmNetwork(cloneRbm(rbm0), {
    scheduler,
    engine: o.engine ?? 'reactive',
    random,
    protocol: stochasticPhases({ b: p.b, beta: 1, length: p.length }),
    data,
    rule: phaseSigned,
    params: { lr: p.lr, wMin: -Infinity, wMax: Infinity },
    modulator: phaseWeight(p.b),
    learnBias,
    jitter: o.jitter,
    rateSpread: o.rateSpread,
    endpointView: o.endpointView,
    faults: o.faults,
  });
}

/**
 * Temporally local learning on the generic engines (`engine`: every unit and synapse an agent,
 * or the array engine's sweeps): `steps` Gibbs steps of the phase-signed rule under stochastic
 * phases, from the given weights and seed. The engines' counterpart of `trainLocal`.
 */
export function runLocalAgents(
  rbm0: Rbm,
  data: readonly Uint8Array[],
  p: LocalParams,
  seed: number | string,
  steps: number,
  learnBias = true,
  engine: LocalAgentsOptions['engine'] | LocalAgentsOptions = 'reactive',
): AgentRunResult {
  const o = typeof engine === 'object' ? engine : { engine };
  const scheduler = new VirtualScheduler();
  const agents = localNetwork(rbm0, data, p, scheduler, new RandomSource(seed), learnBias, o);
  // Step k ticks at k + 1/2; stop before the clock's edge at `steps`.
  scheduler.runUntil(steps - 0.25);
  const { v, h } = agents.state();
  const res = { rbm: agents.weights(), v, h, events: scheduler.eventCount };
  agents.stop();
  return res;
}

/**
 * `trainLocal` on a generic engine (by default the event engine), as the RBM experiment runs it
 * for a spec with `engine: "event"`: the same protocol, data order, evaluation marks and
 * progress, the weights living in the engine. At every mark (a multiple of evalEvery Gibbs
 * steps, i.e. unit times; the run stops a quarter step before it, off the clock's edge) the
 * engine's weights are copied into ctx.rbm, then ctx.onEval is called. With synchronous timing
 * it is trainLocal bit for bit (test/experiments/rbm/engines.test.ts). `updates` counts Gibbs
 * steps of learning, as trainLocal's does (under asynchrony a synapse ticks about once per
 * step, see meanRateFactor); `events` what the engine did.
 */
export function trainLocalAgents(ctx: TrainContext, p: LocalParams, o: LocalAgentsOptions = {}): AgentProgress {
  const scheduler = new VirtualScheduler();
  const agents = localNetwork(ctx.rbm, ctx.data, p, scheduler, ctx.random, ctx.learnBias, { engine: 'event', ...o });
  const { nh } = ctx.rbm;
  // The engine's weights into ctx.rbm, where the evaluations read them.
  const pullWeights = () => {
    const w = agents.engine.weights();
    ctx.rbm.bh.set(w.subarray(0, nh));
    ctx.rbm.W.set(w.subarray(nh));
  };
  // Phases begun so far (the clock replays its current phase to a late subscriber).
  let begun = 0;
  let positive = 0;
  const seen = agents.clock.subscribe((s) => {
    begun++;
    if (s.z === 1) positive++;
  });
  const at = (gibbsSteps: number, done: boolean): AgentProgress => ({
    gibbsSteps,
    // The phase under way is not complete (trainLocal counts a phase when it has run all its
    // steps); before the scheduler runs, none has begun.
    phases: done ? begun : Math.max(0, begun - 1),
    positivePhases: positive,
    updates: gibbsSteps,
    events: scheduler.eventCount,
  });
  try {
    ctx.onEval(at(0, false));
    for (let t = ctx.evalEvery; t <= ctx.budget; t += ctx.evalEvery) {
      scheduler.runUntil(t - 0.25);
      pullWeights();
      ctx.onEval(at(t, false));
    }
    const last = Math.floor(ctx.budget / ctx.evalEvery) * ctx.evalEvery;
    if (last < ctx.budget) {
      scheduler.runUntil(ctx.budget - 0.25);
      pullWeights();
    }
    return at(ctx.budget, true);
  } finally {
    seen.unsubscribe();
    agents.stop();
  }
}
