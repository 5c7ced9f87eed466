import { writeFileSync } from 'fs';
import { join } from 'path';
import { summarise } from '../analysis/summaries';
import { SweepSpec } from '../analysis/sweep-spec';
import { renderSvg } from '../plots/render-svg';

/**
 * Writes summary.json and <experiment>.svg of a finished sweep and prints the summary: one
 * function for a local run and the merge of a sharded one, so both say the same.
 */
export async function writeSweepReport(dir: string, spec: SweepSpec, results: Record<string, unknown>[], timing: Record<string, number>, headline: string): Promise<void> {
  const summary = summarise(spec.experiment, results);
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ experiment: spec.experiment, timing, ...summary.numbers }, null, 2) + '\n');
  writeFileSync(join(dir, `${spec.experiment}.svg`), await renderSvg(summary.plot));
  process.stdout.write([headline, ...summary.text, `wrote ${dir}/{status.json,sweep.json,points.ndjson,summary.json,${spec.experiment}.svg}`].join('\n') + '\n');
}
