import fc from 'fast-check';
import { of } from 'rxjs';
import { RandomSource, VirtualScheduler } from '../../src';
import { engineByName } from '../../src/engines/engine-by-name';
import { createRbm } from '../../src/substrates/rbm/rbm';
import { rbmSubstrate } from '../../src/substrates/rbm/rbm-substrate';
import { Layered, hopfieldCase, layeredArb } from '../support/hopfield-case';
import { AsyncTiming } from '../support/event-case';
import { runs } from '../support/property-runs';
import { slowRuleCases } from '../support/rule-cases';
import { BuildRun, ENGINES, atArb, checkResumes, snapshotTimingArb } from '../support/snapshot-case';

/**
 * The other substrates, on every engine: the layered Hopfield network (tick conduction: what a
 * synapse published on its last tick is state) and the RBM (stochastic units drawing from their
 * own substreams; visible units held at a fixed datum while clamped). Timescales of one period.
 */
const slowCases = slowRuleCases;
const SLOW_GRID = [5, 10, 15, 20, 25];

function hopfieldRun(engine: string, h: Layered, name: string, t: AsyncTiming): BuildRun {
  return () => {
    const c = slowCases().find((x) => x.name === name)!;
    const { sub, initial } = hopfieldCase(h);
    const scheduler = new VirtualScheduler();
    const run = engineByName(engine)(sub, { scheduler, random: new RandomSource(h.seed), protocol: c.protocol, ...t, rule: c.rule, ruleParams: c.params, modulator: c.modulator, initial });
    return { scheduler, engine: run };
  };
}

const rbmArb = fc.record({ nv: fc.integer({ min: 1, max: 5 }), nh: fc.integer({ min: 1, max: 4 }), seed: fc.nat(1e6) });

function rbmRun(engine: string, r: { nv: number; nh: number; seed: number }, name: string, t: AsyncTiming, batch = 1): BuildRun {
  return () => {
    const c = slowCases().find((x) => x.name === name)!;
    const random = new RandomSource(r.seed);
    const bits = random.stream('data');
    const data = Array.from({ length: batch }, () => Array.from({ length: r.nv }, () => (bits.uniform() < 0.5 ? 1 : 0)));
    const sub = rbmSubstrate(createRbm(r.nv, r.nh, random.stream('init'), 0.5));
    const scheduler = new VirtualScheduler();
    const run = engineByName(engine)(sub, {
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
    return { scheduler, engine: run };
  };
}

describe.each(ENGINES)('%s engine: snapshot, restore, continue bit for bit (Hopfield and RBM substrates)', (engine) => {
  const timing = snapshotTimingArb(engine, 1);
  it.each(slowCases().map((c) => c.name))('Hopfield (tick conduction), %s', (name) => {
    fc.assert(
      fc.property(layeredArb, timing, atArb, (h, t, at) => checkResumes(hopfieldRun(engine, h, name, t), SLOW_GRID, at)),
      { numRuns: runs(4) },
    );
  });

  it.each(slowCases().map((c) => c.name))('RBM (stochastic units), %s', (name) => {
    fc.assert(
      fc.property(rbmArb, timing, atArb, (r, t, at) => checkResumes(rbmRun(engine, r, name, t), SLOW_GRID, at)),
      { numRuns: runs(4) },
    );
  });
});

// A batch: every example's states, drives, published contributions and unit substreams ("#b").
describe('array engine: snapshot, restore, continue bit for bit (RBM, a batch of 3 examples)', () => {
  it.each(slowCases().map((c) => c.name))('%s', (name) => {
    fc.assert(
      fc.property(rbmArb, snapshotTimingArb('array', 1), atArb, (r, t, at) => checkResumes(rbmRun('array', r, name, t, 3), SLOW_GRID, at)),
      { numRuns: runs(3) },
    );
  });
});
