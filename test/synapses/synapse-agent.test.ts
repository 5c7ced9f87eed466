import { BehaviorSubject, Subject } from 'rxjs';
import { DivergenceError } from '../../src/errors';
import { Contribution } from '../../src/nodes/node-dynamics';
import { resistorCoupling } from '../../src/substrates/resistor/resistor-physics';
import { RandomSource } from '../../src/scheduler/random';
import { VirtualScheduler } from '../../src/scheduler/virtual-scheduler';
import { synapseAgent, SynapseAgentConfig } from '../../src/synapses/synapse-agent';
import { SynapseRule, fixedWeight } from '../../src/synapses/synapse-rule';

/** w <- w - lr * s * dt (+ lr * m * dt if it reads a modulator); second state entry counts steps. */
function gradientRule(withModulator: boolean): SynapseRule<{ lr: number }> {
  return {
    name: withModulator ? 'modulated' : 'descent',
    reads: withModulator ? ['endpoints', 'modulator'] : ['endpoints'],
    stateSize: 2,
    init: (x, o, w0) => {
      x[o] = w0;
      x[o + 1] = 0;
    },
    step: (x, o, s, m, dt, p) => {
      x[o] -= p.lr * s * dt - p.lr * m * dt;
      x[o + 1] += 1;
    },
  };
}

function base<P>(s: VirtualScheduler, rule: SynapseRule<P>, params: P, extra: Partial<SynapseAgentConfig<P>> = {}): SynapseAgentConfig<P> {
  return {
    id: 'a-b#0',
    coupling: resistorCoupling,
    rule,
    params,
    w0: 3,
    scheduler: s,
    clock: { period: 1 },
    a$: new BehaviorSubject(2),
    b$: new BehaviorSubject(0.5),
    ...extra,
  };
}

describe('synapseAgent: declared streams', () => {
  it('rejects a modulator the rule does not declare', () => {
    const s = new VirtualScheduler();
    expect(() => synapseAgent(base(s, fixedWeight, {}, { modulator$: new BehaviorSubject(1) }))).toThrow(
      'synapse a-b#0: rule fixed does not declare modulator, so it may not receive it',
    );
  });

  it('rejects a missing modulator the rule declares', () => {
    const s = new VirtualScheduler();
    expect(() => synapseAgent(base(s, gradientRule(true), { lr: 1 }))).toThrow(
      'synapse a-b#0: rule modulated reads modulator but no modulator stream was given',
    );
  });

  it('rejects endpoint streams without a current value', () => {
    const s = new VirtualScheduler();
    expect(() => synapseAgent(base(s, fixedWeight, {}, { a$: new Subject<number>() }))).toThrow(/endpoint streams must carry a current value/);
    expect(() => synapseAgent(base(s, fixedWeight, {}, { b$: new Subject<number>() }))).toThrow(/endpoint streams must carry a current value/);
  });
});

