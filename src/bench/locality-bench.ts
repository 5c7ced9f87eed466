import { RandomSource, seededPermutation } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { latticeNetwork, randomNetwork } from '../substrates/resistor/generators';
import { ResistorSpec, readResistorSpec } from '../substrates/resistor/resistor-spec';
import { inLocalityOrder } from '../substrates/resistor/locality-order';
import { resistorLockstep } from '../engines/networks/resistor-lockstep';
import { twoPhase } from '../streams/protocols';
import { chemotaxisKernel } from '../synapses/kernels/chemotaxis';
import { temporalContrastive } from '../synapses/rules/temporal-contrastive';
import { wallAndCpuSeconds } from './measure';

/** What node and edge order costs the array engine's synchronous sweeps. */
export interface LocalityFigure {
  synapses: number;
  /** CPU nanoseconds per synapse per period, median over interleaved rounds, per network order. */
  latticeRowMajor: number;
  latticeShuffled: number;
  latticeShuffledRcm: number;
  randomAsGenerated: number;
  randomRcm: number;
  /** Seconds to compute the reverse Cuthill-McKee order of the random network. */
  rcmSeconds: number;
}

const timing = { tau: 0.005, nodePeriod: 0.01, synapsePeriod: 0.01, rateSpread: 1, jitter: 0 };
const params = { lr: 0.1, theta: 1e-3, wMin: 1e-3, wMax: 1e3, linear: false };

/** The node and edge lists in a seeded random order: a network as an unordered file would give it. */
function shuffled(s: ResistorSpec): ResistorSpec {
  const r = new RandomSource(5).stream('order');
  return { ...s, nodes: seededPermutation(s.nodes.length, r).map((i) => s.nodes[i]), edges: seededPermutation(s.edges.length, r).map((e) => s.edges[e]) };
}

/**
 * The array engine (synchronous TCL sweeps, clamp off) on one network in several orders: a
 * square lattice of about `synapses` edges in row-major order (local by construction), shuffled,
 * and shuffled then put in reverse Cuthill-McKee order (inLocalityOrder); a random network of
 * mean degree 4 as the generator numbers it and in RCM order. Same computation in every order;
 * only the memory access pattern differs. Interleaved rounds, CPU time.
 */
export function localityFigure(synapses: number, periods: number, rounds = 3): LocalityFigure {
  const side = Math.max(2, Math.round(Math.sqrt(synapses / 2)));
  const lattice = latticeNetwork({ rows: side, cols: side });
  const random = randomNetwork({ n: Math.max(8, Math.round(synapses / 2)), meanDegree: 4, kMin: 0.5, kMax: 2, inputs: 3, outputs: 2 }, new RandomSource(7).stream('network'));
  const mixed = shuffled(lattice);
  let randomRcm: ResistorSpec | undefined;
  const rcmSeconds = wallAndCpuSeconds(() => (randomRcm = inLocalityOrder(random))).wall;
  const specs = [lattice, mixed, inLocalityOrder(mixed), random, randomRcm!];
  const runs = specs.map((spec) => {
    const net = readResistorSpec(spec);
    const scheduler = new VirtualScheduler();
    resistorLockstep(net, { scheduler, random: new RandomSource(7), timing, protocol: twoPhase({ free: 1, clamped: 1, beta: 0 }), rule: temporalContrastive(chemotaxisKernel()), ruleParams: params });
    return { m: net.k.length, run: () => scheduler.runFor(periods * timing.nodePeriod) };
  });
  const times: number[][] = runs.map(() => []);
  for (let r = 0; r < rounds; r++) runs.forEach(({ m, run }, k) => times[k].push((wallAndCpuSeconds(run).cpu / (periods * m)) * 1e9));
  const [latticeRowMajor, latticeShuffled, latticeShuffledRcm, randomAsGenerated, randomRcmNs] = times.map((t) => t.sort((x, y) => x - y)[Math.floor(t.length / 2)]);
  return { synapses: runs[3].m, latticeRowMajor, latticeShuffled, latticeShuffledRcm, randomAsGenerated, randomRcm: randomRcmNs, rcmSeconds };
}
