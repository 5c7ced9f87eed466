import { Observable, Subject, Subscription } from '../../rx';
import { DivergenceError, SpecError } from '../../errors';
import { Rng, rngFromFunction } from '../../scheduler/random';
import { EventSource } from '../../scheduler/virtual-scheduler';
import { ClampSignal } from '../../streams/clamp-signal';
import { Distortion } from '../../streams/operators';
import { AgentView, checkViews, saveViews, signalCodec } from '../agent-view';
import { Draws, NodeDynamics, NodeInput } from '../../nodes/node-dynamics';
import { Timing, agentClock } from '../timing';
import { Substrate } from '../../substrates/substrate';
import { Engine, EngineOptions, checkOneExample, checkOwnClock, engineClock } from '../engine';
import { openSnapshot, writeSnapshot } from '../snapshot/snapshot';
import { describeBuild } from '../snapshot/build-description';
import { engineStart } from '../engine-start';
import { arrayEngine } from '../array-engine';
import { ROLES, incidence } from '../node-sweep';
import { stepperOf } from '../compiled-steps';
import { ProbeTarget, changeProbe, checkProbe, periodicProbe } from '../probe';
import { AleaStates } from './alea-states';
import { EndpointViews, readAtTick } from './endpoint-views';
import { CalendarQueue } from './calendar-queue';
import { RunCalendarQueue } from './run-calendar-queue';
import { KIND_BITS, KIND_MASK, MAX_ID, NODE_TICK, SYNAPSE_TICK } from './event-kinds';
import { checkTicks } from './check-ticks';
import { isSynchronousTiming } from './synchronous-timing';

/**
 * The event engine: the reactive engine's model (src/engines/reactive-engine.ts), every node
 * and synapse an agent on its own clock, compiled onto typed arrays. Agents are integer ids,
 * their state lives in struct-of-arrays, their pending ticks and in-flight messages in one
 * typed-array queue merged into the scheduler's (time, insertion order) order; nothing is
 * allocated per event. It calls the same pure node dynamics, coupling and rules, draws from the
 * same substreams (synapses' as typed-array alea states, AleaStates) in the same order, and
 * takes an insertion number wherever a reactive agent would schedule, so with the same options
 * and seed it reproduces the reactive engine's trajectories bit for bit (a property test).
 *
 * What stays RxJS: the clock, the drives and each node's view of the clock (an AgentView, as in
 * the reactive engine; one subscription per node that reads them, made in the reactive engine's
 * order, so the clock's listeners run in the same order). Per synapse there is no object: its
 * endpoint views are EndpointViews.
 */
export function eventEngine<NP, P = Record<string, never>>(sub: Substrate<NP>, given: EngineOptions<P>): Engine {
  // Synchronous timing is the event engine's special case ("Asynchrony at scale"): every agent
  // ticks on one grid and sees its inputs at once, which is what the array engine's sweeps
  // compute, equal to the events to 1e-9 (test/engines/event-sync.test.ts) at the cost of a
  // plain loop instead of one queued event per agent (src/bench/sync-bench.ts).
  // Its own contract first, whichever runs it: one example, initial states for every node.
  checkOneExample(given, sub.ids.length, 'event');
  return isSynchronousTiming(given) ? arrayEngine(sub, given) : eventCore(sub, given);
}

/**
 * The event simulation itself, whatever the timing (eventEngine runs synchronous timing as
 * array sweeps instead); the property tests compare it with the reactive and array engines.
 */
