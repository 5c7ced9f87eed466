import { SpecError } from '../../errors';
import { Substream, SubstreamState } from '../../scheduler/random';
import { SchedulerSnapshot, VirtualScheduler } from '../../scheduler/virtual-scheduler';
import { ProbeShape } from '../probe';
import { packF64, unpackF64 } from './f64-codec';

/**
 * The snapshot format's version: a snapshot of another version is refused, not misread. 3: the
 * event engine keeps the values in flight on delay-only endpoint views in per-view lines, where
 * version 2 queued their arrivals as events.
 */
export const SNAPSHOT_VERSION = 3;

/** Which engine wrote a snapshot (only the same engine can restore it). */
export type SnapshotEngine = 'array' | 'event' | 'reactive';

/**
 * A whole simulation at one instant, as plain JSON (JSON.stringify and JSON.parse keep it bit for
 * bit): the scheduler's clock, counters and pending events with their insertion numbers, every
 * substream's position, and the engine's state arrays (node states, rule states with the weights,
 * drives, clocks, in-flight messages), each packed as the bytes of its doubles. What is built
 * from the spec (rules, protocols, drives, the topology) is not in it: it is restored into an
 * engine freshly built from the same substrate and options (Engine.restore).
 */
export interface Snapshot {
  format: 'phaseless-snapshot';
  version: number;
  engine: SnapshotEngine;
  /** Sizes the restoring engine must have. */
  shape: ProbeShape;
  /** What the engine was built from (describeBuild): a restoring engine must match it. */
  build: Record<string, unknown>;
  scheduler: SchedulerSnapshot;
  /** Substreams by name. */
  streams: Record<string, SubstreamState>;
  /** Engine state by name, each the base64 bytes of a Float64Array (f64-codec.ts). */
  arrays: Record<string, string>;
}

/** An engine as snapshots see it: its kind, sizes, build, scheduler and substreams by name. */
export interface SnapshotContext {
  engine: SnapshotEngine;
  shape: ProbeShape;
  /** describeBuild of its substrate and options. */
  build: Record<string, unknown>;
  scheduler: VirtualScheduler;
  streams: ReadonlyMap<string, Substream>;
}

/** Writes a snapshot of an engine's scheduler, substreams and state arrays. */
export function writeSnapshot(ctx: SnapshotContext, arrays: Record<string, ArrayLike<number>>): Snapshot {
  const packed: Record<string, string> = {};
  for (const [k, a] of Object.entries(arrays)) packed[k] = packF64(a);
  const st: Record<string, SubstreamState> = {};
  for (const [k, r] of ctx.streams) st[k] = r.saveState();
  // The build description goes through JSON here, so that it compares with a parsed snapshot's.
  const build = JSON.parse(JSON.stringify(ctx.build)) as Record<string, unknown>;
  return { format: 'phaseless-snapshot', version: SNAPSHOT_VERSION, engine: ctx.engine, shape: { ...ctx.shape }, build, scheduler: ctx.scheduler.snapshot(), streams: st, arrays: packed };
}

/** A snapshot checked against the engine restoring it: read its arrays, then apply it. */
export interface OpenSnapshot {
  /** State array `name`, which must hold `length` numbers (any number if not given). */
  array(name: string, length?: number): Float64Array;
  /** Restores the scheduler and the substreams (after every array has been read and checked). */
  apply(): void;
}

/**
 * Checks that a snapshot fits the engine restoring it (format, version, engine, sizes, build, the
 * substreams it made), with a SpecError naming the first thing that differs.
 */
export function openSnapshot(snap: Snapshot, ctx: SnapshotContext): OpenSnapshot {
  const { engine, shape, scheduler, streams } = ctx;
  if (snap?.format !== 'phaseless-snapshot') throw new SpecError('snapshot.format', '"phaseless-snapshot"', snap?.format);
  if (snap.version !== SNAPSHOT_VERSION) throw new SpecError('snapshot.version', `${SNAPSHOT_VERSION} (this version of phaseless)`, snap.version);
  if (snap.engine !== engine) throw new SpecError('snapshot.engine', `"${engine}" (the engine restoring it)`, snap.engine);
  for (const k of ['nodes', 'examples', 'synapses', 'stateSize'] as const) {
    if (snap.shape?.[k] !== shape[k]) throw new SpecError(`snapshot.shape.${k}`, `${shape[k]} (this engine's)`, snap.shape?.[k]);
  }
  const build = JSON.parse(JSON.stringify(ctx.build)) as Record<string, unknown>;
  for (const k of new Set([...Object.keys(build), ...Object.keys(snap.build ?? {})])) {
    const want = JSON.stringify(build[k]);
    if (JSON.stringify(snap.build?.[k]) !== want) throw new SpecError(`snapshot.build.${k}`, `${want} (what this engine was built with)`, snap.build?.[k]);
  }
  checkSchedulerPart(snap.scheduler);
  const names = Object.keys(snap.streams ?? {});
  for (const k of streams.keys()) if (!(k in (snap.streams ?? {}))) throw new SpecError('snapshot.streams', `a substream "${k}" (this engine draws from it)`, names.slice(0, 5));
  for (const k of names) {
    if (!streams.has(k)) throw new SpecError(`snapshot.streams.${k}`, 'only substreams this engine draws from (a different substrate or timing?)', snap.streams[k]);
    const a = snap.streams[k]?.alea;
    if (a !== null && !(Array.isArray(a) && a.length === 4 && a.every(Number.isFinite))) throw new SpecError(`snapshot.streams.${k}.alea`, 'null or 4 finite numbers', a);
  }
  return {
    array: (name, length) => unpackF64(snap.arrays?.[name], length, `snapshot.arrays.${name}`),
    apply: () => {
      scheduler.restore(snap.scheduler);
      for (const [k, r] of streams) r.loadState(snap.streams[k]);
    },
  };
}

/** The scheduler part's shape (its meaning is checked when it is restored). */
function checkSchedulerPart(s: SchedulerSnapshot | undefined): void {
  if (typeof s !== 'object' || s === null) throw new SpecError('snapshot.scheduler', '{time, seq, executed, restorables, pending}', s);
  for (const k of ['time', 'seq', 'executed', 'restorables'] as const) if (!Number.isFinite(s[k])) throw new SpecError(`snapshot.scheduler.${k}`, 'a finite number', s[k]);
  if (!Array.isArray(s.pending)) throw new SpecError('snapshot.scheduler.pending', 'a list of pending events', s.pending);
  for (const p of s.pending) {
    if (![p?.action, p?.at, p?.seq].every(Number.isFinite) || (p.state !== undefined && !Number.isFinite(p.state))) throw new SpecError('snapshot.scheduler.pending', '{action, at, seq, state?} of finite numbers', p);
  }
}
