import type { TopLevelSpec } from 'vega-lite';

/**
 * The robustness studies of the paper experiments (docs/rbm-robustness, docs/ep-robustness) run
 * one folder per point: the base run, or one axis of asynchrony or faults set to one level, for
 * one seed. The axes, in the order they are reported:
 */
export const STUDY_AXES = ['spread', 'jitter', 'delay', 'drop', 'stuck', 'dead'] as const;
export type StudyAxis = (typeof STUDY_AXES)[number];

/** Where a run folder sits in a study: `base-seed-S` or `<axis>-<level>-seed-S`. */
export interface StudyPoint {
  axis: StudyAxis | 'base';
  level: number;
  seed: number;
}

/** Reads a point's name; undefined for a name the studies do not write. */
export function studyPointOf(name: string): StudyPoint | undefined {
  const base = /^base-seed-(\d+)$/.exec(name);
  if (base) return { axis: 'base', level: 0, seed: Number(base[1]) };
  const m = /^([a-z]+)-([0-9.]+)-seed-(\d+)$/.exec(name);
  if (!m || !(STUDY_AXES as readonly string[]).includes(m[1]) || !Number.isFinite(Number(m[2]))) return undefined;
  return { axis: m[1] as StudyAxis, level: Number(m[2]), seed: Number(m[3]) };
}

/** An axis's level at the base point: no irregularity, which for a rate spread is the factor 1. */
export const baseLevel = (axis: StudyAxis): number => (axis === 'spread' ? 1 : 0);

/** The levels of an axis that some result reached, the base point's level first. */
export function axisLevels(results: readonly StudyPoint[], axis: StudyAxis): number[] {
  const base = baseLevel(axis);
  const levels = [...new Set(results.filter((r) => r.axis === axis).map((r) => r.level))].filter((l) => l !== base).sort((a, b) => a - b);
  return levels.length === 0 ? [] : [base, ...levels];
}

/** The results at one level of an axis: its base level is the base point (or the axis written at that level). */
export function atLevel<R extends StudyPoint>(results: readonly R[], axis: StudyAxis, level: number): R[] {
  return results.filter((r) => (level === baseLevel(axis) ? r.axis === 'base' || (r.axis === axis && r.level === level) : r.axis === axis && r.level === level));
}

/** Mean and sample standard deviation (n - 1; 0 for one value). */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  return { mean, std: n < 2 ? 0 : Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) };
}

/** One value of a curve at a level, +- one std, in the line of `series` (a protocol) if several. */
export interface CurveValue {
  level: number;
  value: number;
  std: number;
  series?: string;
}

/**
 * An axis's curve as a Vega-Lite spec: the value against the level, a line per series, and a
 * rule spanning +- one std at each point. `y` sets the value axis (its title, scale, format).
 */
export function studyCurvePlot(values: readonly CurveValue[], axis: string, title: string, y: Record<string, unknown>): TopLevelSpec {
  const rows = values.map((v) => ({ level: v.level, value: v.value, lo: v.value - v.std, hi: v.value + v.std, series: v.series ?? '' }));
  const x = { field: 'level', type: 'quantitative' as const, title: axis };
  const color = values.some((v) => v.series !== undefined) ? { color: { field: 'series', type: 'nominal' as const, title: null } } : {};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 300,
    height: 220,
    data: { values: rows },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'value', type: 'quantitative', ...y }, ...color } },
      { mark: { type: 'rule' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, ...color } },
    ],
  } as TopLevelSpec;
}

/** An axis of a study: its five levels (its base level first: baseLevel) and how a level is written into a spec. */
export interface StudyAxisLevels<S> {
  levels: readonly number[];
  set: (spec: S, level: number) => void;
}

/** Which points of a study to write: the first look or every level, and for which seeds. */
export interface StudyPlan {
  /** Levels 2 and 4 of each axis (of its five) and the base, instead of every level. */
  firstLook: boolean;
  /** Default: seed 1 for the first look, seeds 1-3 for the full study. */
  seeds?: readonly number[];
}

