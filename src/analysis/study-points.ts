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

/** The levels of an axis that some result reached, level 0 (the base point) first. */
export function axisLevels(results: readonly StudyPoint[], axis: StudyAxis): number[] {
  const levels = [...new Set(results.filter((r) => r.axis === axis).map((r) => r.level))].filter((l) => l !== 0).sort((a, b) => a - b);
  return levels.length === 0 ? [] : [0, ...levels];
}

/** The results at one level of an axis: level 0 is the base point (or the axis written at 0). */
export function atLevel<R extends StudyPoint>(results: readonly R[], axis: StudyAxis, level: number): R[] {
  return results.filter((r) => (level === 0 ? r.axis === 'base' || (r.axis === axis && r.level === 0) : r.axis === axis && r.level === level));
}

/** Mean and sample standard deviation (n - 1; 0 for one value). */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  return { mean, std: n < 2 ? 0 : Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) };
}
