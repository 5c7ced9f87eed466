import fc from 'fast-check';
import * as arbitraries from '../../../src/arbitraries';
import { BehaviorSubject, Observable, merge, skip, take } from 'rxjs';
import {
  Distortion,
  RandomSource,
  ResistorAgents,
  ResistorNetwork,
  ResistorSpec,
  Rng,
  Timing,
  Trace,
  VirtualScheduler,
  agentClock,
  chemotaxisKernel,
  distort,
  hebbian,
  readResistorSpec,
  record,
  resistorAgents,
  resistorCoupling,
  stochasticPhases,
  synapseAgent,
  temporalContrastive,
} from '../../../src';
import * as Phaseless from '../../../src';
import * as path from 'path';
import { RelaxCase, RelaxOutcome, relaxToTolerance } from './relaxation-worker';
import { NodeWorker, nodeWorker } from '../../support/node-worker';
import { runs } from '../../support/property-runs';

const relaxModule = path.join(__dirname, 'relaxation-worker.ts');

const seedArb = fc.integer({ min: 0, max: 0x7fffffff });

/** Asynchronous timing with strictly positive jitter: tick times are then continuous random numbers. */
const jitteredTimingArb = fc
  .tuple(arbitraries.timingArb(), fc.double({ min: 0.05, max: 0.9, noNaN: true }))
  .map(([t, jitter]): Timing => ({ ...t, jitter }));

const hebbParams = { lr: 0.01, wMin: 1e-3, wMax: 1e3 };

