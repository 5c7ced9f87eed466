import { checkDuration, checkMemory } from '../budget';
import { SpecError } from '../errors';
import { networkSize } from '../learning/learn-budget';
import { RandomSource } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { solveKirchhoff } from '../substrates/resistor/kirchhoff';
import { resistorAgents } from '../engines/networks/resistor-agents';
import { Timing, meanRateFactor, readTiming } from '../engines/timing';
import { ResistorSpec } from '../substrates/resistor/resistor-spec';
import { integer, isRecord, knownKeys, optional, positive, rejectNulls } from '../validate';
import { NetworkSource, buildNetwork } from './network-source';

/** The asynchronous relaxation demo: agents relax to Kirchhoff's solution on their own clocks. */
export interface RelaxSpec {
  seed: number;
  network: NetworkSource;
  timing: Timing;
  /** Simulated time to run. */
  duration: number;
  /** Number of reports over the run. */
  reports: number;
}

export const defaultRelaxSpec: RelaxSpec = {
  seed: 1,
  network: { random: { n: 40, meanDegree: 4, kMin: 0.1, kMax: 10, inputs: 3, outputs: 2 } },
  timing: { tau: 1, nodePeriod: 0.1, synapsePeriod: 0.1, rateSpread: 3, jitter: 0.5 },
  duration: 60,
  reports: 12,
};

export interface RelaxRow {
  t: number;
  events: number;
  maxAbsError: number;
  relError: number;
}

export interface RelaxResult {
  spec: RelaxSpec;
  network: ResistorSpec;
  exact: number[];
  final: number[];
  rows: RelaxRow[];
}

export function readRelaxSpec(v: unknown): RelaxSpec {
  if (v === undefined) return defaultRelaxSpec;
  if (!isRecord(v)) throw new SpecError('spec', 'an object {seed, network, timing, duration, reports}', v);
  knownKeys('spec', v, Object.keys(defaultRelaxSpec));
  rejectNulls(v);
  const d = defaultRelaxSpec;
  return {
    seed: optional(v.seed, d.seed, (x) => integer('seed', x, 0)),
    network: (v.network ?? d.network) as NetworkSource,
    timing: readTiming(v.timing, 'timing', d.timing),
    duration: optional(v.duration, d.duration, (x) => positive('duration', x)),
    reports: optional(v.reports, d.reports, (x) => integer('reports', x, 1)),
  };
}

/** A checked, ready-to-run relaxation: building it validates everything (design rule 5). */
export interface PreparedRelax {
  spec: RelaxSpec;
  network: ResistorSpec;
  run(onRow?: (row: RelaxRow) => void): RelaxResult;
}

/**
 * Size and time of a relaxation from its spec, before the network is built (the benchmark's
 * costs, as in learn-budget.ts: about 8 KB per synapse and 1 KB per node on the reactive
 * engine, about 5e5 events/s, times the mean rate under the rate spread).
 * A report compares every node with the exact solve.
 */
export function checkRelaxBudget(spec: RelaxSpec): void {
  const { field, nodes, synapses } = networkSize(spec.network);
  // Sizes that are not numbers: the network reader names the bad field more precisely.
  if (!Number.isFinite(nodes) || !Number.isFinite(synapses)) return;
  const what = `${nodes} nodes and ${Math.round(synapses)} synapses`;
  checkMemory(field, 8192 * synapses + 1024 * nodes, what);
  const t = spec.timing;
  const events = spec.duration * meanRateFactor(t) * (nodes / t.nodePeriod + synapses / t.synapsePeriod);
  const seconds = events / 5e5 + (spec.reports * (nodes + synapses)) / 1e7;
  const timeField = spec.reports * (nodes + synapses) > 1e7 * (events / 5e5) ? 'reports' : 'duration';
  checkDuration(timeField, seconds, `${what} for ${spec.duration} time units with ${spec.reports} reports`, false, 'a shorter duration or fewer reports make it shorter');
}

export function prepareRelax(spec: RelaxSpec): PreparedRelax {
  checkRelaxBudget(spec);
  const random = new RandomSource(spec.seed);
  const built = buildNetwork(spec.network, random);
  return { spec, network: built.spec, run: (onRow) => simulate(spec, random, built, onRow) };
}

export function runRelax(spec: RelaxSpec, onRow?: (row: RelaxRow) => void): RelaxResult {
  return prepareRelax(spec).run(onRow);
}

function simulate(
  spec: RelaxSpec,
  random: RandomSource,
  { spec: network, net }: ReturnType<typeof buildNetwork>,
  onRow?: (row: RelaxRow) => void,
): RelaxResult {
  const exact = solveKirchhoff(net);
  const scale = Math.max(...exact.map(Math.abs)) || 1;
  const scheduler = new VirtualScheduler();
  const agents = resistorAgents(net, { scheduler, random, timing: spec.timing });
  const rows: RelaxRow[] = [];
  for (let r = 1; r <= spec.reports; r++) {
    scheduler.runUntil((spec.duration * r) / spec.reports);
    const V = agents.voltages();
    let maxAbsError = 0;
    for (let i = 0; i < V.length; i++) maxAbsError = Math.max(maxAbsError, Math.abs(V[i] - exact[i]));
    const row = { t: scheduler.now(), events: scheduler.eventCount, maxAbsError, relError: maxAbsError / scale };
    rows.push(row);
    onRow?.(row);
  }
  const final = Array.from(agents.voltages());
  agents.stop();
  return { spec, network, exact: Array.from(exact), final, rows };
}
