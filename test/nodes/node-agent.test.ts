import { BehaviorSubject, Subject } from 'rxjs';
import { DivergenceError } from '../../src/errors';
import { nodeAgent, NodeAgentConfig } from '../../src/nodes/node-agent';
import { Contribution, NodeDynamics, NodeInput, NodeRead } from '../../src/nodes/node-dynamics';
import { VirtualScheduler } from '../../src/scheduler/virtual-scheduler';
import { RandomSource } from '../../src/scheduler/random';
import { ClampSignal } from '../../src/streams/clamp-signal';

/** A dynamics that records every call and adds dt to the state. */
function spyDynamics(reads: NodeRead[], step?: (v: number, input: NodeInput, dt: number) => number) {
  const calls: { v: number; input: NodeInput; dt: number; t: number }[] = [];
  let scheduler: VirtualScheduler | undefined;
  const dynamics: NodeDynamics<{ gain: number }> = {
    name: 'spy',
    reads,
    step: (v, input, dt, p) => {
      calls.push({ v, input: { ...input }, dt, t: scheduler?.now() ?? NaN });
      return step ? step(v, input, dt) : v + p.gain * dt;
    },
  };
  return { dynamics, calls, bind: (s: VirtualScheduler) => (scheduler = s) };
}

const clampAt = (beta: number): ClampSignal => ({ t: 0, beta, phase: 'constant', z: 0, index: 0 });

function config(scheduler: VirtualScheduler, dynamics: NodeDynamics<{ gain: number }>, extra: Partial<NodeAgentConfig<{ gain: number }>> = {}): NodeAgentConfig<{ gain: number }> {
  return { id: 'n1', dynamics, params: { gain: 1 }, initial: 0, scheduler, clock: { period: 1 }, ...extra };
}

describe('nodeAgent: declared streams', () => {
  const scheduler = new VirtualScheduler();
  const c$ = [new BehaviorSubject<Contribution>({ g: 1, i: 0 })];

  it.each<[NodeRead[], Partial<NodeAgentConfig<{ gain: number }>>, RegExp]>([
    [['contributions'], {}, /node n1: dynamics spy reads contributions but no contributions stream was given/],
    [['clamp'], {}, /reads clamp but no clamp stream was given/],
    [['drive'], {}, /reads drive but no drive stream was given/],
    [[], { contributions: c$ }, /node n1: dynamics spy does not declare contributions, so it may not receive it/],
    [['contributions'], { contributions: c$, clamp: new BehaviorSubject(clampAt(1)) }, /does not declare clamp/],
    [['contributions'], { contributions: c$, drive: new BehaviorSubject(1) }, /does not declare drive/],
  ])('reads %j with %p is rejected', (reads, extra, message) => {
    const { dynamics } = spyDynamics(reads);
    expect(() => nodeAgent(config(scheduler, dynamics, extra))).toThrow(message);
  });

  it('a rejected agent schedules nothing', () => {
    const s = new VirtualScheduler();
    const { dynamics } = spyDynamics(['clamp']);
    expect(() => nodeAgent(config(s, dynamics))).toThrow();
    expect(s.pending).toBe(0);
  });

  it('an empty contributions array is allowed (an isolated node)', () => {
    const s = new VirtualScheduler();
    const { dynamics, calls } = spyDynamics(['contributions']);
    nodeAgent(config(s, dynamics, { contributions: [] }));
    s.runUntil(1);
    expect(calls).toHaveLength(1);
    expect(calls[0].input.g).toBe(0);
    expect(calls[0].input.i).toBe(0);
  });
});

