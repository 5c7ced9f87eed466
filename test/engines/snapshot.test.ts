import fc from 'fast-check';
import { RandomSource, VirtualScheduler, readResistorSpec, sawtooth, stochasticPhases, twoPhase } from '../../src';
import * as arbitraries from '../../src/arbitraries';
import { arrayEngine } from '../../src/engines/array-engine';
import { eventEngine } from '../../src/engines/event/event-engine';
import { reactiveEngine } from '../../src/engines/reactive-engine';
import { resistorSubstrate } from '../../src/resistor/resistor-substrate';
import { hopfieldSubstrate } from '../../src/hopfield/hopfield-substrate';
import { createRbm } from '../../src/rbm/rbm';
import { rbmSubstrate } from '../../src/rbm/rbm-substrate';
import { of } from 'rxjs';
import { Layered, layeredArb } from '../support/hopfield-case';
import { AsyncTiming, Build, asyncTimingArb } from '../support/event-case';
import { runs } from '../support/property-runs';
import { RuleCase, registeredRuleCases } from '../support/rule-cases';
import { BuildRun, P, checkResumes, resistorCases, resistorRun } from '../support/snapshot-case';

/**
 * Snapshot at a random event, JSON round trip, restore into a freshly built engine, run on: the
 * states, weights and event counts must equal those of the uninterrupted run, bit for bit. On
 * random resistor networks with every registered rule and kernel (rule-cases.ts), on every engine,
 * with the timing each engine runs (synchronous for the array engine; rates, jitter, offsets and,
 * on the event engine, delayed, sampled and lossy endpoint views).
 */
const cases = resistorCases();
const GRID = [0.2, 0.4, 0.6, 0.8, 1];

// Where in the run to snapshot, as a fraction of its events (fc.double would favour 0 and 1).
const atArb = fc.integer({ min: 0, max: 999 }).map((k) => k / 1000);

const syncTimingArb: fc.Arbitrary<AsyncTiming> = fc.record(
  {
    timing: fc.record({
      tau: fc.constant(3 * P),
      nodePeriod: fc.constant(P),
      synapsePeriod: fc.constantFrom(P, 2 * P, 0.7 * P),
      rateSpread: fc.constant(1),
      jitter: fc.constant(0),
    }),
    tickOffset: fc.double({ min: 0, max: P, noNaN: true }),
  },
  { requiredKeys: ['timing'] },
);

describe('array engine: snapshot, restore, continue bit for bit (resistor networks)', () => {
  it.each(cases)('$name', (c) => {
    fc.assert(
      fc.property(arbitraries.resistorSpecArb({ maxNodes: 10 }), fc.nat(1e6), syncTimingArb, atArb, (raw, seed, t, at) => {
        checkResumes(resistorRun('array', raw, c.name, t, seed), GRID, at);
      }),
      { numRuns: runs(10) },
    );
  });
});

// Every timing feature of the event engine but the clock view (an RxJS pipeline: not covered).
const eventTimingArb = asyncTimingArb(P).map(({ clockView: _, ...t }) => t);

describe('event engine: snapshot, restore, continue bit for bit (resistor networks, asynchronous timing)', () => {
  it.each(cases)('$name', (c) => {
    fc.assert(
      fc.property(arbitraries.resistorSpecArb({ maxNodes: 10 }), fc.nat(1e6), eventTimingArb, atArb, (raw, seed, t, at) => {
        checkResumes(resistorRun('event', raw, c.name, t, seed), GRID, at);
      }),
      { numRuns: runs(10) },
    );
  });
});

// The reactive engine's timing without views (RxJS pipelines: not covered), with a clock view never.
const reactiveTimingArb = asyncTimingArb(P).map(({ clockView: _c, endpointView: _e, ...t }) => t);

describe('reactive engine: snapshot, restore, continue bit for bit (resistor networks, asynchronous timing)', () => {
  it.each(cases)('$name', (c) => {
    fc.assert(
      fc.property(arbitraries.resistorSpecArb({ maxNodes: 10 }), fc.nat(1e6), reactiveTimingArb, atArb, (raw, seed, t, at) => {
        checkResumes(resistorRun('reactive', raw, c.name, t, seed), GRID, at);
      }),
      { numRuns: runs(10) },
    );
  });
});

/**
 * The other substrates, on every engine: the layered Hopfield network (tick conduction: what a
 * synapse published on its last tick is state) and the RBM (stochastic units drawing from their
 * own substreams; visible units held at a fixed datum while clamped). Timescales of one period.
 */