describe('synapseAgent: publishing', () => {
  it('delivers its contributions on subscribe, before any tick', () => {
    const s = new VirtualScheduler();
    const syn = synapseAgent(base(s, fixedWeight, {}));
    const a: Contribution[] = [];
    const b: Contribution[] = [];
    syn.toA$.subscribe((c) => a.push(c));
    syn.toB$.subscribe((c) => b.push(c));
    // w = 3, Va = 2, Vb = 0.5: toA = (3, 3 * 0.5), toB = (3, 3 * 2).
    expect(a).toEqual([{ g: 3, i: 1.5 }]);
    expect(b).toEqual([{ g: 3, i: 6 }]);
  });

  it('learns once per tick from the latest endpoint values; conducts at every endpoint change', () => {
    const s = new VirtualScheduler();
    const va = new BehaviorSubject(2);
    const vb = new BehaviorSubject(0.5);
    const syn = synapseAgent(base(s, fixedWeight, {}, { a$: va, b$: vb }));
    const log: string[] = [];
    const w: number[] = [];
    const sig: number[] = [];
    const a: Contribution[] = [];
    const b: Contribution[] = [];
    syn.weight$.subscribe((x) => (w.push(x), log.push(`w@${s.now()}`)));
    syn.signal$.subscribe((x) => (sig.push(x), log.push(`s@${s.now()}`)));
    syn.toA$.subscribe((c) => a.push(c));
    syn.toB$.subscribe((c) => b.push(c));
    s.runUntil(2.5);
    expect(w).toEqual([3, 3]);
    expect(sig).toEqual([2.25, 2.25]); // (2 - 0.5)^2
    expect(a).toHaveLength(3); // on subscribe, then after each tick
    expect(b).toHaveLength(3);
    // Conduction follows the endpoints at once, between ticks: toA = (w, w Vb), toB = (w, w Va).
    va.next(1);
    expect(a.slice(3)).toEqual([{ g: 3, i: 1.5 }]);
    expect(b.slice(3)).toEqual([{ g: 3, i: 3 }]);
    vb.next(-1);
    va.next(0);
    expect(a.slice(3)).toEqual([{ g: 3, i: 1.5 }, { g: 3, i: -3 }, { g: 3, i: -3 }]);
    expect(b.slice(3)).toEqual([{ g: 3, i: 3 }, { g: 3, i: 3 }, { g: 3, i: 0 }]);
    // An unchanged state (a held source republishing) costs nothing.
    va.next(0);
    expect(a).toHaveLength(6);
    s.runUntil(3);
    expect(sig[2]).toBe(1); // (0 - (-1))^2: the rule reads only the latest values
    expect(a[6]).toEqual({ g: 3, i: -3 });
    expect(b[6]).toEqual({ g: 3, i: 0 });
    expect(log).toEqual(['s@1', 'w@1', 's@2', 'w@2', 's@3', 'w@3']);
  });

  it("conduction 'tick' publishes only on the synapse's own ticks (a synchronous map)", () => {
    const s = new VirtualScheduler();
    const va = new BehaviorSubject(2);
    const syn = synapseAgent(base(s, fixedWeight, {}, { a$: va, conduction: 'tick' }));
    const b: Contribution[] = [];
    syn.toB$.subscribe((c) => b.push(c));
    va.next(1);
    va.next(4);
    expect(b).toEqual([{ g: 3, i: 6 }]);
    s.runUntil(1);
    expect(b).toEqual([{ g: 3, i: 6 }, { g: 3, i: 12 }]);
  });

  it('the rule senses its endpoints through senseA$ / senseB$; conduction follows the true states', () => {
    const s = new VirtualScheduler();
    const va = new BehaviorSubject(2);
    const seenA = new BehaviorSubject(10); // e.g. a late view of a
    const syn = synapseAgent(base(s, fixedWeight, {}, { a$: va, senseA$: seenA }));
    const sig: number[] = [];
    const b: Contribution[] = [];
    syn.signal$.subscribe((x) => sig.push(x));
    syn.toB$.subscribe((c) => b.push(c));
    s.runUntil(1);
    expect(sig).toEqual([(10 - 0.5) ** 2]);
    expect(b[b.length - 1]).toEqual({ g: 3, i: 6 });
    expect(() => synapseAgent(base(s, fixedWeight, {}, { senseB$: new Subject<number>() }))).toThrow(/endpoint streams must carry a current value/);
  });

  it('runs its rule with the local signal and dt: w_{n+1} = w_n - lr s dt', () => {
    const s = new VirtualScheduler();
    const syn = synapseAgent(base(s, gradientRule(false), { lr: 0.1 }, { clock: { period: 0.5 } }));
    const w: number[] = [];
    syn.weight$.subscribe((x) => w.push(x));
    s.runUntil(2);
    // s = 2.25 every tick, dt = 0.5: each step removes 0.1125.
    const expected = [1, 2, 3, 4].map((n) => 3 - n * 0.1125);
    w.forEach((x, n) => expect(x).toBeCloseTo(expected[n], 14));
    expect(syn.weight()).toBeCloseTo(2.55, 14);
    expect(Array.from(syn.ruleState())).toEqual([syn.weight(), 4]);
    // ruleState is a copy.
    syn.ruleState()[0] = 99;
    expect(syn.weight()).not.toBe(99);
    // The contributions follow the learned weight.
    let last: Contribution | undefined;
    syn.toA$.subscribe((c) => (last = c));
    expect(last!.g).toBeCloseTo(2.55, 14);
    expect(last!.i).toBeCloseTo(2.55 * 0.5, 14);
  });

  it('a rule declaring a modulator reads its latest value', () => {
    const s = new VirtualScheduler();
    const mod = new BehaviorSubject(0);
    const syn = synapseAgent(base(s, gradientRule(true), { lr: 1 }, { modulator$: mod, a$: new BehaviorSubject(1), b$: new BehaviorSubject(1) }));
    s.runUntil(1);
    expect(syn.weight()).toBe(3); // s = 0, m = 0
    mod.next(0.25);
    s.runUntil(2);
    expect(syn.weight()).toBe(3.25);
  });

  it('locality: identical endpoint streams and clock give an identical trajectory', () => {
    const run = (noise: number) => {
      const s = new VirtualScheduler();
      // Unrelated activity on the same scheduler must not change the synapse.
      for (let k = 0; k < noise; k++) s.schedule(function () { this.schedule(undefined, 0.37 + k * 0.01); }, 0.1 * k);
      const va = new BehaviorSubject(0.9);
      const vb = new BehaviorSubject(-0.3);
      s.schedule(function (state?: number) {
        va.next(Math.sin(state!));
        vb.next(Math.cos(state!));
        this.schedule(state! + 1, 0.3);
      }, 0.3, 1);
      const syn = synapseAgent(base(s, gradientRule(false), { lr: 0.05 }, { a$: va, b$: vb, clock: { period: 0.2, jitter: 0.4, rng: new RandomSource(9).stream('edge') } }));
      const w: number[] = [];
      syn.weight$.subscribe((x) => w.push(x));
      s.runUntil(20);
      return w;
    };
    const quiet = run(0);
    expect(quiet.length).toBeGreaterThan(50);
    expect(run(5)).toEqual(quiet);
  });

  it('stop() completes every stream and ends ticking', () => {
    const s = new VirtualScheduler();
    const syn = synapseAgent(base(s, fixedWeight, {}));
    const done: string[] = [];
    syn.weight$.subscribe({ complete: () => done.push('w') });
    syn.signal$.subscribe({ complete: () => done.push('s') });
    syn.toA$.subscribe({ complete: () => done.push('a') });
    syn.toB$.subscribe({ complete: () => done.push('b') });
    let ticks = 0;
    syn.signal$.subscribe(() => ticks++);
    s.runUntil(1);
    syn.stop();
    s.runUntil(5);
    expect(done.sort()).toEqual(['a', 'b', 's', 'w']);
    expect(ticks).toBe(1);
  });
});

describe('synapseAgent: divergence', () => {
  it.each([NaN, Infinity])('a weight of %p throws DivergenceError naming the synapse and the time', (bad) => {
    const s = new VirtualScheduler();
    const rule: SynapseRule<Record<string, never>> = {
      name: 'blowup',
      reads: ['endpoints'],
      stateSize: 1,
      init: (x, o, w0) => (x[o] = w0),
      step: (x, o) => (x[o] = x[o] >= 4 ? bad : x[o] + 1),
    };
    const syn = synapseAgent(base(s, rule, {}, { clock: { period: 0.5 } }));
    const published: number[] = [];
    syn.weight$.subscribe((w) => published.push(w));
    let err: unknown;
    try {
      s.runUntil(10);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DivergenceError);
    expect((err as DivergenceError).agent).toBe('synapse a-b#0');
    // 3 -> 4 at t = 0.5, diverges at t = 1.
    expect((err as DivergenceError).time).toBe(1);
    expect((err as DivergenceError).message).toMatch(/^agent synapse a-b#0 diverged at simulated time 1 /);
    expect(published).toEqual([4]);
  });
});
