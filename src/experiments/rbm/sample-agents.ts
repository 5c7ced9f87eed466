import { RandomSource } from '../../scheduler/random';
import { VirtualScheduler } from '../../scheduler/virtual-scheduler';
import { constant } from '../../streams/protocols';
import { fixedWeight } from '../../synapses/synapse-rule';
import { patternIndex } from '../../datasets/binary-dataset';
import { Rbm } from '../../substrates/rbm/rbm';
import { rbmNetwork } from '../../engines/networks/rbm-network';

/**
 * Lets a frozen RBM run free as agents (block Gibbs, or with jitter asynchronous single-site
 * Gibbs) and histograms the visible configuration, read every `every` time units after a
 * burn-in: the empirical p(v), to set against the exact marginal.
 */
export function sampleVisibleAgents(rbm: Rbm, seed: number | string, o: { jitter: number; time: number; burnIn: number; every: number }): Float64Array {
  const scheduler = new VirtualScheduler();
  const agents = rbmNetwork(rbm, {
    scheduler,
    random: new RandomSource(seed),
    protocol: constant({ beta: 0 }),
    data: [],
    rule: fixedWeight,
    params: {},
    learnBias: false,
    jitter: o.jitter,
  });
  const counts = new Float64Array(2 ** rbm.nv);
  let n = 0;
  for (let t = o.burnIn; t < o.time; t += o.every) {
    scheduler.runUntil(t);
    counts[patternIndex(agents.state().v)]++;
    n++;
  }
  agents.stop();
  return counts.map((c) => c / n);
}
