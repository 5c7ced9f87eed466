import { Observable, Subscription } from 'rxjs';
import { SpecError } from '../errors';
import { DivergenceError } from '../errors';
import { startTicks } from '../scheduler/agent-clock';
import { clampClock } from '../streams/clock';
import { ClampSignal } from '../streams/clamp-signal';
import { constant } from '../streams/protocols';
import { NodeInput } from '../nodes/node-dynamics';
import { SynapseRule, fixedWeight } from '../synapses/synapse-rule';
import { ResistorNetwork } from '../resistor/resistor-spec';
import { ResistorAgentsOptions, ResistorAgents } from '../resistor/resistor-agents';
import { resistorCoupling, resistorNode, resistorOutputNode, voltageSource } from '../resistor/resistor-physics';
import { defaultTiming } from '../resistor/timing';

/**
 * The lockstep engine for resistor networks: the same node dynamics, coupling and rules as the
 * reactive agents (design rule 3), run as synchronous sweeps over typed arrays by one tick on
 * the same scheduler and the same clock and data streams.
 *
 * One step at time t (every node period): the nodes integrate their dynamics over dt in node
 * order, each from its incident edges' current contributions (g = w, i = w V_other: the
 * resistor coupling's Norton pair). Synapses conduct as their endpoints change (see
 * synapse-agent.ts), so a node reads the states its neighbours reached earlier in the same
 * sweep: a Gauss-Seidel sweep, which is the order of the reactive engine's node events at t.
 * Then, every `synapsePeriod / nodePeriod`-th step, each synapse reads its endpoints' new
 * states and runs its rule. With equal rates and no jitter this is exactly the event order of
 * the reactive engine, which a property test checks.
 *
 * Storage: the rule state of every synapse in one Float64Array (stateSize per synapse), the
 * network's edge endpoint arrays and each node's incident edges (CSR, in edge order, the order
 * in which a node agent sums its inputs). No per-synapse objects and no allocation in sweeps.
 */
export function resistorLockstep<P>(net: ResistorNetwork, opts: ResistorAgentsOptions<P>): ResistorAgents {
  const timing = opts.timing ?? defaultTiming;
  checkLockstepOptions(opts);
  const { scheduler } = opts;
  const rule = (opts.rule ?? fixedWeight) as SynapseRule<P>;
  const shared = (opts.ruleParams ?? {}) as P;
  const params = opts.ruleParamsOf ? Array.from(net.k, (_, e) => opts.ruleParamsOf!(e)) : undefined;
  const n = net.ids.length;
  const m = net.k.length;
  const S = rule.stateSize;
  const synapseEvery = Math.round(timing.synapsePeriod / timing.nodePeriod);

  const sweep = nodeSweep(net);
  const drive = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = opts.initial?.[i] ?? 0;
  const x = new Float64Array(m * S);
  const edgeA = net.edgeA;
  const edgeB = net.edgeB;
  for (let e = 0; e < m; e++) rule.init(x, e * S, net.k[e], params ? params[e] : shared);

  const subs = new Subscription();
  const clock = opts.clock ?? clampClock(opts.protocol ?? constant({ beta: 0 }), { scheduler, rng: opts.random.stream('clock') });
  let beta = 0;
  let mod = 0;
  const wantsMod = rule.reads.includes('modulator');
  if (wantsMod && !opts.modulator) throw new Error(`rule ${rule.name} reads a modulator: give options.modulator`);
  subs.add(
    clock.subscribe((sig: ClampSignal) => {
      beta = sig.beta;
      if (wantsMod) mod = opts.modulator!(sig);
    }),
  );
  const listen = (i: number, d$: Observable<number>) => subs.add(d$.subscribe((d) => (drive[i] = d)));
  listen(net.ground, new Observable<number>((s) => s.next(0)));
  net.sources.forEach((i, j) => listen(i, opts.sourceDrives?.[j] ?? new Observable<number>((s) => s.next(net.sourceV[j]))));
  net.outputs.forEach((i, j) => listen(i, opts.targetDrives?.[j] ?? new Observable<number>((s) => s.next(net.targets[j]))));

  const np = { tau: timing.tau };
  let step = 0;
  const learn = (dt: number) => {
    for (let e = 0; e < m; e++) {
      const o = e * S;
      rule.step(x, o, resistorCoupling.signal(x[o], v[edgeA[e]], v[edgeB[e]]), mod, dt, params ? params[e] : shared);
      const w = x[o];
      if (!Number.isFinite(w)) throw new DivergenceError(`synapse ${net.ids[edgeA[e]]}-${net.ids[edgeB[e]]}`, scheduler.now(), w);
    }
  };
  let lastSyn = scheduler.now();
  subs.add(
    startTicks(scheduler, { period: timing.nodePeriod }, (dt) => {
      const bad = sweep(v, x, S, drive, beta, dt, np);
      if (bad >= 0) throw new DivergenceError(`node ${net.ids[bad]}`, scheduler.now(), v[bad]);
      if (++step % synapseEvery !== 0) return;
      const now = scheduler.now();
      learn(now - lastSyn);
      lastSyn = now;
    }),
  );

  return {
    nodes: [],
    synapses: [],
    clock,
    voltages: () => v.slice(),
    conductances: () => Float64Array.from({ length: m }, (_, e) => x[e * S]),
    stop: () => subs.unsubscribe(),
  };
}

