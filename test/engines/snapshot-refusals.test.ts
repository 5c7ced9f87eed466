import { interval, map } from 'rxjs';
import { RandomSource, VirtualScheduler, clampClock, readResistorSpec, stochasticPhases, twoPhase } from '../../src';
import { Engine, EngineOptions } from '../../src/engines/engine';
import { engineByName } from '../../src/engines/engine-by-name';
import { Snapshot } from '../../src/engines/snapshot/snapshot';
import { resistorSubstrate } from '../../src/substrates/resistor/resistor-substrate';
import { readRule } from '../../src';
import { expectSpecError } from '../support/spec-error';

/**
 * A snapshot restores only into an engine built like the one that wrote it, and only where it
 * can describe the whole run: anything else is refused, naming what differs, rather than run on
 * from a state that does not belong to it.
 */
const net = (n: number) =>
  readResistorSpec({
    nodes: Array.from({ length: n }, (_, i) => `v${i}`),
    edges: Array.from({ length: n - 1 }, (_, i) => ({ a: `v${i}`, b: `v${i + 1}`, k: 1 + i / 10 })),
    ground: 'v0',
    inputs: [{ node: 'v1', v: 1 }],
    outputs: [{ node: `v${n - 1}`, target: 0.3 }],
  });
const timing = { tau: 0.06, nodePeriod: 0.02, synapsePeriod: 0.02, rateSpread: 1, jitter: 0 };
const hebbian = readRule({ kind: 'hebbian', lr: 0.05 }, { field: 'rule', phaseProbability: 0.4 });

// The event engine runs synchronous timing as array sweeps: jittered clocks keep it simulating events.
const timingOf = (engine: string) => (engine === 'event' ? { ...timing, jitter: 0.05 } : timing);

function build(engine: string, o: Partial<EngineOptions<unknown>> & { n?: number } = {}): { scheduler: VirtualScheduler; engine: Engine } {
  const scheduler = new VirtualScheduler();
  const { n, ...rest } = o;
  const e = engineByName(engine)(resistorSubstrate(net(n ?? 5), { tau: 0.06 }), {
    scheduler,
    random: new RandomSource(7),
    protocol: twoPhase({ free: 0.1, clamped: 0.1, beta: 1 }),
    timing: timingOf(engine),
    rule: hebbian.rule,
    ruleParams: hebbian.params,
    ...rest,
  });
  return { scheduler, engine: e };
}

function snapshotOf(engine: string, o: Partial<EngineOptions<unknown>> = {}): Snapshot {
  const { scheduler, engine: e } = build(engine, o);
  scheduler.runUntil(0.35);
  return JSON.parse(JSON.stringify(e.snapshot())) as Snapshot;
}

describe('snapshots that do not fit are refused, naming what differs', () => {
  it.each(['array', 'event', 'reactive'])('%s engine', (kind) => {
    const snap = snapshotOf(kind);
    const other = kind === 'array' ? 'event' : 'array';
    expectSpecError(() => build(other).engine.restore(snap), 'snapshot.engine');
    expectSpecError(() => build(kind).engine.restore({ ...snap, version: snap.version + 1 }), 'snapshot.version');
    expectSpecError(() => build(kind).engine.restore({ ...snap, format: 'x' } as unknown as Snapshot), 'snapshot.format');
    expectSpecError(() => build(kind, { n: 6 }).engine.restore(snap), 'snapshot.shape.nodes');
    expectSpecError(() => build(kind, { rule: undefined, ruleParams: undefined }).engine.restore(snap), 'snapshot.build.rule');
    expectSpecError(() => build(kind, { timing: { ...timingOf(kind), synapsePeriod: 0.03 } }).engine.restore(snap), 'snapshot.build.timing');
    expectSpecError(() => build(kind, { protocol: twoPhase({ free: 0.1, clamped: 0.2, beta: 1 }) }).engine.restore(snap), 'snapshot.build.protocol');
    const { scheduler, engine } = build(kind);
    scheduler.runUntil(0.1);
    expectSpecError(() => engine.restore(snap), 'restore');
    // Damaged parts are named too.
    expectSpecError(() => build(kind).engine.restore({ ...snap, scheduler: { ...snap.scheduler, pending: [{ action: 0, at: 'soon' } as never] } }), 'snapshot.scheduler.pending');
    expectSpecError(() => build(kind).engine.restore({ ...snap, scheduler: { ...snap.scheduler, restorables: snap.scheduler.restorables + 1 } }), 'snapshot.scheduler.restorables');
    expectSpecError(() => build(kind).engine.restore({ ...snap, arrays: { ...snap.arrays, [Object.keys(snap.arrays)[0]]: 'AAAA' } }), `snapshot.arrays.${Object.keys(snap.arrays)[0]}`);
  });
});

