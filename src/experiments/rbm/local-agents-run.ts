import { RandomSource } from '../../scheduler/random';
import { VirtualScheduler } from '../../scheduler/virtual-scheduler';
import { stochasticPhases } from '../../streams/protocols';
import { phaseSigned, phaseWeight } from '../../synapses/rules/phase-signed';
import { Rbm, cloneRbm } from '../../substrates/rbm/rbm';
import { rbmNetwork } from '../../engines/networks/rbm-network';
import { LocalParams } from './train';

/** The end of an agent-engine RBM run: weights, the chain's last state and the number of events. */
export interface AgentRunResult {
  rbm: Rbm;
  v: Uint8Array;
  h: Uint8Array;
  events: number;
}

/**
 * Temporally local learning on the generic engines (`engine`: every unit and synapse an agent,
 * or the array engine's sweeps): `steps` Gibbs steps of the phase-signed rule under stochastic
 * phases, from the given weights and seed. The engines' counterpart of `trainLocal`.
 */
export function runLocalAgents(rbm0: Rbm, data: readonly Uint8Array[], p: LocalParams, seed: number | string, steps: number, learnBias = true, engine: 'reactive' | 'array' = 'reactive'): AgentRunResult {
  const scheduler = new VirtualScheduler();
  const agents = rbmNetwork(cloneRbm(rbm0), {
    scheduler,
    engine,
    random: new RandomSource(seed),
    protocol: stochasticPhases({ b: p.b, beta: 1, length: p.length }),
    data,
    rule: phaseSigned,
    params: { lr: p.lr, wMin: -Infinity, wMax: Infinity },
    modulator: phaseWeight(p.b),
    learnBias,
  });
  // Step k ticks at k + 1/2; stop before the clock's edge at `steps`.
  scheduler.runUntil(steps - 0.25);
  const { v, h } = agents.state();
  const res = { rbm: agents.weights(), v, h, events: scheduler.eventCount };
  agents.stop();
  return res;
}