const slowCases = () =>
  registeredRuleCases(
    {
      unmodulated: () => sawtooth({ period: 7.3, rise: 0.2, amplitude: 0.8, levels: 4 }),
      phaseSigned: (b) => stochasticPhases({ b, beta: 0.8, length: { uniform: [2.1, 5.3] } }),
      twoPhase: () => twoPhase({ free: 6.3, clamped: 4.1, beta: 0.8 }),
    },
    { tcl: { lr: 0.5, theta: 1e-3 }, classic: { lr: 0.2 }, phaseSigned: { lr: 0.05 }, hebbian: { lr: 0.05 } },
  );
const SLOW_GRID = [5, 10, 15, 20, 25];

function hopfieldRun(build: Build, h: Layered, name: string, t: AsyncTiming): BuildRun {
  return () => {
    const c = slowCases().find((x) => x.name === name)!;
    const sub = hopfieldSubstrate(h.net, { x: h.x, label: h.label }, { eps: h.eps, sign: h.sign });
    const initial = new Float64Array(sub.ids.length);
    h.net.sizes.forEach((n, l) => {
      for (let j = 0; j < n; j++) initial[sub.layout.node(l, j)] = l === 0 ? h.x[j] : h.initial[l][j];
    });
    initial[sub.layout.one] = 1;
    const scheduler = new VirtualScheduler();
    const engine = build(sub, { scheduler, random: new RandomSource(h.seed), protocol: c.protocol, ...t, rule: c.rule, ruleParams: c.params, modulator: c.modulator, initial });
    return { scheduler, engine };
  };
}

const rbmArb = fc.record({ nv: fc.integer({ min: 1, max: 5 }), nh: fc.integer({ min: 1, max: 4 }), seed: fc.nat(1e6) });

function rbmRun(build: Build, r: { nv: number; nh: number; seed: number }, name: string, t: AsyncTiming, batch = 1): BuildRun {
  return () => {
    const c = slowCases().find((x) => x.name === name)!;
    const random = new RandomSource(r.seed);
    const bits = random.stream('data');
    const data = Array.from({ length: batch }, () => Array.from({ length: r.nv }, () => (bits.uniform() < 0.5 ? 1 : 0)));
    const sub = rbmSubstrate(createRbm(r.nv, r.nh, random.stream('init'), 0.5));
    const scheduler = new VirtualScheduler();
    const engine = build(sub, {
      scheduler,
      random,
      protocol: c.protocol,
      ...t,
      rule: c.rule,
      ruleParams: c.params,
      modulator: c.modulator,
      driveOf: (k, b) => (k === sub.layout.one ? undefined : of(data[b][k - r.nh])),
      ...(batch > 1 ? { batch } : {}),
    });
    return { scheduler, engine };
  };
}

const slowSync: fc.Arbitrary<AsyncTiming> = fc.record({
  timing: fc.record({ tau: fc.constant(1), nodePeriod: fc.constant(1), synapsePeriod: fc.constantFrom(1, 2, 0.7), rateSpread: fc.constant(1), jitter: fc.constant(0) }),
});
const engines: [string, Build, fc.Arbitrary<AsyncTiming>][] = [
  ['array', arrayEngine, slowSync],
  ['event', eventEngine, asyncTimingArb(1).map(({ clockView: _, ...t }) => t)],
  ['reactive', reactiveEngine, asyncTimingArb(1).map(({ clockView: _c, endpointView: _e, ...t }) => t)],
];

describe.each(engines)('%s engine: snapshot, restore, continue bit for bit (Hopfield and RBM substrates)', (_, build, timing) => {
  it.each(slowCases().map((c) => c.name))('Hopfield (tick conduction), %s', (name) => {
    fc.assert(
      fc.property(layeredArb, timing, atArb, (h, t, at) => checkResumes(hopfieldRun(build, h, name, t), SLOW_GRID, at)),
      { numRuns: runs(4) },
    );
  });

  it.each(slowCases().map((c) => c.name))('RBM (stochastic units), %s', (name) => {
    fc.assert(
      fc.property(rbmArb, timing, atArb, (r, t, at) => checkResumes(rbmRun(build, r, name, t), SLOW_GRID, at)),
      { numRuns: runs(4) },
    );
  });
});

// A batch: every example's states, drives, published contributions and unit substreams ("#b").
describe('array engine: snapshot, restore, continue bit for bit (RBM, a batch of 3 examples)', () => {
  it.each(slowCases().map((c) => c.name))('%s', (name) => {
    fc.assert(
      fc.property(rbmArb, slowSync, atArb, (r, t, at) => checkResumes(rbmRun(arrayEngine, r, name, t, 3), SLOW_GRID, at)),
      { numRuns: runs(3) },
    );
  });
});