describe('nodeAgent: integration on its own clock', () => {
  it('publishes its initial value on subscribe, then one state per tick at period multiples', () => {
    const s = new VirtualScheduler();
    const spy = spyDynamics(['contributions']);
    spy.bind(s);
    const agent = nodeAgent(config(s, spy.dynamics, { contributions: [], initial: 5, clock: { period: 0.25 } }));
    const seen: [number, number][] = [];
    agent.state$.subscribe((v) => seen.push([s.now(), v]));
    s.runUntil(1);
    expect(seen.map(([t]) => t)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(seen.map(([, v]) => v)).toEqual([5, 5.25, 5.5, 5.75, 6]);
    expect(spy.calls.map((c) => c.dt)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(agent.value()).toBe(6);
    expect(agent.id).toBe('n1');
  });

  it('sums the latest contribution of every incident stream', () => {
    const s = new VirtualScheduler();
    const spy = spyDynamics(['contributions']);
    const c1 = new BehaviorSubject<Contribution>({ g: 1, i: 2 });
    const c2 = new BehaviorSubject<Contribution>({ g: 0.5, i: -1 });
    const c3 = new Subject<Contribution>(); // nothing yet: counts as zero
    nodeAgent(config(s, spy.dynamics, { contributions: [c1, c2, c3] }));
    s.runUntil(1);
    expect(spy.calls[0].input).toMatchObject({ g: 1.5, i: 1 });
    c1.next({ g: 3, i: 4 });
    c1.next({ g: 10, i: 20 }); // only the latest counts
    c3.next({ g: 0.25, i: 0.75 });
    s.runUntil(2);
    expect(spy.calls[1].input).toMatchObject({ g: 10.75, i: 19.75 });
  });

  it('passes the latest clamp beta and drive to the dynamics', () => {
    const s = new VirtualScheduler();
    const spy = spyDynamics(['contributions', 'clamp', 'drive']);
    const clamp = new BehaviorSubject(clampAt(0));
    const drive = new BehaviorSubject(0.3);
    nodeAgent(config(s, spy.dynamics, { contributions: [], clamp, drive }));
    s.runUntil(1);
    expect(spy.calls[0].input).toMatchObject({ beta: 0, drive: 0.3 });
    clamp.next(clampAt(0.7));
    drive.next(-2);
    s.runUntil(2);
    expect(spy.calls[1].input).toMatchObject({ beta: 0.7, drive: -2 });
  });

  it('inputs changed between ticks do not trigger a step: only its own clock does', () => {
    const s = new VirtualScheduler();
    const spy = spyDynamics(['contributions']);
    const c = new BehaviorSubject<Contribution>({ g: 1, i: 1 });
    nodeAgent(config(s, spy.dynamics, { contributions: [c], clock: { period: 1 } }));
    for (let k = 0; k < 10; k++) c.next({ g: k, i: k });
    expect(spy.calls).toHaveLength(0);
    s.runUntil(3.5);
    expect(spy.calls).toHaveLength(3);
  });

  it('with jitter, ticks are irregular but dt equals the time since the previous tick', () => {
    const s = new VirtualScheduler();
    const spy = spyDynamics([]);
    spy.bind(s);
    nodeAgent(config(s, spy.dynamics, { clock: { period: 0.1, jitter: 0.5, rng: new RandomSource(3).stream('n') } }));
    s.runUntil(5);
    const ts = spy.calls.map((c) => c.t);
    expect(ts.length).toBeGreaterThan(20);
    let prev = 0;
    for (const c of spy.calls) {
      expect(c.dt).toBeCloseTo(c.t - prev, 12);
      expect(c.dt).toBeGreaterThanOrEqual(0.05 - 1e-12);
      expect(c.dt).toBeLessThanOrEqual(0.15 + 1e-12);
      prev = c.t;
    }
    expect(new Set(spy.calls.map((c) => c.dt.toFixed(9))).size).toBeGreaterThan(5);
  });

  it('stop() ends ticking, unsubscribes its inputs and completes state$', () => {
    const s = new VirtualScheduler();
    const spy = spyDynamics(['contributions']);
    const c = new BehaviorSubject<Contribution>({ g: 1, i: 1 });
    const agent = nodeAgent(config(s, spy.dynamics, { contributions: [c] }));
    let completed = false;
    agent.state$.subscribe({ complete: () => (completed = true) });
    s.runUntil(2);
    agent.stop();
    expect(completed).toBe(true);
    expect(c.observed).toBe(false);
    s.runUntil(10);
    expect(spy.calls).toHaveLength(2);
  });
});

describe('nodeAgent: divergence', () => {
  it.each([NaN, Infinity, -Infinity])('a step producing %p throws DivergenceError naming the node and the time', (bad) => {
    const s = new VirtualScheduler();
    const spy = spyDynamics([], (v, _input, dt) => (v >= 2 ? bad : v + dt));
    const agent = nodeAgent(config(s, spy.dynamics, { id: 'hidden-7', clock: { period: 0.5 } }));
    let err: unknown;
    try {
      s.runUntil(10);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DivergenceError);
    const d = err as DivergenceError;
    expect(d.agent).toBe('node hidden-7');
    // v reaches 2 at t = 2; the step at t = 2.5 diverges.
    expect(d.time).toBe(2.5);
    expect(Object.is(d.value, bad)).toBe(true);
    expect(d.message).toBe(`agent node hidden-7 diverged at simulated time 2.5 (value ${bad})`);
    // The bad value is never published.
    expect(agent.value()).toBe(2);
  });
});
