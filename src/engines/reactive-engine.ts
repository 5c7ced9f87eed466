import { Observable, Subject } from '../rx';
import { ClampSignal } from '../streams/clamp-signal';
import { Distortion } from '../streams/operators';
import { Rng } from '../scheduler/random';
import { ContributionPort } from '../nodes/contribution-port';
import { NODE_STATE_SIZE, nodeAgent } from '../nodes/node-agent';
import { synapseAgent } from '../synapses/synapse-agent';
import { agentClock } from './timing';
import { Substrate } from '../substrates/substrate';
import { AgentView, checkViews, numberCodec, saveViews, signalCodec } from './agent-view';
import { Engine, EngineOptions, checkOneExample, checkOwnClock, engineClock } from './engine';
import { openSnapshot, writeSnapshot } from './snapshot/snapshot';
import { describeBuild } from './snapshot/build-description';
import { engineStart } from './engine-start';
import { ProbeTarget, changeProbe, checkProbe, periodicProbe } from './probe';

/**
 * The reactive engine: one node agent per node and one synapse agent per synapse, each on its
 * own clock drawn from its own substream, on the virtual-time scheduler. This wiring is the only
 * place that knows the graph: each agent gets just its own streams, parameters and substream
 * (design rule 1). Any timing: per-agent rates, jitter, per-synapse views of the endpoints.
 */
