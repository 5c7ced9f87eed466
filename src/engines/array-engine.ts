import { Observable, Subject, Subscription } from '../rx';
import { DivergenceError, SpecError } from '../errors';
import { startTickClock } from '../scheduler/agent-clock';
import { ClampSignal } from '../streams/clamp-signal';
import { fixedWeight } from '../synapses/synapse-rule';
import { NodeInput } from '../nodes/node-dynamics';
import { defaultTiming } from './timing';
import { Substrate } from '../substrates/substrate';
import { incidence, nodeSweep } from './node-sweep';
import { denseSweep } from './dense-sweep';
import { denseLayout } from './dense-layout';
import { ProbeTarget, changeProbe, checkProbe, periodicProbe } from './probe';
import { Engine, EngineOptions, checkOwnClock, engineClock } from './engine';
import { openSnapshot, writeSnapshot } from './snapshot/snapshot';
import { describeBuild } from './snapshot/build-description';
import { engineStart } from './engine-start';

/**
 * The array engine: the same node dynamics, coupling and rules as the reactive agents (design
 * rule 3), run as synchronous sweeps over typed arrays on the same scheduler, clock and data
 * streams, by two clocks: every node period the nodes integrate their dynamics over dt (a
 * Gauss-Seidel sweep under 'event' conduction, a Jacobi sweep under 'tick' conduction: see
 * node-sweep.ts); every synapse period each synapse reads its endpoints' states and runs its
 * rule (and, under 'tick' conduction, publishes what it delivers until its next tick). With
 * equal rates and no jitter this is exactly the event order of the reactive engine, which
 * property tests check.
 *
 * A batch (`batch: B`, for batched EP) runs B examples that share the synapses, each with its
 * own node states and drives; every rule sees the batch mean of its local signal, which is how
 * batched EP averages its update (a test checks the classic update against the batched EP
 * engine). A batch of one is the unbatched engine, bit for bit.
 *
 * Storage: the rule state of every synapse in one Float64Array (stateSize per synapse), the
 * endpoint arrays and each node's incident synapses (CSR, in synapse order, the order in which
 * a node agent sums its inputs). No per-synapse objects and no allocation in sweeps.
 */
