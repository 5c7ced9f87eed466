import { VirtualScheduler } from '../../src/scheduler/virtual-scheduler';
import { Engine } from '../../src/engines/engine';
import { Snapshot } from '../../src/engines/snapshot/snapshot';

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
 * as JSON text, as a file or another process would get it.
 */
export function snapshotAfter(build: BuildRun, events: number, horizon: number): { json: string; t: number } {
  const { scheduler, engine } = build();
  if (events > 0) scheduler.runUntil(horizon, () => scheduler.eventCount >= events);
  const json = JSON.stringify(engine.snapshot());
  const t = scheduler.now();
  engine.stop();
  return { json, t };
}

/** Builds the run afresh, restores the snapshot (JSON text) and samples at `times`. */
export function resumed(build: BuildRun, json: string, times: number[]): Float64Array[] {
  const { scheduler, engine } = build();
  engine.restore(JSON.parse(json) as Snapshot);
  const out = sample(scheduler, engine, times);
  engine.stop();
  return out;
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