export function reactiveEngine<NP, P = Record<string, never>>(sub: Substrate<NP>, given: EngineOptions<P>): Engine {
  const { opts, timing, rule, shared: ruleParams, streams, stream } = engineStart(given, sub.w0.length);
  const { scheduler } = opts;
  const n = sub.ids.length;
  checkOneExample(opts, n, 'reactive');
  // A clock the engine makes is the engine's: stop() stops it too (a given clock is its owner's).
  const stopClock = new Subject<void>();
  const clock = engineClock(opts, stream, streams, stopClock);

  // Each synapse end's output stream is created here, before the nodes that read it: nodes
  // are built first, and the synapse publishes into it once it exists (nothing flows before).
  // Arrays of their exact sizes: the nodes keep theirs.
  const m = sub.edgeA.length;
  const degree = new Array<number>(n).fill(0);
  for (let e = 0; e < m; e++) {
    degree[sub.edgeA[e]]++;
    degree[sub.edgeB[e]]++;
  }
  const incoming = degree.map((d) => new Array<ContributionPort>(d));
  degree.fill(0);
  const outA = new Array<ContributionPort>(m);
  const outB = new Array<ContributionPort>(m);
  for (let e = 0; e < m; e++) {
    const a = (outA[e] = new ContributionPort(0, 0));
    const b = (outB[e] = new ContributionPort(0, 0));
    incoming[sub.edgeA[e]][degree[sub.edgeA[e]]++] = a;
    incoming[sub.edgeB[e]][degree[sub.edgeB[e]]++] = b;
  }
  const driveOf = (i: number) => opts.driveOf?.(i, 0) ?? sub.defaultDrive(i);

  // Each agent's views (nodes' of the clock, then synapses' of their endpoints, a then b), in the
  // order they are made: snapshots save their state, messages in flight included.
  const views: AgentView<unknown>[] = [];
  const clockViewOf = (d: Distortion, rng: Rng): Observable<ClampSignal> => {
    const v = new AgentView<ClampSignal>(d, rng, scheduler, signalCodec, false);
    views.push(v as AgentView<unknown>);
    return v.of(clock);
  };
  const nodes = sub.ids.map((id, i) => {
    const rng = stream(`node:${id}`);
    const dynamics = sub.dynamics[sub.roles[i]];
    const clockOf = { ...agentClock(timing.nodePeriod, timing, rng), offset: opts.tickOffset };
    const draws = dynamics.draws ? stream(sub.drawStream?.(i) ?? `draw:${id}`) : undefined;
    const base = { id, dynamics, params: sub.nodeParams, initial: opts.initial?.[i] ?? 0, scheduler, clock: clockOf, draws };
    const reads = (x: string) => dynamics.reads.includes(x as never);
    const view = reads('clamp') && opts.clockView ? clockViewOf(opts.clockView, rng) : clock;
    const drive = reads('drive') ? driveOf(i) : undefined;
    if (reads('drive') && drive === undefined) throw new Error(`node ${id}: role ${sub.roles[i]} reads a drive, but none was given`);
    return nodeAgent({
      ...base,
      contributions: reads('contributions') ? incoming[i] : undefined,
      clamp: reads('clamp') ? view : undefined,
      drive,
    });
  });

  const wantsMod = rule.reads.includes('modulator');
  const synapses = Array.from(sub.w0, (w0, e) => {
    const id = sub.synapseId(e);
    const rng = stream(`edge:${id}`);
    const ev = opts.endpointView;
    // The initial state is common knowledge; only later updates reach the rule distorted
    // (EndpointView: distort's stages, with its state where a snapshot finds it). Conduction is
    // physics and follows the true states.
    const sense = (s$: Observable<number>) => {
      if (!ev) return undefined;
      const view = new AgentView<number>(ev, rng, scheduler, numberCodec, true);
      views.push(view as AgentView<unknown>);
      return view.of(s$);
    };
    const a$ = nodes[sub.edgeA[e]].state$;
    const b$ = nodes[sub.edgeB[e]].state$;
    return synapseAgent({
      id,
      coupling: sub.coupling,
      conduction: sub.conduction,
      rule,
      params: opts.ruleParamsOf ? opts.ruleParamsOf(e) : ruleParams,
      w0,
      scheduler,
      clock: { ...agentClock(timing.synapsePeriod, timing, rng), offset: opts.tickOffset },
      a$,
      b$,
      senseA$: sense(a$),
      senseB$: sense(b$),
      modulator$: wantsMod ? mapClock(clock, opts.modulator!) : undefined,
      outputs: { toA: outA[e], toB: outB[e] },
    });
  });

  const shape = { nodes: n, examples: 1, synapses: synapses.length, stateSize: rule.stateSize };
  const snapCtx = () => ({ engine: 'reactive' as const, shape, build: describeBuild(sub, opts), scheduler, streams });
  const checkSnapshotable = () => checkOwnClock(opts);
  const read = (t: ProbeTarget) => ('node' in t ? nodes[t.node].value() : (t.slot ?? 0) === 0 ? synapses[t.synapse].weight() : synapses[t.synapse].ruleState()[t.slot!]);
  return {
    nodes,
    synapses,
    clock,
    states: () => Float64Array.from(nodes, (a) => a.value()),
    weights: () => Float64Array.from(synapses, (s) => s.weight()),
    read: (t) => {
      checkProbe(t, {}, shape);
      return read(t);
    },
    probe: (t, o = {}) => {
      checkProbe(t, o, shape);
      if (!o.onChange) return periodicProbe(scheduler, timing.nodePeriod, o.every ?? 1, () => read(t));
      // A node publishes its state on its ticks; a synapse its weight after each learning tick.
      return changeProbe(scheduler, 'node' in t ? nodes[t.node].state$ : synapses[t.synapse].weight$, () => read(t));
    },
    // Each agent saves its own state; the scheduler its pending ticks and the clock's next edge.
    snapshot: () => {
      checkSnapshotable();
      return writeSnapshot(snapCtx(), {
        nodes: nodes.flatMap((a) => a.saveState()),
        synapses: synapses.flatMap((s) => s.saveState()),
        views: saveViews(views),
      });
    },
    restore: (snap) => {
      checkSnapshotable();
      const o = openSnapshot(snap, snapCtx());
      const N = NODE_STATE_SIZE;
      const E = rule.stateSize + SYNAPSE_EXTRA;
      const [ns, es, vs] = [o.array('nodes', N * n), o.array('synapses', E * m), o.array('views')];
      checkViews(views.length, vs);
      o.apply();
      nodes.forEach((a, i) => a.loadState(ns.subarray(i * N, (i + 1) * N)));
      synapses.forEach((s, e) => s.loadState(es.subarray(e * E, (e + 1) * E)));
      views.reduce((at, v) => v.loadState(vs, at), 0);
    },
    stop: () => {
      for (const a of nodes) a.stop();
      for (const s of synapses) s.stop();
      stopClock.next();
    },
  };
}

/** Numbers of a synapse agent's saved state besides its rule state (SynapseAgent.saveState). */
const SYNAPSE_EXTRA = 11;

function mapClock(clock: Observable<ClampSignal>, f: (s: ClampSignal) => number): Observable<number> {
  return new Observable<number>((sub) => clock.subscribe({ next: (s) => sub.next(f(s)), error: (e) => sub.error(e) }));
}