/** Throws (with where and what) unless a and b have the same length and bit-identical entries. */
function expectIdentical(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: lengths differ (${a.length} vs ${b.length})`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`${what}: entry ${i} differs (${a[i]} vs ${b[i]})`);
  }
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Random initial voltages from a test-only substream, so transients are not trivially zero. */
function initialVoltages(net: ResistorNetwork, seed: number): Float64Array {
  const rng = new RandomSource(seed).stream('test:initial');
  return Float64Array.from(net.ids, () => rng.between(-1, 1));
}

interface Recording {
  /** state$ of every node: the value on subscribe (t = 0), then one entry per tick. */
  nodes: Trace<number>[];
  /** weight$ of every synapse: one entry per tick. */
  weights: Trace<number>[];
}

function recordAll(agents: ResistorAgents, scheduler: VirtualScheduler): Recording {
  return {
    nodes: agents.nodes.map((a) => record(a.state$, scheduler)),
    weights: agents.synapses.map((s) => record(s.weight$, scheduler)),
  };
}

describe('resistorAgents: asynchronous relaxation (free state)', () => {
  // Caps: the slowest random cases (long chains of weak edges, many fast agents) need a few
  // thousand time units and ~1e7 events to get below 1e-6; the event cap bounds the wall time
  // of a case that does not converge (~30 s in the worker), so that a failure gets shrunk and
  // reported rather than timed out.
  const base = { tol: 1e-6, cap: 20000, chunk: 5, maxEvents: 5e7 };
  const worst = { time: 0, events: 0, nodes: 0, tau: 0 };
  let maxEvents = 0;
  let worker: NodeWorker;

  beforeAll(() => {
    worker = nodeWorker();
  });
  afterAll(async () => {
    await worker.close();
    console.log(
      `convergence: slowest case needed simulated time ${worst.time} (${worst.events} events, ${worst.nodes} nodes, ` +
        `tau ${worst.tau.toFixed(3)}); most events in one case: ${maxEvents}`,
    );
  });

  it('converges to the exact Kirchhoff solution within 1e-6 relative, whatever the rates and jitter', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries.resistorSpecArb({ maxNodes: 50 }), arbitraries.timingArb(), seedArb, async (spec, timing, seed) => {
        const out = await worker.call<RelaxOutcome>(relaxModule, 'relaxCase', { ...base, spec, timing, seed } as RelaxCase);
        if (out.time > worst.time) Object.assign(worst, { time: out.time, events: out.events, nodes: spec.nodes.length, tau: timing.tau });
        maxEvents = Math.max(maxEvents, out.events);
        if (!(out.errAt <= base.tol)) {
          throw new Error(`relative error ${out.errAt} > ${base.tol} at simulated time ${out.time} (${out.events} events)`);
        }
        // ... and stays there.
        expect(out.errAfter).toBeLessThanOrEqual(base.tol);
      }),
      // Usually 15-35 s; stop (as a failure) well before jest's timeout so fast-check still reports.
      { numRuns: runs(100), interruptAfterTimeLimit: 150_000, markInterruptAsFailure: true },
    );
  }, 240_000);

  it('the worker runs the same engine: its outcomes equal in-process runs bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries.resistorSpecArb({ maxNodes: 12 }), arbitraries.timingArb(), seedArb, async (spec, timing, seed) => {
        const c = { ...base, cap: 50, spec, timing, seed };
        const there = await worker.call<RelaxOutcome>(relaxModule, 'relaxCase', c);
        const here = relaxToTolerance(Phaseless, c);
        expectIdentical([there.errAt, there.errAfter, there.time, there.events], [here.errAt, here.errAfter, here.time, here.events], 'outcome');
      }),
      { numRuns: runs(5) },
    );
  });
});

/** Replays a recorded state stream on another scheduler: current value on subscribe, then each update at its time. */
function replay(trace: Trace<number>, scheduler: VirtualScheduler): Observable<number> {
  if (trace.times[0] !== 0) throw new Error('replay: the trace must start with the value on subscribe at t = 0');
  const subject = new BehaviorSubject(trace.values[0]);
  for (let j = 1; j < trace.times.length; j++) {
    const v = trace.values[j];
    scheduler.schedule(() => subject.next(v), trace.times[j] - scheduler.now());
  }
  return subject.asObservable();
}

/** How a synapse sees an endpoint under `endpointView` (documented in ResistorAgentsOptions). */
const viewThrough = (ev: Distortion | undefined, rng: Rng, scheduler: VirtualScheduler) => (s$: Observable<number>) =>
  ev ? merge(s$.pipe(take(1)), s$.pipe(skip(1), distort<number>(ev, rng, scheduler))) : s$;

const hasDuplicates = (xs: number[]): boolean => new Set(xs).size !== xs.length;

describe('resistorAgents: locality (design rule 1)', () => {
  const T = 10;

  it('a synapse fed the recorded endpoint streams of an in-network synapse, alone, follows the same trajectory bit for bit', () => {
    let moving = 0;
    let cases = 0;
    fc.assert(
      fc.property(
        arbitraries.resistorSpecArb({ maxNodes: 15 }),
        jitteredTimingArb,
        seedArb,
        fc.nat(),
        fc.option(arbitraries.distortionArb(), { nil: undefined }),
        (spec, timing, seed, pick, endpointView) => {
          const net = readResistorSpec(spec);
          // A synapse with a free endpoint, so that its weight moves.
          const free = (x: number) => net.role[x] === 'free' || net.role[x] === 'output';
          const candidates = Array.from(net.k.keys()).filter((e) => free(net.edgeA[e]) || free(net.edgeB[e]));
          const e = candidates[pick % candidates.length];
          const s1 = new VirtualScheduler();
          const agents = resistorAgents(net, {
            scheduler: s1,
            random: new RandomSource(seed),
            timing,
            rule: hebbian,
            ruleParams: hebbParams,
            endpointView,
            initial: initialVoltages(net, seed),
          });
          const syn = agents.synapses[e];
          const ta = record(agents.nodes[net.edgeA[e]].state$, s1);
          const tb = record(agents.nodes[net.edgeB[e]].state$, s1);
          const tw = record(syn.weight$, s1);
          s1.runUntil(T);
          agents.stop();
          // Simultaneous events of different agents would make the replay's tie order a guess;
          // with jitter > 0 they have probability ~0.
          fc.pre(!hasDuplicates([...ta.times.slice(1), ...tb.times.slice(1), ...tw.times]));

          // The same synapse, alone: same parameters, same substream, the recorded streams.
          const s2 = new VirtualScheduler();
          const a$ = replay(ta, s2);
          const b$ = replay(tb, s2);
          const rng = new RandomSource(seed).stream(`edge:${syn.id}`);
          const clock = agentClock(timing.synapsePeriod, timing, rng);
          const view = viewThrough(endpointView, rng, s2);
          const alone = synapseAgent({
            id: syn.id,
            coupling: resistorCoupling,
            rule: hebbian,
            params: hebbParams,
            w0: net.k[e],
            scheduler: s2,
            clock,
            a$: view(a$),
            b$: view(b$),
          });
          const tw2 = record(alone.weight$, s2);
          s2.runUntil(T);
          alone.stop();

          expect(tw.times.length).toBeGreaterThan(0);
          expectIdentical(tw2.times, tw.times, `synapse ${syn.id} tick times`);
          expectIdentical(tw2.values, tw.values, `synapse ${syn.id} weights`);
          // Non-trivial in most cases: the endpoints moved and so did the weight (a synapse
          // between two nodes held at 0 V legitimately never moves).
          if (new Set(tw.values).size > 1) moving++;
          cases++;
        },
      ),
      { numRuns: runs(25) },
    );
    expect(moving).toBeGreaterThanOrEqual(Math.ceil(0.6 * cases));
  });

  /**
   * The earliest time a change of edge e0's conductance can reach each agent: it alters e0's
   * contributions from the start; a synapse conducts at once, so its contribution to x changes
   * when its weight or x's neighbour changes, and a node's state can change only at its first
   * tick at or after one of its contributions changed; a synapse's weight only at its first
   * tick after an endpoint's state changed. Sources and the ground read no contributions.
   */
  function causalFront(net: ResistorNetwork, nodeTicks: number[][], edgeTicks: number[][], e0: number) {
    const firstAtOrAfter = (ticks: number[], t: number): number => {
      let lo = 0;
      let hi = ticks.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ticks[mid] < t) lo = mid + 1;
        else hi = mid;
      }
      return lo < ticks.length ? ticks[lo] : Infinity;
    };
    const node = new Float64Array(net.ids.length).fill(Infinity);
    const edge = new Float64Array(net.k.length).fill(Infinity);
    edge[e0] = 0;
    const reads = (x: number) => net.role[x] === 'free' || net.role[x] === 'output';
    for (let changed = true; changed; ) {
      changed = false;
      for (let e = 0; e < edge.length; e++) {
        const a = net.edgeA[e];
        const b = net.edgeB[e];
        // Conduction: e's contribution to x changes when its weight or x's neighbour changes.
        for (const [x, y] of [[a, b], [b, a]]) {
          const from = Math.min(edge[e], node[y]);
          if (from === Infinity || !reads(x)) continue;
          const t = firstAtOrAfter(nodeTicks[x], from);
          if (t < node[x]) {
            node[x] = t;
            changed = true;
          }
        }
      }
      for (let e = 0; e < edge.length; e++) {
        const t = firstAtOrAfter(edgeTicks[e], Math.min(node[net.edgeA[e]], node[net.edgeB[e]]));
        if (t < edge[e]) {
          edge[e] = t;
          changed = true;
        }
      }
    }
    return { node, edge };
  }

  /**
   * Hop distance from edge s to every edge, through free nodes only (a source or the ground
   * reads no contributions, so nothing passes through it): the node distance between their
   * nearest free endpoints, Infinity if unreachable.
   */
  function edgeDistances(net: ResistorNetwork, s: number): number[] {
    const n = net.ids.length;
    const relays = (x: number) => net.role[x] === 'free' || net.role[x] === 'output';
    const adj: number[][] = Array.from({ length: n }, () => []);
    for (let e = 0; e < net.k.length; e++) {
      adj[net.edgeA[e]].push(net.edgeB[e]);
      adj[net.edgeB[e]].push(net.edgeA[e]);
    }
    const d = new Array<number>(n).fill(Infinity);
    const queue = [net.edgeA[s], net.edgeB[s]].filter(relays);
    for (const x of queue) d[x] = 0;
    for (let q = 0; q < queue.length; q++) {
      for (const y of adj[queue[q]]) if (d[y] === Infinity) {
        d[y] = d[queue[q]] + 1;
        if (relays(y)) queue.push(y);
      }
    }
    const via = (x: number) => (relays(x) ? d[x] : Infinity);
    return Array.from(net.k, (_, e) => Math.min(via(net.edgeA[e]), via(net.edgeB[e])));
  }

  let differChecked = 0;
  afterAll(() => console.log(`causal front: 'differs after the front' checked in ${differChecked} cases`));

  it('perturbing a far conductance leaves every trajectory bit-identical until the causal front reaches it', () => {
    fc.assert(
      fc.property(
        arbitraries.resistorSpecArb({ minNodes: 6, maxNodes: 20 }),
        jitteredTimingArb,
        seedArb,
        fc.nat(),
        fc.double({ min: 1.5, max: 3, noNaN: true }),
        (spec, timing, seed, pick, factor) => {
          const base = readResistorSpec(spec);
          const s = pick % base.k.length;
          // The farthest edge from which a change can reach s; at least two hops away (it
          // shares no endpoint with s).
          const dist = edgeDistances(base, s).map((d) => (d === Infinity ? -1 : d));
          const far = dist.indexOf(Math.max(...dist));
          fc.pre(dist[far] >= 1);
          const perturbed = readResistorSpec({
            ...spec,
            edges: spec.edges.map((ed, e) => (e === far ? { ...ed, k: ed.k * factor } : ed)),
          } satisfies ResistorSpec);

          const run = (net: ResistorNetwork): Recording => {
            const scheduler = new VirtualScheduler();
            const agents = resistorAgents(net, {
              scheduler,
              random: new RandomSource(seed),
              timing,
              rule: hebbian,
              ruleParams: hebbParams,
              initial: initialVoltages(net, seed),
            });
            const rec = recordAll(agents, scheduler);
            scheduler.runUntil(T);
            agents.stop();
            return rec;
          };
          const r0 = run(base);
          const r1 = run(perturbed);

          // Tick times come from each agent's own substream only.
          r0.nodes.forEach((tr, i) => expectIdentical(r1.nodes[i].times, tr.times, `node ${base.ids[i]} tick times`));
          r0.weights.forEach((tr, e) => expectIdentical(r1.weights[e].times, tr.times, `synapse ${e} tick times`));

          const front = causalFront(
            base,
            r0.nodes.map((tr) => tr.times.slice(1)),
            r0.weights.map((tr) => tr.times),
            far,
          );
          const before = (tr: Trace<number>, t: number) => tr.values.filter((_, j) => tr.times[j] < t);
          r0.nodes.forEach((tr, i) =>
            expectIdentical(before(r1.nodes[i], front.node[i]), before(tr, front.node[i]), `node ${base.ids[i]} before t = ${front.node[i]}`),
          );
          r0.weights.forEach((tr, e) => {
            if (e === far) return;
            expectIdentical(before(r1.weights[e], front.edge[e]), before(tr, front.edge[e]), `synapse ${e} before t = ${front.edge[e]}`);
          });

          // ... and the watched synapse does change once the front has reached it.
          if (front.edge[s] < Infinity) {
            differChecked++;
            expect(sameBits(r1.weights[s].values, r0.weights[s].values)).toBe(false);
          }
        },
      ),
      { numRuns: runs(30) },
    );
  });
});

describe('resistorAgents: determinism (design rule 4)', () => {
  const T = 8;
  const tclParams = { lr: 0.1, wMin: 0.01, wMax: 20, theta: 1e-3, linear: false };

  const setupArb = fc.record({
    spec: arbitraries.resistorSpecArb({ maxNodes: 15 }),
    timing: jitteredTimingArb,
    seed: seedArb,
    rule: fc.constantFrom('hebbian', 'tcl'),
    endpointView: fc.option(arbitraries.distortionArb(), { nil: undefined }),
    clockView: fc.option(arbitraries.distortionArb(), { nil: undefined }),
  });
  type Setup = typeof setupArb extends fc.Arbitrary<infer S> ? S : never;

  /** A learning run with a stochastic clock, distorted views and jittered agents; everything recorded. */
  function learningRun(x: Setup, seed: number) {
    const net = readResistorSpec(x.spec);
    const scheduler = new VirtualScheduler();
    const common = {
      scheduler,
      random: new RandomSource(seed),
      timing: x.timing,
      protocol: stochasticPhases({ b: 0.5, beta: 1, length: { geometric: 1, step: 0.25 } }),
      endpointView: x.endpointView,
      clockView: x.clockView,
      initial: initialVoltages(net, x.seed),
    };
    const agents =
      x.rule === 'hebbian'
        ? resistorAgents(net, { ...common, rule: hebbian, ruleParams: hebbParams })
        : resistorAgents(net, { ...common, rule: temporalContrastive(chemotaxisKernel()), ruleParams: tclParams });
    const rec = recordAll(agents, scheduler);
    const clock = record(agents.clock, scheduler);
    scheduler.runUntil(T);
    const out = { rec, clock, events: scheduler.eventCount, V: agents.voltages(), k: agents.conductances() };
    agents.stop();
    return out;
  }

  it('same spec and seed give bit-identical voltage and weight trajectories; another seed gives other tick times', () => {
    fc.assert(
      fc.property(setupArb, (x) => {
        const r1 = learningRun(x, x.seed);
        const r2 = learningRun(x, x.seed);
        expect(r2.events).toBe(r1.events);
        expectIdentical(r2.clock.times, r1.clock.times, 'clock times');
        expect(r2.clock.values).toEqual(r1.clock.values);
        r1.rec.nodes.forEach((tr, i) => {
          expectIdentical(r2.rec.nodes[i].times, tr.times, `node ${i} times`);
          expectIdentical(r2.rec.nodes[i].values, tr.values, `node ${i} voltages`);
        });
        r1.rec.weights.forEach((tr, e) => {
          expectIdentical(r2.rec.weights[e].times, tr.times, `synapse ${e} times`);
          expectIdentical(r2.rec.weights[e].values, tr.values, `synapse ${e} weights`);
        });
        expectIdentical(r2.V, r1.V, 'final voltages');
        expectIdentical(r2.k, r1.k, 'final conductances');

        // Another seed: every jittered node ticks at other times, so the trajectories differ.
        const r3 = learningRun(x, x.seed + 1);
        r1.rec.nodes.forEach((tr, i) => expect(sameBits(r3.rec.nodes[i].times, tr.times)).toBe(false));
        expect(r1.rec.nodes.every((tr, i) => sameBits(r3.rec.nodes[i].values, tr.values))).toBe(false);
      }),
      { numRuns: runs(20) },
    );
  });
});

describe('resistorAgents: per-agent randomness (substreams)', () => {
  const T = 5;

  it("adding a node and an edge leaves every existing agent's jittered tick times unchanged", () => {
    fc.assert(
      fc.property(
        arbitraries.resistorSpecArb({ maxNodes: 20 }),
        jitteredTimingArb,
        seedArb,
        fc.record({ attach: fc.nat(), at: fc.nat(), k: fc.double({ min: 0.1, max: 10, noNaN: true }) }),
        fc.option(arbitraries.distortionArb(), { nil: undefined }),
        fc.option(arbitraries.distortionArb(), { nil: undefined }),
        (spec, timing, seed, extra, endpointView, clockView) => {
          const id = 'extra';
          const attach = spec.nodes[extra.attach % spec.nodes.length];
          const at = extra.at % (spec.nodes.length + 1);
          const grown: ResistorSpec = {
            ...spec,
            nodes: [...spec.nodes.slice(0, at), id, ...spec.nodes.slice(at)],
            edges: [...spec.edges, { a: attach, b: id, k: extra.k }],
          };
          const run = (s: ResistorSpec) => {
            const net = readResistorSpec(s);
            const scheduler = new VirtualScheduler();
            const agents = resistorAgents(net, {
              scheduler,
              random: new RandomSource(seed),
              timing,
              protocol: stochasticPhases({ b: 0.5, beta: 1, length: { geometric: 1, step: 0.25 } }),
              endpointView,
              clockView,
            });
            const rec = recordAll(agents, scheduler);
            scheduler.runUntil(T);
            agents.stop();
            const nodeTimes = new Map(net.ids.map((nid, i) => [nid, rec.nodes[i].times]));
            const edgeTimes = new Map(agents.synapses.map((syn, e) => [syn.id, rec.weights[e].times]));
            return { nodeTimes, edgeTimes };
          };
          const before = run(spec);
          const after = run(grown);
          expect(after.nodeTimes.size).toBe(before.nodeTimes.size + 1);
          expect(after.edgeTimes.size).toBe(before.edgeTimes.size + 1);
          for (const [nid, times] of before.nodeTimes) {
            expect(times.length).toBeGreaterThan(1);
            expectIdentical(after.nodeTimes.get(nid)!, times, `node ${nid} tick times`);
          }
          for (const [sid, times] of before.edgeTimes) {
            expect(after.edgeTimes.has(sid)).toBe(true);
            expectIdentical(after.edgeTimes.get(sid)!, times, `synapse ${sid} tick times`);
          }
        },
      ),
      { numRuns: runs(30) },
    );
  });
});
