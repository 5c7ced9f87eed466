import fc from 'fast-check';
import { readRule, sawtooth } from '../../src';
import { ProbeOptions, ProbeSample, ProbeTarget } from '../../src/engines/probe';
import { Layered, hopfieldRun, layeredArb } from '../support/hopfield-case';
import { runs } from '../support/property-runs';

/** A learning rule with several state slots, so slot probes have something to watch. */
const tcl = readRule({ kind: 'tcl', lr: 0.5, theta: 1e-3 }, { field: 'rule', phaseProbability: 0.5 });
const protocol = sawtooth({ period: 7.3, rise: 0.2, amplitude: 0.8, levels: 4 });
const runOpts = { protocol, rule: tcl.rule, params: tcl.params };

const probeArb = fc.record({
  h: layeredArb,
  kind: fc.constantFrom<'node' | 'weight' | 'slot'>('node', 'weight', 'slot'),
  pick: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  slot: fc.nat(),
  when: fc.oneof(fc.record({ every: fc.integer({ min: 1, max: 4 }) }), fc.constant({ onChange: true } as ProbeOptions)),
});

function targetOf(h: Layered, kind: 'node' | 'weight' | 'slot', pick: number, slot: number): ProbeTarget {
  const { run, stop } = hopfieldRun('array', h, runOpts);
  const n = run.states().length;
  const m = run.weights().length;
  stop();
  if (kind === 'node') return { node: Math.floor(pick * n) };
  return { synapse: Math.floor(pick * m), slot: kind === 'weight' ? 0 : slot % tcl.rule.stateSize };
}

function probed(engine: 'reactive' | 'array', h: Layered, target: ProbeTarget, when: ProbeOptions, until: number): ProbeSample[] {
  const { scheduler, run, stop } = hopfieldRun(engine, h, runOpts);
  const out: ProbeSample[] = [];
  const sub = run.probe(target, when).subscribe((s) => out.push(s));
  scheduler.runUntil(until);
  sub.unsubscribe();
  stop();
  return out;
}

describe('probes', () => {
  it('give the same samples on both engines under synchronous timing', () => {
    fc.assert(
      fc.property(probeArb, ({ h, kind, pick, slot, when }) => {
        const target = targetOf(h, kind, pick, slot);
        const a = probed('reactive', h, target, when, 30.5);
        const b = probed('array', h, target, when, 30.5);
        expect(b.map((s) => s.t)).toEqual(a.map((s) => s.t));
        a.forEach((s, k) => {
          // Some rule slots hold NaN until first set (no previous value): then both must.
          if (Number.isNaN(s.value)) expect(b[k].value).toBeNaN();
          else expect(Math.abs(s.value - b[k].value)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(s.value)));
        });
        if (when.every !== undefined) expect(a.length).toBe(1 + Math.floor(30 / when.every));
      }),
      { numRuns: runs(30) },
    );
  });

  it.each(['reactive', 'array'] as const)('%s: a periodic probe sees its instant after every agent, a change probe every change (checked by stepping event by event)', (engine) => {
    fc.assert(
      fc.property(probeArb, ({ h, kind, pick, slot }) => {
        const target = targetOf(h, kind, pick, slot);
        // Independent record: the value after every single event, read directly.
        const { scheduler, run, stop } = hopfieldRun(engine, h, runOpts);
        const every = 3;
        const periodic: ProbeSample[] = [];
        const changes: ProbeSample[] = [];
        const s1 = run.probe(target, { every }).subscribe((s) => periodic.push(s));
        const s2 = run.probe(target, { onChange: true }).subscribe((s) => changes.push(s));
        const polled: ProbeSample[] = [{ t: 0, value: run.read(target) }];
        while (scheduler.step(20.5)) polled.push({ t: scheduler.now(), value: run.read(target) });
        s1.unsubscribe();
        s2.unsubscribe();
        stop();
        const endOf = (t: number) => polled.filter((p) => p.t <= t).pop()!.value;
        expect(periodic.map((p) => p.t)).toEqual([0, 3, 6, 9, 12, 15, 18]);
        periodic.forEach((p) => expect(p.value).toBe(endOf(p.t)));
        const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
        const expected = polled.filter((p, k) => k === 0 || !same(p.value, polled[k - 1].value));
        expect(changes).toEqual(expected);
      }),
      { numRuns: runs(10) },
    );
  });

  it('do not change the event count a run reports', () => {
    const h = fc.sample(layeredArb, { seed: 3, numRuns: 1 })[0];
    const count = (probe: boolean) => {
      const { scheduler, run, stop } = hopfieldRun('reactive', h, runOpts);
      if (probe) run.probe({ node: 0 }, { every: 1 }).subscribe();
      scheduler.runUntil(10.5);
      stop();
      return scheduler.eventCount;
    };
    expect(count(true)).toBe(count(false));
  });

  it.each(['reactive', 'array'] as const)('%s: a target outside the network or a bad schedule is refused, naming it', (engine) => {
    const h = fc.sample(layeredArb, { seed: 5, numRuns: 1 })[0];
    const { run, stop } = hopfieldRun(engine, h, runOpts);
    const n = run.states().length;
    const m = run.weights().length;
    expect(() => run.probe({ node: n })).toThrow(`probe: node must be an integer in [0, ${n}), got ${n}`);
    expect(() => run.probe({ node: -1 })).toThrow('probe: node');
    expect(() => run.read({ synapse: m })).toThrow(`probe: synapse must be an integer in [0, ${m}), got ${m}`);
    expect(() => run.probe({ synapse: 0, slot: tcl.rule.stateSize })).toThrow("(the rule's state size)");
    expect(() => run.probe({ node: 0 }, { every: 0 })).toThrow('probe: every must be an integer >= 1');
    expect(() => run.probe({ node: 0 }, { every: 2, onChange: true })).toThrow('either every or onChange');
    stop();
  });
});
