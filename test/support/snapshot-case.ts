import { spawn } from 'child_process';
import { RandomSource, VirtualScheduler, readResistorSpec, sawtooth, stochasticPhases, twoPhase } from '../../src';
import { Engine } from '../../src/engines/engine';
import { engineByName } from '../../src/engines/engine-by-name';
import { Snapshot } from '../../src/engines/snapshot/snapshot';
import { packF64 } from '../../src/engines/snapshot/f64-codec';
import { resistorSubstrate } from '../../src/substrates/resistor/resistor-substrate';
import { tsRequireHook } from './cli-process';
import fc from 'fast-check';
import { AsyncTiming, asyncTimingArb } from './event-case';
import { registeredRuleCases } from './rule-cases';

/** A run to snapshot: builds the same engine afresh on a fresh scheduler each time it is called. */
export type BuildRun = () => { scheduler: VirtualScheduler; engine: Engine };

/** States, weights and the event count at each time, run straight through. */
export function straight(build: BuildRun, times: number[]): Float64Array[] {
  const { scheduler, engine } = build();
  const out = sample(scheduler, engine, times);
  engine.stop();
  return out;
}

/**
 * Runs until `events` events have run (or `horizon`), snapshots there, and returns the snapshot
 * as JSON text, as a file or another process would get it, with the run's own account of that
 * instant (where), which a restored run must start from.
 */
export function snapshotAfter(build: BuildRun, events: number, horizon: number): { json: string; t: number; where: Float64Array[] } {
  const { scheduler, engine } = build();
  if (events > 0) scheduler.runUntil(horizon, () => scheduler.eventCount >= events);
  const json = JSON.stringify(engine.snapshot());
  const t = scheduler.now();
  const where = instant(scheduler, engine);
  engine.stop();
  return { json, t, where };
}

/**
 * Builds the run afresh, restores the snapshot (JSON text), then samples: first the instant it
 * restored (a restore that did nothing would start at time 0 with no event run, and would then
 * reproduce the straight run by running it again), then at each of `times`.
 */
export function resumed(build: BuildRun, json: string, times: number[]): Float64Array[] {
  const { scheduler, engine } = build();
  engine.restore(JSON.parse(json) as Snapshot);
  const out = [...instant(scheduler, engine), ...sample(scheduler, engine, times)];
  engine.stop();
  return out;
}

/** A resume check: the snapshot, the times to sample after it, what those samples must be. */
export interface ResumePlan {
  json: string;
  times: number[];
  /** The straight run's own account of the snapshot's instant, then its samples at `times`. */
  expected: Float64Array[];
  what: string;
}

/**
 * Runs straight through, sampling at each time of `grid`, then again to a fraction `at` of the
 * straight run's events to snapshot there: what a run resumed from that snapshot must give is the
 * straight run's instant and its samples at the grid's later times.
 */
export function planResume(build: BuildRun, grid: number[], at: number): ResumePlan {
  const whole = straight(build, grid);
  const events = Math.floor(at * whole[whole.length - 1][0]);
  const { json, t, where } = snapshotAfter(build, events, grid[grid.length - 1]);
  const after = grid.map((g, k) => [g, k] as const).filter(([g]) => g >= t);
  return { json, times: after.map(([g]) => g), expected: [...where, ...after.flatMap(([, k]) => whole.slice(3 * k, 3 * k + 3))], what: `snapshot after ${events} events (t = ${t})` };
}

/** Snapshot at a fraction `at` of the events, restore into a fresh build, run on: same bits. */
export function checkResumes(build: BuildRun, grid: number[], at: number): void {
  const p = planResume(build, grid, at);
  expectSameRun(p.expected, resumed(build, p.json, p.times), p.what);
}

/**
 * Two hops: snapshot at a fraction `at` of the events, restore, run on to fraction `then`,
 * snapshot the restored run, restore that into a third build: it must still follow the straight run.
 */
export function checkResumesTwice(build: BuildRun, grid: number[], at: number, then: number): void {
  const whole = straight(build, grid);
  const total = whole[whole.length - 1][0];
  const first = snapshotAfter(build, Math.floor(at * total), grid[grid.length - 1]);
  const { scheduler, engine } = build();
  engine.restore(JSON.parse(first.json) as Snapshot);
  const events = Math.max(scheduler.eventCount, Math.floor(then * total));
  scheduler.runUntil(grid[grid.length - 1], () => scheduler.eventCount >= events);
  const json = JSON.stringify(engine.snapshot());
  const t = scheduler.now();
  engine.stop();
  const after = grid.map((g, k) => [g, k] as const).filter(([g]) => g >= t);
  const got = resumed(build, json, after.map(([g]) => g)).slice(3);
  expectSameRun(after.flatMap(([, k]) => whole.slice(3 * k, 3 * k + 3)), got, `second snapshot after ${events} events (t = ${t})`);
}

function instant(scheduler: VirtualScheduler, engine: Engine): Float64Array[] {
  return [engine.states(), engine.weights(), Float64Array.of(scheduler.now(), scheduler.eventCount)];
}