/**
 * Every point spec of a study, named as studyPointOf reads them: per seed the base spec, then each
 * axis at each level but its first (the base point is every axis's base level). A base spec's
 * `note` is rewritten to say which point a spec is (a run folder keeps its spec).
 */
export function studyPointSpecs<S extends object>(base: S, axes: Partial<Record<StudyAxis, StudyAxisLevels<S>>>, plan: StudyPlan): { name: string; spec: S }[] {
  const seeds = plan.seeds ?? (plan.firstLook ? [1] : [1, 2, 3]);
  const pick = (levels: readonly number[]) => (plan.firstLook ? [levels[2], levels[4]] : levels.slice(1));
  const named = (spec: S, name: string, seed: number, what: string) => {
    const note = 'note' in spec && typeof spec.note === 'string' ? { note: `${what}, seed ${seed}, of the robustness study whose base is: ${spec.note}` } : {};
    return { name, spec: { ...spec, name, seed, ...note } };
  };
  return seeds.flatMap((seed) => [
    named(structuredClone(base), `base-seed-${seed}`, seed, 'The base point (no irregularity on any axis)'),
    ...STUDY_AXES.flatMap((axis) => {
      const a = axes[axis];
      if (a === undefined) return [];
      return pick(a.levels).map((level) => {
        const spec = structuredClone(base);
        a.set(spec, level);
        return named(spec, `${axis}-${level}-seed-${seed}`, seed, `Axis ${axis} at level ${level}`);
      });
    }),
  ]);
}

/** A spec in the one format with the fields the studies set (the EP and RBM forms share them). */
export interface TimedSpec {
  timing?: { rateSpread?: number; jitter?: number; endpointView?: unknown };
  faults?: Record<string, number>;
}

/**
 * The studies' axes and levels, fixed before any run (docs/rbm-robustness, docs/ep-robustness):
 * rate spread 1-8, jitter and dropped messages 0-0.9, stuck and dead synapses 0-0.5, and random
 * endpoint delays up to `delays` (levels in the study's unit, `unit` simulated time each). A
 * spec without timing gets the field it sets.
 */
export function standardStudyAxes<S extends TimedSpec>(delays: readonly number[], unit: number): Record<StudyAxis, StudyAxisLevels<S>> {
  const frac = [0, 0.225, 0.45, 0.675, 0.9];
  const faults = [0, 0.125, 0.25, 0.375, 0.5];
  const fault = (key: string) => (s: S, x: number) => void (s.faults = { ...s.faults, [key]: x });
  const timing = (key: string, value: (x: number) => unknown) => (s: S, x: number) => void (s.timing = { ...s.timing, [key]: value(x) });
  return {
    spread: { levels: [baseLevel('spread'), 1.68, 2.83, 4.76, 8], set: timing('rateSpread', (x) => x) },
    jitter: { levels: frac, set: timing('jitter', (x) => x) },
    delay: { levels: delays, set: timing('endpointView', (x) => ({ randomDelay: { min: 0, max: x * unit } })) },
    drop: { levels: frac, set: fault('drop') },
    stuck: { levels: faults, set: fault('stuck') },
    dead: { levels: faults, set: fault('dead') },
  };
}

/**
 * The paper experiments' studies (docs/ep-robustness, docs/rbm-robustness): the standard axes,
 * random endpoint delays in the model's own step, `step` simulated time each. EP: up to 4
 * relaxation steps (the nudged phase's length; its spec's timing.step). RBM: up to 64 Gibbs
 * steps (a third of the protocols' 200-step phases; a Gibbs step is 1).
 */
export function paperStudyAxes<S extends TimedSpec>(kind: 'ep' | 'rbm', step: number): Record<StudyAxis, StudyAxisLevels<S>> {
  return kind === 'rbm' ? standardStudyAxes([0, 1, 4, 16, 64], step) : standardStudyAxes([0, 0.5, 1, 2, 4], step);
}