export function arrayEngine<NP, P = Record<string, never>>(sub: Substrate<NP>, given: EngineOptions<P>): Engine {
  checkArrayOptions(given);
  const { opts, timing, rule, shared, streams, stream } = engineStart(given, sub.w0.length);
  const { scheduler } = opts;
  const params = opts.ruleParamsOf ? Array.from(sub.w0, (_, e) => opts.ruleParamsOf!(e)) : undefined;
  const n = sub.ids.length;
  const m = sub.w0.length;
  const S = rule.stateSize;

  const B = opts.batch ?? 1;
  if (!Number.isInteger(B) || B < 1) throw new SpecError('batch', 'an integer >= 1', B);
  if (opts.initial !== undefined && opts.initial.length !== n && opts.initial.length !== n * B) {
    throw new SpecError('initial', `${n} node states, or ${n * B} (${n} per example of the batch)`, opts.initial.length);
  }

  const dynOf = (i: number) => sub.dynamics[sub.roles[i]];
  // Example b's node states and drives are v[b n .. (b + 1) n) and drive[...]; its stochastic
  // nodes draw from their own substreams (example 0 from the plain names, so a batch of one is
  // the unbatched engine).
  // Dense blocks of a product coupling run as matrix products (dense-sweep.ts), the same sums bit
  // for bit; any other substrate runs over its incidence lists.
  const dense = sub.blocks?.length && sub.coupling.product ? denseLayout(sub) : undefined;
  const inc = dense ? undefined : incidence(sub);
  const v = new Float64Array(n * B);
  const drive = new Float64Array(n * B);
  const vOf = Array.from({ length: B }, (_, b) => v.subarray(b * n, (b + 1) * n));
  const driveAt = Array.from({ length: B }, (_, b) => drive.subarray(b * n, (b + 1) * n));
  const sweeps = Array.from({ length: B }, (_, b) => {
    const draws = sub.ids.map((id, i) => (dynOf(i).draws ? stream((sub.drawStream?.(i) ?? `draw:${id}`) + (b === 0 ? '' : `#${b}`)) : undefined));
    return dense ? denseSweep(sub, draws, dense) : nodeSweep(sub, draws, inc);
  });
  // Rules that may move a weight: after their step, what a sweep kept from the weights is stale.
  const moves = rule !== fixedWeight;
  for (let k = 0; k < n * B; k++) v[k] = opts.initial?.[opts.initial.length === n ? k % n : k] ?? 0;
  const x = new Float64Array(m * S);
  const { edgeA, edgeB, coupling } = sub;
  for (let e = 0; e < m; e++) rule.init(x, e * S, sub.w0[e], params ? params[e] : shared);
  // The weights alone, in their own array, for the node sweeps: a sweep reads the weights of
  // each node's synapses in scattered order, and a weight array is S times denser in the cache
  // than the rule states (TCL: 0.65x the time of a synchronous period at 1e6 synapses, 0.93x at
  // 1e5; src/bench/sync-bench.ts). Kept equal to x[e * S] by every write of x (learning, restore).
  const wts = S === 1 ? x : new Float64Array(m);
  const syncWeights = () => {
    if (wts !== x) for (let e = 0; e < m; e++) wts[e] = x[e * S];
  };
  syncWeights();
  const conduct = () => {
    for (let b = 0; b < B; b++) sweeps[b].conduct(vOf[b], wts, 1);
  };
  conduct();

  const subs = new Subscription();
  // A clock the engine makes is the engine's: stop() stops it too (a given clock is its owner's).
  const stopClock = new Subject<void>();
  const clock = engineClock(opts, stream, streams, stopClock);
  let beta = 0;
  let mod = 0;
  const wantsMod = rule.reads.includes('modulator');
  // Nodes whose dynamics react at once to their clamp or drive (onInput), as their agents do.
  const reactsToClamp = sub.ids.map((_, i) => i).filter((i) => dynOf(i).onInput !== undefined && dynOf(i).reads.includes('clamp'));
  const reactInput: NodeInput = { g: 0, i: 0, beta: 0, drive: 0 };
  const react = (b: number, i: number) => {
    reactInput.beta = beta;
    reactInput.drive = drive[b * n + i];
    v[b * n + i] = dynOf(i).onInput!(v[b * n + i], reactInput, sub.nodeParams);
  };
  subs.add(
    clock.subscribe((sig: ClampSignal) => {
      beta = sig.beta;
      if (wantsMod) mod = opts.modulator!(sig);
      for (let b = 0; b < B; b++) for (const i of reactsToClamp) react(b, i);
    }),
  );
  // Drives in node order, as the reactive engine's node agents subscribe to them.
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < n; i++) {
      if (!dynOf(i).reads.includes('drive')) continue;
      const d$: Observable<number> | undefined = opts.driveOf?.(i, b) ?? sub.defaultDrive(i);
      if (d$ === undefined) throw new Error(`node ${sub.ids[i]}: role ${sub.roles[i]} reads a drive, but none was given`);
      const reacts = dynOf(i).onInput !== undefined;
      subs.add(
        d$.subscribe((d) => {
          drive[b * n + i] = d;
          if (reacts) react(b, i);
        }),
      );
    }
  }

  const learn = (dt: number) => {
    for (let e = 0; e < m; e++) {
      const o = e * S;
      const a = edgeA[e];
      const c = edgeB[e];
      let s: number;
      if (B === 1) s = coupling.signal(x[o], v[a], v[c]);
      else {
        // The batch mean of the local signal, as batched EP's update averages over examples.
        s = 0;
        for (let b = 0; b < B; b++) s += coupling.signal(x[o], v[b * n + a], v[b * n + c]);
        s /= B;
      }
      rule.step(x, o, s, mod, dt, params ? params[e] : shared);
      const w = x[o];
      wts[e] = w;
      if (!Number.isFinite(w)) throw new DivergenceError(`synapse ${sub.synapseId(e)}`, scheduler.now(), w);
    }
    if (moves) for (const w of sweeps) w.invalidate();
  };
  // Probes on change listen here; nothing is emitted while none listens.
  const stepped = new Subject<void>();
  // Two clocks, the nodes' and the synapses', made in the order the reactive engine makes its
  // node and synapse agents: the scheduler then orders a node step and a synapse step due at
  // the same time exactly as it orders those agents' ticks.
  const nodeClock = startTickClock(scheduler, { period: timing.nodePeriod, offset: opts.tickOffset }, (dt) => {
    for (let b = 0; b < B; b++) {
      const bad = sweeps[b].sweep(vOf[b], wts, 1, driveAt[b], beta, dt);
      if (bad >= 0) throw new DivergenceError(`node ${sub.ids[bad]}${B > 1 ? ` of example ${b}` : ''}`, scheduler.now(), vOf[b][bad]);
    }
    if (stepped.observed) stepped.next();
  });
  const synapseClock = startTickClock(scheduler, { period: timing.synapsePeriod, offset: opts.tickOffset }, (dt) => {
    learn(dt);
    conduct();
    if (stepped.observed) stepped.next();
  });
  subs.add(nodeClock.subscription);
  subs.add(synapseClock.subscription);
  const read = (t: ProbeTarget) => ('node' in t ? v[(t.example ?? 0) * n + t.node] : x[t.synapse * S + (t.slot ?? 0)]);
  const shape = { nodes: n, examples: B, synapses: m, stateSize: S };
  const snapCtx = () => ({ engine: 'array' as const, shape, build: describeBuild(sub, opts), scheduler, streams });

  return {
    nodes: [],
    synapses: [],
    clock,
    states: () => v.slice(),
    weights: () => Float64Array.from({ length: m }, (_, e) => x[e * S]),
    read: (t) => {
      checkProbe(t, {}, shape);
      return read(t);
    },
    probe: (t, o = {}) => {
      checkProbe(t, o, shape);
      return o.onChange ? changeProbe(scheduler, stepped, () => read(t)) : periodicProbe(scheduler, timing.nodePeriod, o.every ?? 1, () => read(t));
    },
    // Everything else is built from the substrate and options: node states, drives, rule states,
    // what 'tick' conduction published, the clock's last beta and modulator, both clocks.
    snapshot: () => {
      checkOwnClock(opts);
      return writeSnapshot(snapCtx(), {
        v,
        drive,
        x,
        published: concat(sweeps.map((w) => w.saveState())),
        held: [beta, mod],
        ticks: [...nodeClock.saveTicks(), ...synapseClock.saveTicks()],
      });
    },
    restore: (snap) => {
      checkOwnClock(opts);
      const o = openSnapshot(snap, snapCtx());
      const per = sweeps[0].saveState().length;
      const [nv, nd, nx, pub, held, ticks] = [o.array('v', n * B), o.array('drive', n * B), o.array('x', m * S), o.array('published', per * B), o.array('held', 2), o.array('ticks', 4)];
      o.apply();
      v.set(nv);
      drive.set(nd);
      x.set(nx);
      syncWeights();
      sweeps.forEach((w, b) => {
        w.loadState(pub.subarray(b * per, (b + 1) * per));
        w.invalidate();
      });
      [beta, mod] = held;
      nodeClock.loadTicks([ticks[0], ticks[1]]);
      synapseClock.loadTicks([ticks[2], ticks[3]]);
    },
    stop: () => {
      subs.unsubscribe();
      stepped.complete();
      stopClock.next();
    },
  };
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((k, p) => k + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

/** The array engine runs synchronous timing only; asynchrony is the reactive engine's job. */
export function checkArrayOptions(opts: { timing?: { rateSpread: number; jitter: number }; endpointView?: unknown; clockView?: unknown; faults?: { drop: number } }): void {
  const t = opts.timing ?? defaultTiming;
  if ((opts.faults?.drop ?? 0) > 0) throw new SpecError('faults.drop', '0 with engine "lockstep" (dropped messages need the reactive or event engine)', opts.faults!.drop);
  if (t.rateSpread !== 1) throw new SpecError('timing.rateSpread', '1 with engine "lockstep" (unequal rates need the reactive or event engine)', t.rateSpread);
  if (t.jitter !== 0) throw new SpecError('timing.jitter', '0 with engine "lockstep" (jitter needs the reactive or event engine)', t.jitter);
  if (opts.endpointView !== undefined) throw new SpecError('endpointView', 'none with engine "lockstep" (delays need the reactive or event engine)', opts.endpointView);
  if (opts.clockView !== undefined) throw new SpecError('clockView', 'none with engine "lockstep"', opts.clockView);
}
