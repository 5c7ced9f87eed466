import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadCheckpoint, saveCheckpoint } from '../../../src/experiments/ep/checkpoint';
import { EpSpec, readEpSpec } from '../../../src/experiments/ep/ep-spec';
import { prepareEp } from '../../../src/experiments/ep/ep-train';
import * as path from 'path';
import { NodeWorker, nodeWorker } from '../../support/node-worker';
import type { OnlineTrace } from './ep-cases';
import { onlineProtocol } from '../../../src/experiments/ep/ep-online';
import { SpecError } from '../../../src/errors';

/**
 * EP learning online on the event engine (spec.engine "event"): the spec's fields, a resumed
 * run equal to the uninterrupted one bit for bit (asynchronous clocks, delays and faults), and
 * learning on real digits.
 */

/** A tiny online run with every irregularity on: asynchronous clocks, random delays, faults. */
const asyncRaw = {
  layers: [784, 5, 10],
  data: { train: 12, test: 8 },
  epochs: 2,
  freeSteps: 6,
  nudgedSteps: 3,
  rule: { kind: 'classic' },
  engine: 'event',
  timing: { rateSpread: 2, jitter: 0.3 },
  endpointView: { randomDelay: { min: 0, max: 0.02 } },
  faults: { dead: 0.1, stuck: 0.1, drop: 0.1 },
};
const asyncSpec = (): EpSpec => readEpSpec(asyncRaw);

describe('EP spec with engine "event"', () => {
  it('fills in the timing, sets batch 1 and the positive sign, and keeps the array engine\'s spec as it was', () => {
    const s = readEpSpec({ rule: { kind: 'classic' }, engine: 'event', data: { train: 100, test: 100 } });
    expect(s.engine).toBe('event');
    expect(s.timing).toEqual({ step: 0.01, rateSpread: 1, jitter: 0 });
    expect(s.batch).toBe(1);
    expect(s.betaSign).toBe('positive');
    // Online, every digit updates: a quarter of the authors' per-batch rates by default.
    expect(s.lr).toEqual([0.025, 0.0125]);
    const a = readEpSpec({ rule: { kind: 'classic' }, data: { train: 100, test: 100 } });
    expect('engine' in a || 'timing' in a || 'faults' in a).toBe(false);
    expect(a.lr).toEqual([0.1, 0.05]);
  });

  it.each([
    ['timing', { timing: { jitter: 0.1 } }],
    ['faults', { faults: { dead: 0.1 } }],
    ['endpointView', { endpointView: { delay: 0.01 } }],
    ['batch', { engine: 'event', batch: 20 }],
    ['betaSign', { engine: 'event', betaSign: 'random' }],
    ['timing.step', { engine: 'event', timing: { step: 0 } }],
    ['timing.rateSpread', { engine: 'event', timing: { rateSpread: 0.5 } }],
    ['engine', { engine: 'reactive' }],
  ])('refuses %s, naming it', (field, extra) => {
    let err: unknown;
    try {
      readEpSpec({ rule: { kind: 'classic' }, data: { train: 100, test: 100 }, ...extra });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).field).toBe(field);
  });

  it('estimates the time from the events: the full network online with asynchronous clocks is refused before any work, synchronous it is not', () => {
    // 20 epochs x 8,000 digits x 24 steps x (397,510 synapses + 1,295 units) x rate factor: about 1.6e12 events.
    expect(() => readEpSpec({ rule: { kind: 'classic' }, engine: 'event', timing: { jitter: 0.3 } })).toThrow(/^epochs: expected a run of at most a day .* estimated at [\d.]+ hours/);
    expect(() => readEpSpec({ rule: { kind: 'classic' }, engine: 'event' })).not.toThrow();
  });

  it('reads the same in the one format, the clocks and the endpoint view under timing', () => {
    const one = readEpSpec({
      substrate: { kind: 'hopfield', layers: [784, 5, 10] },
      task: { kind: 'mnist', train: 12, test: 8 },
      protocol: { kind: 'twoPhase', beta: 0.5 },
      rule: { kind: 'classic' },
      engine: 'event',
      timing: { eps: 0.5, freeSteps: 6, nudgedSteps: 3, rateSpread: 2, jitter: 0.3, endpointView: { randomDelay: { min: 0, max: 0.02 } } },
      faults: { dead: 0.1, stuck: 0.1, drop: 0.1 },
      budget: { epochs: 2 },
    });
    expect(one).toEqual(asyncSpec());
  });

  it('shows each digit for one cycle: the two-phase cycle, or the sawtooth after a free lead', () => {
    const classic = onlineProtocol(readEpSpec({ rule: { kind: 'classic' }, engine: 'event', data: { train: 10, test: 10 } }));
    expect(classic.steps).toBe(24);
    expect(classic.protocol.period).toBeCloseTo(0.24, 12);
    const tcl = onlineProtocol(readEpSpec({ rule: { kind: 'tcl' }, engine: 'event', data: { train: 10, test: 10 } }));
    // 20 free steps, then the period 2 at 0.01 per step.
    expect(tcl.steps).toBe(220);
    expect(tcl.protocol.period).toBeCloseTo(2.2, 12);
  });
});

const cases = path.join(__dirname, 'ep-cases.ts');
let worker: NodeWorker;
beforeAll(() => (worker = nodeWorker()));
afterAll(() => worker.close());

describe('EP learning online on the event engine', () => {
  it('a run resumed from its checkpoint equals the uninterrupted run, bit for bit (asynchronous, delays, faults)', async () => {
    const [a, b] = await Promise.all([worker.call<OnlineTrace>(cases, 'onlineRun', asyncRaw), worker.call<OnlineTrace>(cases, 'onlineRun', asyncRaw, 1)]);
    expect(b.rows).toEqual(a.rows);
    // Passed through JSON, doubles keep every bit (and none is NaN or infinite here).
    expect(b.weights).toEqual(a.weights);
    // The weights moved, and the engine did work in each epoch.
    const moved = Math.max(...a.weights[1].map((w, k) => Math.abs(w - a.initialWeights[1][k])));
    expect(moved).toBeGreaterThan(1e-4);
    expect(a.rows[2].events!).toBeGreaterThan(a.rows[1].events!);
  });

  it('refuses a checkpoint of the other engine, naming the file', () => {
    const spec = asyncSpec();
    const dir = mkdtempSync(join(tmpdir(), 'phl-ep-online-'));
    try {
      const arraySpec = readEpSpec({ layers: [784, 5, 10], data: { train: 12, test: 8 }, epochs: 2, batch: 4, rule: { kind: 'classic' } });
      const job = prepareEp(arraySpec);
      job.initial();
      saveCheckpoint(dir, job.state());
      expect(() => loadCheckpoint(dir, spec)).toThrow(/engine event; it was written by a run on the array engine/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The array engine's small run (small-run.test.ts) on the event engine, online: 784-32-10, 500
  // training and 500 held-out digits, 3 epochs, synchronous clocks (15% measured for seed 1 at the default online rates).
  it('classic EP learns online from real digits: below 50% test error after 3 epochs', async () => {
    const raw = { layers: [784, 32, 10], data: { train: 500, test: 500 }, epochs: 3, rule: { kind: 'classic' }, engine: 'event', seed: 2 };
    const { rows } = await worker.call<OnlineTrace>(cases, 'onlineRun', raw);
    expect(rows[0].testError).toBeGreaterThan(0.8);
    expect(rows[3].testError).toBeLessThan(0.5);
    expect(rows[3].testError).toBeLessThan(rows[1].testError);
  });
});