describe('runs a snapshot cannot describe are refused, saying why', () => {
  it.each(['array', 'event', 'reactive'])('%s engine: a clock passed in (its owner holds its substream)', (kind) => {
    const scheduler = new VirtualScheduler();
    const random = new RandomSource(7);
    const clock = clampClock(twoPhase({ free: 0.1, clamped: 0.1, beta: 1 }), { scheduler, rng: random.stream('clock') });
    const e = engineByName(kind)(resistorSubstrate(net(5), { tau: 0.06 }), { scheduler, random, clock, timing });
    expectSpecError(() => e.snapshot(), 'clock');
  });

  it.each(['array', 'event', 'reactive'])('%s engine: a clock passed in with its substream (clockStream) is snapshotted, and restores bit for bit', (kind) => {
    // The stochastic phases draw from the clock's substream: a restore that missed it would differ.
    const make = () => {
      const scheduler = new VirtualScheduler();
      const random = new RandomSource(7);
      const clockStream = random.stream('clock');
      const clock = clampClock(stochasticPhases({ b: 0.5, beta: 1, length: { geometric: 0.1, step: 0.02 } }), { scheduler, rng: clockStream });
      const e = engineByName(kind)(resistorSubstrate(net(5), { tau: 0.06 }), { scheduler, random, clock, clockStream, timing, rule: hebbian.rule, ruleParams: hebbian.params, modulator: hebbian.modulator });
      return { scheduler, e };
    };
    const whole = make();
    whole.scheduler.runUntil(0.37);
    const snap = JSON.parse(JSON.stringify(whole.e.snapshot())) as Snapshot;
    expect(Object.keys(snap.streams)).toContain('clock');
    whole.scheduler.runUntil(1.5);
    const again = make();
    again.e.restore(snap);
    again.scheduler.runUntil(1.5);
    expect(again.e.weights()).toEqual(whole.e.weights());
    expect(again.scheduler.eventCount).toBe(whole.scheduler.eventCount);
  });

  it.each(['array', 'event', 'reactive'])('%s engine: a drive with RxJS timers pending', (kind) => {
    const scheduler = new VirtualScheduler();
    const spec = net(5);
    const e = engineByName(kind)(resistorSubstrate(spec, { tau: 0.06 }), {
      scheduler,
      random: new RandomSource(7),
      timing,
      driveOf: (i) => (i === spec.sources[0] ? interval(0.05, scheduler).pipe(map((k) => k / 10)) : undefined),
    });
    scheduler.runUntil(0.12);
    expect(() => e.snapshot()).toThrow(/cannot describe/);
  });
});

describe('where in a run a snapshot may be taken', () => {
  it.each(['array', 'event', 'reactive'])('%s engine: not from inside an event; from a probe, yes, and it resumes bit for bit', (kind) => {
    const a = build(kind);
    // An ordinary event of the run (a callback of yours, as an agent's tick would be).
    let inside: unknown;
    a.scheduler.scheduleAt(() => {
      try {
        a.engine.snapshot();
      } catch (e) {
        inside = e;
      }
    }, 0.101);
    let json = '';
    const probe = a.engine.probe({ node: 2 }, { every: 7 }).subscribe((s) => {
      if (s.t > 0.2 && json === '') json = JSON.stringify(a.engine.snapshot());
    });
    a.scheduler.runUntil(0.5);
    expect(String(inside)).toMatch(/inside an event/);
    probe.unsubscribe();
    const straight = [a.engine.states(), a.engine.weights()];
    const b = build(kind);
    b.engine.restore(JSON.parse(json) as Snapshot);
    b.scheduler.runUntil(0.5);
    expect([b.engine.states(), b.engine.weights()]).toEqual(straight);
  });
});
