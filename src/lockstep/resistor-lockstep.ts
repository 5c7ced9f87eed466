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
 * One step at time t (every node period): each node integrates its dynamics over dt from the
 * contributions the synapses computed at their last tick (a Jacobi sweep, as agents that all
 * tick at t read what was published before t); then, every `synapsePeriod / nodePeriod`-th
 * step, each synapse reads its endpoints' new states, runs its rule and so fixes its
 * contribution (g = w, i = w V_other: the resistor coupling's Norton pair) for the next steps.
 * With equal node and synapse periods and no jitter this is exactly the event order of the
 * reactive engine, which a property test checks.
 *
 * Storage: the rule state of every synapse in one Float64Array (stateSize per synapse) and the
 * network's edge endpoint arrays; per node, the summed contributions. No per-synapse objects
 * and no allocation in the sweeps.
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

  // Node kinds: 0 free, 1 output (nudged), 2 source/ground.
  const kind = new Uint8Array(n);
  const drive = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = opts.initial?.[i] ?? 0;
  kind[net.ground] = 2;
  net.sources.forEach((i) => (kind[i] = 2));
  net.outputs.forEach((i) => (kind[i] = 1));

  // Rule state of every synapse, and what the synapses published at their last tick, summed
  // per node: g = sum w, i = sum w V_other (the resistor coupling's Norton pairs). Summing edge
  // by edge in edge order adds each node's terms in the order the reactive wiring does.
  const x = new Float64Array(m * S);
  const edgeA = net.edgeA;
  const edgeB = net.edgeB;
  const gSum = new Float64Array(n);
  const iSum = new Float64Array(n);
  for (let e = 0; e < m; e++) rule.init(x, e * S, net.k[e], params ? params[e] : shared);
  const publish = () => {
    gSum.fill(0);
    iSum.fill(0);
    for (let e = 0; e < m; e++) {
      const a = edgeA[e];
      const b = edgeB[e];
      const w = x[e * S];
      gSum[a] += w;
      iSum[a] += w * v[b];
      gSum[b] += w;
      iSum[b] += w * v[a];
    }
  };
  publish();

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
  const input: NodeInput = { g: 0, i: 0, beta: 0, drive: 0 };
  const next = new Float64Array(n);
  let step = 0;
  const sweep = (dt: number, synDt: number) => {
    input.beta = beta;
    for (let i = 0; i < n; i++) {
      input.g = gSum[i];
      input.i = iSum[i];
      input.drive = drive[i];
      const k = kind[i];
      const nv = k === 0 ? resistorNode.step(v[i], input, dt, np) : k === 1 ? resistorOutputNode.step(v[i], input, dt, np) : voltageSource.step(v[i], input, dt, np);
      if (!Number.isFinite(nv)) throw new DivergenceError(`node ${net.ids[i]}`, scheduler.now(), nv);
      next[i] = nv;
    }
    v.set(next);
    if (++step % synapseEvery !== 0) return;
    // Synapses tick after the nodes and publish for the following node steps (fused loop).
    gSum.fill(0);
    iSum.fill(0);
    for (let e = 0; e < m; e++) {
      const a = edgeA[e];
      const b = edgeB[e];
      const va = v[a];
      const vb = v[b];
      const o = e * S;
      rule.step(x, o, resistorCoupling.signal(x[o], va, vb), mod, synDt, params ? params[e] : shared);
      const w = x[o];
      if (!Number.isFinite(w)) throw new DivergenceError(`synapse ${net.ids[a]}-${net.ids[b]}`, scheduler.now(), w);
      gSum[a] += w;
      iSum[a] += w * vb;
      gSum[b] += w;
      iSum[b] += w * va;
    }
  };
  let lastSyn = scheduler.now();
  subs.add(
    startTicks(scheduler, { period: timing.nodePeriod }, (dt) => {
      const now = scheduler.now();
      sweep(dt, now - lastSyn);
      if (step % synapseEvery === 0) lastSyn = now;
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