function sample(scheduler: VirtualScheduler, engine: Engine, times: number[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const t of times) {
    scheduler.runUntil(t);
    out.push(engine.states(), engine.weights(), Float64Array.of(scheduler.eventCount));
  }
  return out;
}

/** Bit-for-bit equality of two runs' samples, the first difference named. */
export function expectSameRun(straightRun: Float64Array[], resumedRun: Float64Array[], what: string): void {
  if (straightRun.length !== resumedRun.length) throw new Error(`${what}: ${straightRun.length} samples against ${resumedRun.length}`);
  straightRun.forEach((arr, k) => {
    if (arr.length !== resumedRun[k].length) throw new Error(`${what}, sample ${k}: ${arr.length} entries against ${resumedRun[k].length}`);
    arr.forEach((x, i) => {
      if (!Object.is(x, resumedRun[k][i])) throw new Error(`${what}, sample ${k}, entry ${i}: straight ${x}, resumed ${resumedRun[k][i]}`);
    });
  });
}

/** The node period of the resistor cases. */
export const P = 0.02;

/** Where in a run to snapshot, as a fraction of its events (fc.double would favour 0 and 1). */
export const atArb = fc.integer({ min: 0, max: 999 }).map((k) => k / 1000);

/**
 * The timing each engine snapshots, on the scale of node period p: the array engine's synchronous
 * clocks (synapses at their own period, offsets); the event and reactive engines' every
 * asynchronous feature (rates, jitter, offsets, views of the endpoints and of the clock with
 * delays, sampling and drops).
 */
export function snapshotTimingArb(engine: string, p: number): fc.Arbitrary<AsyncTiming> {
  if (engine === 'array') {
    return fc.record(
      {
        timing: fc.record({ tau: fc.constant(3 * p), nodePeriod: fc.constant(p), synapsePeriod: fc.constantFrom(p, 2 * p, 0.7 * p), rateSpread: fc.constant(1), jitter: fc.constant(0) }),
        tickOffset: fc.double({ min: 0, max: p, noNaN: true }),
      },
      { requiredKeys: ['timing'] },
    );
  }
  return asyncTimingArb(p);
}

/** The engines, by name, that snapshot. */
export const ENGINES = ['array', 'event', 'reactive'];

/** Every registered rule and kernel with a protocol that moves it within a time unit (rule-cases.ts). */
export const resistorCases = () =>
  registeredRuleCases(
    {
      unmodulated: (kind) => (kind === 'tcl' ? sawtooth({ period: 0.5, rise: 0.1, amplitude: 2, levels: 4 }) : sawtooth({ period: 0.5, rise: 0.1, amplitude: 2, sampleDt: 0.013 })),
      phaseSigned: (b) => stochasticPhases({ b, beta: 2, length: { uniform: [0.1, 0.3] } }),
      twoPhase: () => twoPhase({ free: 0.17, clamped: 0.21, beta: 2 }),
    },
    { tcl: { lr: 0.5, theta: 1e-3 }, classic: { lr: 0.2 }, phaseSigned: { lr: 0.02 }, hebbian: { lr: 0.05 } },
  );

/**
 * A resistor network (raw spec) on the named engine with the named rule case: all plain data, so
 * another process builds the very same run.
 */
export function resistorRun(engine: string, raw: unknown, caseName: string, t: AsyncTiming, seed: number): BuildRun {
  const spec = readResistorSpec(raw);
  const build = engineByName(engine);
  return () => {
    // A fresh rule object per build, as a fresh process has (the Markov kernel caches by dt).
    const c = resistorCases().find((x) => x.name === caseName)!;
    const scheduler = new VirtualScheduler();
    const engine = build(resistorSubstrate(spec, { tau: t.timing.tau }), {
      scheduler,
      random: new RandomSource(seed),
      protocol: c.protocol,
      ...t,
      rule: c.rule,
      ruleParams: c.params,
      modulator: c.modulator,
    });
    return { scheduler, engine };
  };
}

/** What the other process gets: the run as data, the snapshot's JSON and the sampling times. */
export interface ResumeJob {
  engine: string;
  raw: unknown;
  caseName: string;
  timing: AsyncTiming;
  seed: number;
  json: string;
  times: number[];
}

/** Run in the other process: builds the run, restores, samples; the samples as packed bytes. */
export function resumeJob(job: ResumeJob): string[] {
  return resumed(resistorRun(job.engine, job.raw, job.caseName, job.timing, job.seed), job.json, job.times).map(packF64);
}

/**
 * resumeJob in a new node process (the TypeScript sources transpiled on load), the job on its
 * stdin, the packed samples back on its stdout: nothing of this process's state can leak in.
 */
export function resumeInProcess(job: ResumeJob): Promise<string[]> {
  const code = `${tsRequireHook()}
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const out = require(${JSON.stringify(__filename)}).resumeJob(JSON.parse(input));
  process.stdout.write(JSON.stringify(out));
});
`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`resume process exited with ${code}: ${err}`))));
    child.stdin.end(JSON.stringify(job));
  });
}