export function eventCore<NP, P = Record<string, never>>(sub: Substrate<NP>, given: EngineOptions<P>): Engine {
  const { opts, timing, rule, shared, streams, stream } = engineStart(given, sub.w0.length);
  const { scheduler, random } = opts;
  const n = sub.ids.length;
  const m = sub.w0.length;
  const S = rule.stateSize;
  if (n > MAX_ID || 2 * m > MAX_ID) throw new SpecError('network', `at most ${MAX_ID} nodes and ${MAX_ID / 2} synapses with the event engine`, { nodes: n, synapses: m });
  checkOneExample(opts, n, 'event');
  checkTicks(timing.nodePeriod, timing.jitter, opts.tickOffset);
  checkTicks(timing.synapsePeriod, timing.jitter, opts.tickOffset);
  const params = opts.ruleParamsOf ? Array.from(sub.w0, (_, e) => opts.ruleParamsOf!(e)) : undefined;
  const wantsMod = rule.reads.includes('modulator');

  const stopClock = new Subject<void>();
  const clock = engineClock(opts, stream, streams, stopClock);
  const subs = new Subscription();
  const queue = calendarFor(n, m, timing, opts);
  const { edgeA, edgeB, coupling, nodeParams } = sub;
  const { start, edge, other } = incidence(sub);
  const byEvent = sub.conduction === 'event';
  const jitter = timing.jitter;
  const offset = opts.tickOffset;

  // Nodes: state, inputs, clocks (per node objects are fine: nodes are few next to synapses).
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = opts.initial?.[i] ?? 0;
  const beta = new Float64Array(n);
  const drive = new Float64Array(n);
  const dyn: NodeDynamics<NP>[] = sub.roles.map((r) => sub.dynamics[r]);
  // Each node steps through the dynamics of its role, at a call site of that role's own.
  const role = Uint8Array.from(sub.roles, (r) => ROLES.indexOf(r));
  const step = stepperOf(ROLES.map((r) => sub.dynamics[r]));
  const readsContrib = Uint8Array.from(dyn, (d) => (d.reads.includes('contributions') ? 1 : 0));
  const draws: (Draws | undefined)[] = sub.ids.map((id, i) => (dyn[i].draws ? stream(sub.drawStream?.(i) ?? `draw:${id}`) : undefined));
  const nodeRng = new AleaStates(n, (i) => `${random.seed}/node:${sub.ids[i]}`);
  const nodePeriod = new Float64Array(n);
  const nodeLast = new Float64Array(n);
  // A node's input object keeps the sums of its last tick, which onInput dynamics may read.
  const lastG = new Float64Array(n);
  const lastI = new Float64Array(n);
  const input: NodeInput = { g: 0, i: 0, beta: 0, drive: 0 };

  // Synapses: one record of R numbers each, the rule state first (the rule steps x[o .. o + S)),
  // then the engine's: last tick time, period (under rate spread), alea state (if it draws),
  // sensed endpoint values, their views' last arrivals and lines of values in flight (under
  // endpoint views, as EndpointViews lays them out). An event
  // touches one record, a cache line or two, where separate arrays cost a miss each.
  const spread = timing.rateSpread !== 1;
  const ev = opts.endpointView;
  const drawsOwn = spread || jitter > 0 || ev !== undefined;
  let R = S;
  const LAST = R++;
  const PERIOD = spread ? R++ : -1;
  const RNG = drawsOwn ? (R += 4) - 4 : -1;
  const sensedSlots = ev === undefined ? 0 : readAtTick(ev) ? 8 : ev.randomDelay !== undefined ? 4 : 2;
  const SENSED = ev !== undefined ? (R += sensedSlots) - sensedSlots : -1;
  const x = new Float64Array(m * R);
  const rng = new AleaStates(drawsOwn ? m : 0, (e) => `${random.seed}/edge:${sub.synapseId(e)}`, x, R, RNG);
  const views = ev !== undefined ? new EndpointViews(ev, m, x, R, SENSED, rng, queue, scheduler) : undefined;
  // Which view of its synapse each incidence feeds (a node may be either end).
  const viewOf = views ? new Int32Array(edge.length) : undefined;
  if (viewOf) for (let i = 0; i < n; i++) for (let p = start[i]; p < start[i + 1]; p++) viewOf[p] = 2 * edge[p] + (edgeA[edge[p]] === i && (p === start[i] || edge[p - 1] !== edge[p]) ? 0 : 1);
  // Tick conduction: what each synapse end delivered on the synapse's last tick, per incidence.
  const pubG = byEvent ? undefined : new Float64Array(edge.length);
  const pubI = byEvent ? undefined : new Float64Array(edge.length);
  const posA = byEvent ? undefined : new Int32Array(m);
  const posB = byEvent ? undefined : new Int32Array(m);
  if (posA && posB) {
    for (let i = n - 1; i >= 0; i--) {
      for (let p = start[i + 1] - 1; p >= start[i]; p--) {
        const e = edge[p];
        if (edgeB[e] === i) posB[e] = p;
        if (edgeA[e] === i) posA[e] = p;
      }
    }
  }
  let mod = 0;
  let built = false;
  let stopped = false;

  const nodeWatch = new Map<number, Subject<void>>();
  const synWatch = new Map<number, Subject<void>>();

  const publish = (i: number, next: number): void => {
    if (!Number.isFinite(next)) throw new DivergenceError(`node ${sub.ids[i]}`, scheduler.now(), next);
    v[i] = next;
    // Before the synapses exist nobody listens; they read the current states when built.
    if (!built) return;
    if (views !== undefined) for (let p = start[i]; p < start[i + 1]; p++) views.enter(viewOf![p], next);
    if (nodeWatch.size !== 0) nodeWatch.get(i)?.next();
  };
  const react = (i: number): void => {
    const d = dyn[i];
    if (d.onInput === undefined) return;
    input.g = lastG[i];
    input.i = lastI[i];
    input.beta = beta[i];
    input.drive = drive[i];
    const next = d.onInput(v[i], input, nodeParams);
    if (next !== v[i]) publish(i, next);
  };
  const nodeInterval = (i: number): number => (jitter > 0 ? nodePeriod[i] * (1 + jitter * (2 * nodeRng.uniform(i) - 1)) : nodePeriod[i]);
  const synPeriodOf = (e: number): number => (spread ? x[e * R + PERIOD] : timing.synapsePeriod);
  const synInterval = (e: number): number => (jitter > 0 ? synPeriodOf(e) * (1 + jitter * (2 * rng.uniform(e) - 1)) : synPeriodOf(e));

  const nodeTick = (i: number): void => {
    const now = scheduler.now();
    const last = nodeLast[i];
    const dt = Number.isNaN(last) ? nodePeriod[i] : now - last;
    nodeLast[i] = now;
    let g = 0;
    let cur = 0;
    if (readsContrib[i] === 1) {
      if (byEvent) {
        const vi = v[i];
        for (let p = start[i]; p < start[i + 1]; p++) {
          const w = x[edge[p] * R];
          const vo = v[other[p]];
          g += coupling.g(w, vi, vo);
          cur += coupling.i(w, vi, vo);
        }
      } else {
        for (let p = start[i]; p < start[i + 1]; p++) {
          g += pubG![p];
          cur += pubI![p];
        }
      }
    }
    lastG[i] = g;
    lastI[i] = cur;
    input.g = g;
    input.i = cur;
    input.beta = beta[i];
    input.drive = drive[i];
    publish(i, step(role[i], v[i], input, dt, nodeParams, draws[i]));
    queue.push(now + nodeInterval(i), scheduler.nextSeq(), (i << KIND_BITS) | NODE_TICK);
  };

  const conduct = (e: number): void => {
    const o = e * R;
    const w = x[o];
    const va = v[edgeA[e]];
    const vb = v[edgeB[e]];
    pubG![posA![e]] = coupling.g(w, va, vb);
    pubI![posA![e]] = coupling.i(w, va, vb);
    pubG![posB![e]] = coupling.g(w, vb, va);
    pubI![posB![e]] = coupling.i(w, vb, va);
  };

  const catchUp = views?.fifos !== undefined;
  const synapseTick = (e: number, seq: number): void => {
    const now = scheduler.now();
    const o = e * R;
    if (catchUp) views!.catchUp(e, now, seq);
    const last = x[o + LAST];
    const dt = Number.isNaN(last) ? synPeriodOf(e) : now - last;
    x[o + LAST] = now;
    const s = views !== undefined ? coupling.signal(x[o], x[o + SENSED], x[o + SENSED + 1]) : coupling.signal(x[o], v[edgeA[e]], v[edgeB[e]]);
    rule.step(x, o, s, mod, dt, params !== undefined ? params[e] : shared);
    const w = x[o];
    if (!Number.isFinite(w)) throw new DivergenceError(`synapse ${sub.synapseId(e)}`, now, w);
    if (synWatch.size !== 0) synWatch.get(e)?.next();
    if (!byEvent) conduct(e);
    queue.push(now + synInterval(e), scheduler.nextSeq(), (e << KIND_BITS) | SYNAPSE_TICK);
  };

  const source: EventSource = {
    headTime: () => queue.headTime(),
    headSeq: () => queue.headSeq(),
    runHead: () => {
      const item = queue.headItem();
      const seq = queue.headSeq();
      queue.pop();
      const kind = item & KIND_MASK;
      const id = item >>> KIND_BITS;
      if (kind === SYNAPSE_TICK) synapseTick(id, seq);
      else if (kind === NODE_TICK) nodeTick(id);
      else views!.arrive(id, kind);
    },
  };

  // Built in the reactive engine's order: every node (its clock view, drive, first tick), then
  // every synapse, so the clock's listeners and the first ticks take the same insertion numbers.
  const driveOf = (i: number) => opts.driveOf?.(i, 0) ?? sub.defaultDrive(i);
  // Each clock-reading node's view of the clock, in node order (snapshots save their state).
  const clockViews: AgentView<unknown>[] = [];
  const clockViewOf = (d: Distortion, r: Rng): Observable<ClampSignal> => {
    const v = new AgentView<ClampSignal>(d, r, scheduler, signalCodec, false);
    clockViews.push(v as AgentView<unknown>);
    return v.of(clock);
  };
  const t0 = scheduler.now();
  for (let i = 0; i < n; i++) {
    const id = sub.ids[i];
    // The node's substream as an Rng for the clock view's operators, which share it with its clock.
    const r = rngFromFunction(() => nodeRng.uniform(i));
    nodePeriod[i] = agentClock(timing.nodePeriod, timing, r).period;
    const reads = dyn[i].reads;
    if (reads.includes('clamp')) {
      const view = opts.clockView ? clockViewOf(opts.clockView, r) : clock;
      subs.add(
        view.subscribe((s) => {
          beta[i] = s.beta;
          react(i);
        }),
      );
    }
    if (reads.includes('drive')) {
      const d$: Observable<number> | undefined = driveOf(i);
      if (d$ === undefined) throw new Error(`node ${id}: role ${sub.roles[i]} reads a drive, but none was given`);
      subs.add(
        d$.subscribe((d) => {
          drive[i] = d;
          react(i);
        }),
      );
    }
    nodeLast[i] = offset !== undefined ? NaN : t0;
    queue.push(t0 + (offset ?? nodeInterval(i)), scheduler.nextSeq(), (i << KIND_BITS) | NODE_TICK);
  }
  for (let e = 0; e < m; e++) {
    if (spread) x[e * R + PERIOD] = timing.synapsePeriod * Math.pow(timing.rateSpread, 2 * rng.uniform(e) - 1);
    rule.init(x, e * R, sub.w0[e], params !== undefined ? params[e] : shared);
    if (views !== undefined) {
      // The initial state is common knowledge; only later updates reach the rule distorted.
      x[e * R + SENSED] = v[edgeA[e]];
      x[e * R + SENSED + 1] = v[edgeB[e]];
      views.start(2 * e);
      views.start(2 * e + 1);
    }
    // The reactive synapses subscribe one after another here, with no other listener of the
    // clock in between, and nothing reads the modulator between their callbacks: one listener
    // in the first synapse's place is the same, if the modulator is a pure function of the signal.
    if (e === 0 && wantsMod) subs.add(clock.subscribe((s) => (mod = opts.modulator!(s))));
    if (!byEvent) conduct(e);
    x[e * R + LAST] = offset !== undefined ? NaN : t0;
    queue.push(t0 + (offset ?? synInterval(e)), scheduler.nextSeq(), (e << KIND_BITS) | SYNAPSE_TICK);
  }
  built = true;
  scheduler.attachSource(source);

  const read = (t: ProbeTarget) => ('node' in t ? v[t.node] : x[t.synapse * R + (t.slot ?? 0)]);
  // What a node holds between events, by name (snapshots).
  const perNode = { v, beta, drive, nodeLast, lastG, lastI };
  const checkSnapshotable = () => checkOwnClock(opts);
  const shape = { nodes: n, examples: 1, synapses: m, stateSize: S };
  const snapCtx = () => ({ engine: 'event' as const, shape, build: describeBuild(sub, opts), scheduler, streams });
  const watch = (map: Map<number, Subject<void>>, k: number): Observable<void> => {
    let s = map.get(k);
    if (s === undefined) map.set(k, (s = new Subject<void>()));
    return s;
  };
  return {
    nodes: [],
    synapses: [],
    clock,
    states: () => v.slice(),
    weights: () => Float64Array.from({ length: m }, (_, e) => x[e * R]),
    read: (t) => {
      checkProbe(t, {}, shape);
      return read(t);
    },
    probe: (t, o = {}) => {
      checkProbe(t, o, shape);
      if (!o.onChange) return periodicProbe(scheduler, timing.nodePeriod, o.every ?? 1, () => read(t));
      return changeProbe(scheduler, 'node' in t ? watch(nodeWatch, t.node) : watch(synWatch, t.synapse), () => read(t));
    },
    // The rest is built from the substrate and options (topology, periods, rule parameters).
    snapshot: () => {
      checkSnapshotable();
      const pending: number[] = [];
      queue.forEach((t, q, item) => pending.push(t, q, item));
      return writeSnapshot(snapCtx(), {
        ...perNode,
        nodeRng: nodeRng.states,
        x,
        published: [...(pubG ?? []), ...(pubI ?? [])],
        mod: [mod],
        queue: pending,
        views: views?.saveState() ?? [],
        clockViews: saveViews(clockViews),
      });
    },
    restore: (snap) => {
      checkSnapshotable();
      const o = openSnapshot(snap, snapCtx());
      const nodeArrays = Object.keys(perNode).map((k) => o.array(k, n));
      const [rngs, nx, pub, m1, pending, vs, cvs] = [o.array('nodeRng', 4 * n), o.array('x', m * R), o.array('published', pubG ? 2 * pubG.length : 0), o.array('mod', 1), o.array('queue'), o.array('views'), o.array('clockViews')];
      checkViews(clockViews.length, cvs);
      views?.checkState(vs);
      if (pending.length % 3 !== 0) throw new SpecError('snapshot.arrays.queue', 'triples (time, insertion number, item)', pending.length);
      o.apply();
      Object.values(perNode).forEach((a, k) => a.set(nodeArrays[k]));
      nodeRng.states.set(rngs);
      x.set(nx);
      if (pubG && pubI) {
        pubG.set(pub.subarray(0, pubG.length));
        pubI.set(pub.subarray(pubG.length));
      }
      mod = m1[0];
      views?.loadState(vs);
      clockViews.reduce((at, v) => v.loadState(cvs, at), 0);
      queue.restart(scheduler.now());
      for (let k = 0; k < pending.length; k += 3) queue.push(pending[k], pending[k + 1], pending[k + 2]);
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      scheduler.detachSource(source);
      queue.clear();
      subs.unsubscribe();
      for (const s of [...nodeWatch.values(), ...synWatch.values()]) s.complete();
      stopClock.next();
    },
  };
}

