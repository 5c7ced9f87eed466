import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../plots/render-svg';
import { parseLines } from '../ndjson';
import { STUDY_AXES, StudyAxis, StudyPoint, baseLevel, studyPointOf } from './study-points';

/** What a study (EP, RBM) reads from its run folders and makes of them. */
export interface StudyKind<R extends { complete: boolean }, C extends { axis: StudyAxis; level: number }> {
  /** A run folder's budget (epochs, Gibbs steps) from its spec.json, in either layout. */
  budgetOf(spec: Record<string, unknown>): number;
  /**
   * A point's results from its metrics rows (none before its first evaluation); `files` reads
   * another NDJSON file of its run folder (no rows if it is not there).
   */
  results(point: StudyPoint, rows: Record<string, unknown>[], budget: number, files: (name: string) => Record<string, unknown>[]): R[];
  curves(results: readonly R[]): C[];
  table(curves: readonly C[]): string[];
  plot(curves: readonly C[], axis: StudyAxis): TopLevelSpec;
}

/** How many results a summary gathered, and how many of them reached their budget. */
export interface StudySummary {
  results: number;
  complete: number;
}

/** How to gather. */
export interface SummarizeOptions {
  /**
   * Keep the results already in `out`/results.ndjson for the points `runs` does not hold. A
   * study runs over several machines or sessions whose run folders do not all survive; the
   * results file is then the record, and a point run again replaces its earlier results.
   */
  keep?: boolean;
}

const pointKey = (p: StudyPoint) => `${p.axis}|${p.level}|${p.seed}`;

/**
 * Gathers a study's run folders (one per point, named as studyPointOf reads them; folders of
 * other names and points without metrics are skipped) into `out`: results.ndjson (every
 * result, complete or not), curves.ndjson, table.md and one SVG per axis that has a level
 * beyond the base. The docs' summarize.js scripts call it.
 */
export async function summarizeStudy<R extends StudyPoint & { complete: boolean }, C extends { axis: StudyAxis; level: number }>(
  kind: StudyKind<R, C>,
  runs: string,
  out: string,
  options: SummarizeOptions = {},
): Promise<StudySummary> {
  const results: R[] = [];
  for (const name of readdirSync(runs).sort()) {
    const point = studyPointOf(name);
    const metrics = join(runs, name, 'metrics.ndjson');
    if (!point || !existsSync(metrics)) continue;
    const spec = JSON.parse(readFileSync(join(runs, name, 'spec.json'), 'utf8')) as Record<string, unknown>;
    // Read only, complete lines only: a run may be writing its next line.
    const file = (f: string) => {
      const path = join(runs, name, f);
      if (!existsSync(path)) return [];
      const text = readFileSync(path, 'utf8');
      return parseLines<Record<string, unknown>>(text.slice(0, text.lastIndexOf('\n') + 1), path, 'run the point again');
    };
    results.push(...kind.results(point, file('metrics.ndjson'), kind.budgetOf(spec), file));
  }
  const previous = join(out, 'results.ndjson');
  if (options.keep && existsSync(previous)) {
    const rerun = new Set(results.map(pointKey));
    const kept = readFileSync(previous, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as R)
      .filter((r) => !rerun.has(pointKey(r)));
    results.push(...kept);
  }
  // The run folders' order (axis name, level, seed), whichever source a result came from.
  results.sort((a, b) => a.axis.localeCompare(b.axis) || a.level - b.level || a.seed - b.seed);
  const curves = kind.curves(results);
  mkdirSync(out, { recursive: true });
  const ndjson = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(join(out, 'results.ndjson'), ndjson(results));
  writeFileSync(join(out, 'curves.ndjson'), ndjson(curves));
  writeFileSync(join(out, 'table.md'), kind.table(curves).join('\n') + '\n');
  for (const axis of STUDY_AXES) {
    if (curves.some((c) => c.axis === axis && c.level !== baseLevel(axis))) writeFileSync(join(out, `${axis}.svg`), await renderSvg(kind.plot(curves, axis)));
  }
  return { results: results.length, complete: results.filter((r) => r.complete).length };
}
