import { readFileSync } from 'fs';
import { join } from 'path';

/** Fields that hold wall-clock time (or counts of what this session did), not results. */
const WALL_CLOCK = new Set(['wallMs', 'wallSeconds', 'trainSeconds', 'testSeconds', 'seconds', 'meanTrainSecondsPerEpoch', 'secondsPerEpoch', 'timing']);

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !WALL_CLOCK.has(k)).map(([k, x]) => [k, strip(x)]));
}

/**
 * What a run folder holds, for comparing two runs: JSON and NDJSON files parsed, without
 * wall-clock fields; everything else (SVG, checkpoints) as raw bytes. `unordered` NDJSON files
 * (a worker pool's points, in finishing order) are compared as sets of lines.
 */
export function folderContents(dir: string, files: string[], unordered: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of files) {
    const raw = readFileSync(join(dir, f));
    if (f.endsWith('.ndjson')) {
      const rows = raw.toString('utf8').trimEnd().split('\n').map((l) => JSON.stringify(strip(JSON.parse(l))));
      out[f] = unordered.includes(f) ? rows.sort() : rows;
    } else if (f.endsWith('.json')) out[f] = strip(JSON.parse(raw.toString('utf8')));
    else out[f] = raw.toString('base64');
  }
  return out;
}