/**
 * A calendar sized for the run: buckets holding a few to a few dozen events each (pending events are
 * about one per agent, two more per synapse with endpoint views delivered by events, spread over a period), and a
 * ring that spans the longest interval an event can be scheduled ahead (an agent's slowest
 * jittered tick, a view's delays and sampling): entries beyond it only cost a skip per round.
 */
function calendarFor<P>(n: number, m: number, t: Timing, opts: EngineOptions<P>): CalendarQueue {
  const pending = n + m + (opts.endpointView && !readAtTick(opts.endpointView) ? 2 * m : 0) + 1;
  // Entries per bucket: few while the ring is small enough to stay in cache (each pop then sifts
  // a heap of a handful), a few dozen for large runs, where a longer ring costs misses of its
  // own. Measured (CPU, 2026-11-29, interleaved): an RBM of 305 agents 0.7x the time with 2
  // per bucket against 32; resistor networks of 1e3 and 1e4 synapses 0.7-0.85x with 4; at 1e5,
  // 32 stays best (4 costs 1.1x).
  const perBucket = Math.min(32, Math.max(2, pending / 4000));
  const width = (Math.min(t.nodePeriod, t.synapsePeriod) / t.rateSpread) * Math.min(1, perBucket / pending);
  const d = opts.endpointView ?? {};
  const view = (d.delay ?? 0) + (d.randomDelay?.max ?? 0) + (d.sample ? d.sample.period * (1 + d.sample.jitter) : 0);
  const horizon = Math.max(t.nodePeriod, t.synapsePeriod) * t.rateSpread * (1 + t.jitter) + view + (opts.tickOffset ?? 0);
  // Without jitter or rate spread every agent ticks on one grid: a bucket is a period's ticks
  // at one time, read in order as a run. Measured (CPU, 2026-11-29, interleaved): bars and
  // stripes with random endpoint delays 0.75x the time; jittered runs keep the plain calendar.
  const Calendar = t.jitter === 0 && t.rateSpread === 1 ? RunCalendarQueue : CalendarQueue;
  return new Calendar(width, Math.ceil(horizon / width) + 1, opts.scheduler.now());
}
