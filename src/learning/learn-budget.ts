import { checkDuration, checkMemory } from '../budget';
import { meanRateFactor } from '../engines/timing';
import { LearnSpec } from './learn-spec';
import { isDataTask } from '../tasks/task-file';

/**
 * The size of a learning run from its spec alone (before the network is built): nodes and
 * synapses, bytes, and the work of the simulation. Per-unit costs are the benchmark's
 * (README, "Benchmarks"), rounded up: the reactive engine about 8 KB per synapse and 1 KB per
 * node, at about 5e5 events/s; the event engine EVENT_BYTES and EVENT_RATE below; the lockstep engine about 130 bytes per synapse at about 1.5e7
 * synapse updates/s; the teacher task one exact solve (about 100 sweeps of the network) per
 * example.
 */
// The event engine's per-synapse bytes and events/s under asynchronous timing (README bench:
// about 450 bytes with endpoint delays in flight, 5e5 events/s at 1e5 synapses on a loaded
// machine), rounded to the safe side.
const EVENT_BYTES = 512;
const EVENT_RATE = 5e5;

/** Nodes and synapses of a network source, read off the spec before anything is built, and the field that sets them. */
export function networkSize(network: unknown): { field: string; nodes: number; synapses: number } {
  const net = (network ?? {}) as Record<string, unknown>;
  if (net.random && typeof net.random === 'object') {
    const r = net.random as { n?: number; meanDegree?: number };
    const nodes = Number(r.n ?? 0);
    return { field: 'network.random.n', nodes, synapses: (nodes * Number(r.meanDegree ?? 4)) / 2 };
  }
  if (net.lattice && typeof net.lattice === 'object') {
    const l = net.lattice as { rows?: number; cols?: number };
    const nodes = Number(l.rows ?? 0) * Number(l.cols ?? 0);
    return { field: 'network.lattice', nodes, synapses: 2 * nodes };
  }
  return { field: 'network', nodes: Array.isArray(net.nodes) ? net.nodes.length : 0, synapses: Array.isArray(net.edges) ? net.edges.length : 0 };
}

/**
 * `examples`: the task's train and test counts (a data task's come from its file: OpenTask.counts);
 * by default a teacher task's options.
 */
export function learnBudget(spec: LearnSpec, examples = teacherCounts(spec)): { memoryField: string; timeField: string; nodes: number; synapses: number; bytes: number; seconds: number } {
  const { field, nodes, synapses } = networkSize(spec.network);
  const engine = spec.engine;
  const nTrain = examples.train;
  const nExamples = examples.train + examples.test;
  const perUnit = engine === 'reactive' ? 8192 * synapses + 1024 * nodes : engine === 'event' ? EVENT_BYTES * synapses + 1024 * nodes : 130 * synapses + 64 * nodes;
  const bytes = perUnit + 16 * nExamples * nodes;
  // Simulated time: each training example is held cyclesPerExample presentations of about one
  // protocol period (at least 1 time unit when it cannot be read off the protocol).
  const p = spec.protocol as Record<string, unknown>;
  const period = Number(p.period ?? (Number(p.free ?? 0) + Number(p.clamped ?? 0) || 1));
  const simTime = spec.epochs * nTrain * spec.cyclesPerExample * period;
  const t = spec.timing;
  const work = engine !== 'lockstep'
    ? (simTime * meanRateFactor(t) * (nodes / t.nodePeriod + synapses / t.synapsePeriod)) / (engine === 'reactive' ? 5e5 : EVENT_RATE)
    : (simTime / t.nodePeriod) * (nodes + synapses) / 1.5e7;
  const solves = (nExamples * 100 * (nodes + synapses)) / 1.5e7;
  // Name the field that makes the run big: the one furthest above the default.
  const exampleBytes = 16 * nExamples * nodes;
  const memoryField = exampleBytes > bytes / 2 ? 'task.train' : field;
  const factors: [string, number][] = [
    ['epochs', spec.epochs / 30],
    ['task.train', nTrain / 10],
    ['cyclesPerExample', spec.cyclesPerExample / 5],
    ['timing.nodePeriod', 0.01 / t.nodePeriod],
    ['timing.synapsePeriod', 0.02 / t.synapsePeriod],
    ['timing.rateSpread', meanRateFactor(t)],
    [field, synapses / 32],
  ];
  const timeField = factors.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return { memoryField, timeField, nodes, synapses, bytes, seconds: work + solves };
}

/** Refuses a learning run that cannot fit, or (unless allowed) would take more than a day. */
export function checkLearnBudget(spec: LearnSpec, examples = teacherCounts(spec)): void {
  const b = learnBudget(spec, examples);
  const what = `${b.nodes} nodes and ${Math.round(b.synapses)} synapses on the ${spec.engine} engine, ${examples.train + examples.test} examples`;
  checkMemory(b.memoryField, b.bytes, what);
  checkDuration(b.timeField, b.seconds, `${what}, ${spec.epochs} epochs`, spec.allowLongRun === true, '--allow-long (or "allowLongRun": true) runs it anyway');
}

function teacherCounts(spec: LearnSpec): { train: number; test: number } {
  if (isDataTask(spec.task)) throw new Error('learnBudget: a data task is counted from its file (pass OpenTask.counts)');
  return { train: spec.task.train, test: spec.task.test };
}