/**
 * One Gauss-Seidel sweep of a resistor network's node dynamics, in place: node i integrates
 * over dt from its incident edges' weights (w = x[e * S]) and its neighbours' current states.
 * Returns the first node whose state became non-finite, or -1. Shared by the lockstep engine
 * and the relaxation-time measurement, so both move the network the same way.
 */
export function nodeSweep(net: ResistorNetwork) {
  const n = net.ids.length;
  // Node kinds: 0 free, 1 output (nudged), 2 source/ground.
  const kind = new Uint8Array(n);
  kind[net.ground] = 2;
  net.sources.forEach((i) => (kind[i] = 2));
  net.outputs.forEach((i) => (kind[i] = 1));
  const { start, edge, other } = incidence(net);
  const input: NodeInput = { g: 0, i: 0, beta: 0, drive: 0 };
  return (v: Float64Array, x: Float64Array, S: number, drive: Float64Array, beta: number, dt: number, np: { tau: number }): number => {
    input.beta = beta;
    for (let i = 0; i < n; i++) {
      let g = 0;
      let cur = 0;
      for (let p = start[i]; p < start[i + 1]; p++) {
        const w = x[edge[p] * S];
        g += w;
        cur += w * v[other[p]];
      }
      input.g = g;
      input.i = cur;
      input.drive = drive[i];
      const k = kind[i];
      const nv = k === 0 ? resistorNode.step(v[i], input, dt, np) : k === 1 ? resistorOutputNode.step(v[i], input, dt, np) : voltageSource.step(v[i], input, dt, np);
      v[i] = nv;
      if (!Number.isFinite(nv)) return i;
    }
    return -1;
  };
}

/** Each node's incident edges in edge order (CSR): edge ids and the node at the other end. */
function incidence(net: ResistorNetwork): { start: Int32Array; edge: Int32Array; other: Int32Array } {
  const n = net.ids.length;
  const m = net.edgeA.length;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    start[net.edgeA[e] + 1]++;
    start[net.edgeB[e] + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const edge = new Int32Array(2 * m);
  const other = new Int32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const a = net.edgeA[e];
    const b = net.edgeB[e];
    edge[fill[a]] = e;
    other[fill[a]++] = b;
    edge[fill[b]] = e;
    other[fill[b]++] = a;
  }
  return { start, edge, other };
}

/** The lockstep engine runs synchronous timing only; asynchrony is the reactive engine's job. */
export function checkLockstepOptions(opts: { timing?: { rateSpread: number; jitter: number; nodePeriod: number; synapsePeriod: number }; endpointView?: unknown; clockView?: unknown }): void {
  const t = opts.timing ?? defaultTiming;
  if (t.rateSpread !== 1) throw new SpecError('timing.rateSpread', '1 with engine "lockstep" (unequal rates need the reactive engine)', t.rateSpread);
  if (t.jitter !== 0) throw new SpecError('timing.jitter', '0 with engine "lockstep" (jitter needs the reactive engine)', t.jitter);
  const ratio = t.synapsePeriod / t.nodePeriod;
  if (Math.abs(ratio - Math.round(ratio)) > 1e-9 || Math.round(ratio) < 1) {
    throw new SpecError('timing.synapsePeriod', `a whole multiple of nodePeriod (${t.nodePeriod}) with engine "lockstep"`, t.synapsePeriod);
  }
  if (opts.endpointView !== undefined) throw new SpecError('endpointView', 'none with engine "lockstep" (delays need the reactive engine)', opts.endpointView);
  if (opts.clockView !== undefined) throw new SpecError('clockView', 'none with engine "lockstep"', opts.clockView);
}
