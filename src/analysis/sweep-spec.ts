import { produce } from 'immer';
import { SpecError } from '../errors';
import { RandomSource } from '../scheduler/random';
import { atMost, integer, isRecord, knownKeys, optional, rejectNulls } from '../validate';
import { ExperimentName, experimentNames, experiments, isExperimentName } from './experiments';

/**
 * A sweep: one experiment, a base point, and the points to run, as a grid (every combination
 * of the listed values) and/or seeded random samples (each combined with every grid point).
 *
 *   { "experiment": "range", "base": { "aMax": 100 },
 *     "random": { "count": 120, "seed": 1,
 *                 "params": { "tauF": { "logUniform": [0.1, 5] }, "tauS": { "logUniform": [0.5, 50] } } },
 *     "workers": 2 }
 *
 * Sample i draws each parameter from its own substream (seed, i, name), so adding samples or
 * parameters never changes the earlier ones: a sweep can be extended and resumed.
 */
/** Every point is a simulation of seconds or more: a bigger study goes in several sweeps. */
export const MAX_SWEEP_POINTS = 100_000;
export const SWEEP_POINTS_WHY = 'every point is a simulation; split a bigger study into several sweeps';

/**
 * How a random sweep draws one parameter: uniform, log-uniform, integer in a closed range, or one
 * of a list.
 */
export type Distribution = { uniform: [number, number] } | { logUniform: [number, number] } | { integer: [number, number] } | { choice: unknown[] };

/**
 * A sweep: an experiment, a base point, and a grid (every combination) and/or random samples of its
 * parameters.
 */
export interface SweepSpec {
  experiment: ExperimentName;
  base: Record<string, unknown>;
  grid?: Record<string, unknown[]>;
  random?: { count: number; seed: number; params: Record<string, Distribution> };
  /** Worker threads (default: all cores); 0 runs the points in the calling thread. */
  workers?: number;
}

export interface SweepPoint {
  index: number;
  /** The checked point, defaults filled in: what the result is a function of. */
  point: Record<string, unknown>;
  key: string;
}

/** JSON with sorted keys: equal points give equal keys whatever the order they were written in. */
export function stableKey(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableKey).join(',')}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => v[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableKey(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const sweepKeys = ['experiment', 'base', 'grid', 'random', 'workers'];

/** Reads and checks a sweep spec (JSON), with a SpecError naming the field. */
export function readSweepSpec(v: unknown): SweepSpec {
  if (!isRecord(v)) throw new SpecError('sweep', `an object with fields ${sweepKeys.join(', ')}`, v);
  knownKeys('sweep', v, sweepKeys);
  rejectNulls(v, 'sweep');
  if (!isExperimentName(v.experiment)) throw new SpecError('sweep.experiment', `one of ${experimentNames.join(', ')}`, v.experiment);
  const base = optional(v.base, {}, (x) => {
    if (!isRecord(x)) throw new SpecError('sweep.base', 'an object (the point every sweep point starts from)', x);
    return x;
  });
  const spec: SweepSpec = { experiment: v.experiment, base };
  if (v.grid !== undefined) {
    if (!isRecord(v.grid)) throw new SpecError('sweep.grid', 'an object {param: [values...]}', v.grid);
    for (const [k, vals] of Object.entries(v.grid)) {
      if (!Array.isArray(vals) || vals.length === 0) throw new SpecError(`sweep.grid.${k}`, 'a non-empty list of values', vals);
    }
    spec.grid = v.grid as Record<string, unknown[]>;
  }
  if (v.random !== undefined) spec.random = readRandom(v.random);
  if (v.workers !== undefined) spec.workers = integer('sweep.workers', v.workers, 0);
  return spec;
}

function readRandom(v: unknown): NonNullable<SweepSpec['random']> {
  if (!isRecord(v)) throw new SpecError('sweep.random', 'an object {count, seed, params}', v);
  knownKeys('sweep.random', v, ['count', 'seed', 'params']);
  const count = atMost('sweep.random.count', integer('sweep.random.count', v.count, 1), MAX_SWEEP_POINTS, SWEEP_POINTS_WHY);
  const seed = integer('sweep.random.seed', v.seed ?? 1, 0);
  if (!isRecord(v.params) || Object.keys(v.params).length === 0) {
    throw new SpecError('sweep.random.params', 'an object {param: {uniform|logUniform|integer: [lo, hi]} or {choice: [...]}}', v.params);
  }
  for (const [k, d] of Object.entries(v.params)) checkDistribution(`sweep.random.params.${k}`, d);
  return { count, seed, params: v.params as Record<string, Distribution> };
}

function checkDistribution(field: string, d: unknown): void {
  const kinds = ['uniform', 'logUniform', 'integer', 'choice'];
  if (!isRecord(d) || Object.keys(d).length !== 1 || !kinds.includes(Object.keys(d)[0])) {
    throw new SpecError(field, `one of {uniform: [lo, hi]}, {logUniform: [lo, hi]}, {integer: [lo, hi]}, {choice: [...]}`, d);
  }
  const [kind, range] = Object.entries(d)[0];
  if (kind === 'choice') {
    if (!Array.isArray(range) || range.length === 0) throw new SpecError(`${field}.choice`, 'a non-empty list', range);
    return;
  }
  const ok = Array.isArray(range) && range.length === 2 && range.every((x) => typeof x === 'number' && Number.isFinite(x)) && range[0] <= range[1];
  if (!ok) throw new SpecError(`${field}.${kind}`, '[lo, hi] with lo <= hi', range);
  if (kind === 'logUniform' && !(range[0] > 0)) throw new SpecError(`${field}.logUniform`, '[lo, hi] with 0 < lo <= hi', range);
  if (kind === 'integer' && !(Number.isInteger(range[0]) && Number.isInteger(range[1]))) {
    throw new SpecError(`${field}.integer`, '[lo, hi] integers (both included)', range);
  }
}

function draw(d: Distribution, u: number): unknown {
  if ('uniform' in d) return d.uniform[0] + (d.uniform[1] - d.uniform[0]) * u;
  if ('logUniform' in d) return Math.exp(Math.log(d.logUniform[0]) + (Math.log(d.logUniform[1]) - Math.log(d.logUniform[0])) * u);
  if ('integer' in d) return d.integer[0] + Math.floor(u * (d.integer[1] - d.integer[0] + 1));
  return d.choice[Math.floor(u * d.choice.length)];
}

/** Every point of the sweep, checked (a bad point is reported before any work starts). */
export function sweepPoints(spec: SweepSpec): SweepPoint[] {
  const exp = experiments[spec.experiment];
  let combos: Record<string, unknown>[] = [{}];
  for (const [k, vals] of Object.entries(spec.grid ?? {})) combos = combos.flatMap((c) => vals.map((v) => ({ ...c, [k]: v })));
  const samples: Record<string, unknown>[] = [];
  if (spec.random) {
    const src = new RandomSource(spec.random.seed);
    for (let i = 0; i < spec.random.count; i++) {
      const s: Record<string, unknown> = {};
      for (const [k, d] of Object.entries(spec.random.params)) s[k] = draw(d, src.stream(`sample/${i}/${k}`).uniform());
      samples.push(s);
    }
  } else samples.push({});
  const points: SweepPoint[] = [];
  for (const c of combos) {
    for (const s of samples) {
      const index = points.length;
      const raw = produce(spec.base, (d) => {
        Object.assign(d, c, s);
      });
      const point = exp.check(raw, `point ${index}`) as Record<string, unknown>;
      points.push({ index, point, key: stableKey(point) });
    }
  }
  return points;
}
