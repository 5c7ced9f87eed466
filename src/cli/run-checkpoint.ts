import { writeFileAtomic } from '../out-path';
import { createHash } from 'crypto';
import { existsSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { SpecError } from '../errors';
import { LearnState } from '../learning/learn';
import { LearningTask } from '../tasks/task-spec';

/** The checkpoint of a `phaseless run` folder (removed once the run is done). */
export const RUN_CHECKPOINT_FILE = 'checkpoint.json';
const FORMAT = 'phaseless-run-checkpoint';
const VERSION = 1;

/**
 * A learning run's state after an evaluation (LearnState: the engine snapshot and the loop's
 * own state), with the spec it belongs to (the folder's spec.json, parsed), a fingerprint of the
 * task's examples (taskFingerprint) and a SHA-256 of all that,
 * as one JSON file. It is written under a temporary name and renamed: one rename is atomic, so a
 * kill at any moment leaves the previous checkpoint or the new one, whole (the EP checkpoints'
 * rule); the checksum catches a file damaged afterwards.
 */
export function saveRunCheckpoint(dir: string, spec: unknown, data: string, state: LearnState): void {
  const body = JSON.stringify({ spec, data, state });
  const file = join(dir, RUN_CHECKPOINT_FILE);
  writeFileAtomic(file, `{"format":"${FORMAT}","version":${VERSION},"sha256":"${sha256(body)}","body":${body}}\n`);
}

/**
 * A fingerprint of a task's examples (SHA-256 of their numbers): the spec names a task file, the
 * checkpoint also records what it held.
 */
export function taskFingerprint(task: LearningTask): string {
  const h = createHash('sha256');
  for (const set of [task.train, task.test]) {
    h.update(`${set.length};`);
    for (const ex of set) h.update(`${Array.from(ex.x).join(',')}|${Array.from(ex.y).join(',')};`);
  }
  return h.digest('hex');
}

/** Removes a folder's checkpoint (a finished run needs none). */
export function removeRunCheckpoint(dir: string): void {
  rmSync(join(dir, RUN_CHECKPOINT_FILE), { force: true });
  rmSync(join(dir, RUN_CHECKPOINT_FILE + '.tmp'), { force: true });
}

/**
 * The checkpoint of a run folder, if it has one, checked: intact, of this format, and written
 * for this very spec (the folder's spec.json, parsed). Every problem is a one-line SpecError
 * naming the file; a checkpoint of another spec (another seed, network, engine...) names the
 * first field that differs.
 */
export function loadRunCheckpoint(dir: string, spec: unknown, data: string): LearnState | undefined {
  const file = join(dir, RUN_CHECKPOINT_FILE);
  if (!existsSync(file)) return undefined;
  const bad = (why: string) => new SpecError(file, `an intact run checkpoint (${why}); remove it to resume by replaying the run from its spec`);
  let raw: { format?: unknown; version?: unknown; sha256?: unknown; body?: { spec?: unknown; data?: unknown; state?: LearnState } };
  const text = readFileSync(file, 'utf8');
  try {
    raw = JSON.parse(text);
  } catch {
    throw bad('it is not JSON');
  }
  if (raw?.format !== FORMAT) throw bad('not a phaseless run checkpoint');
  if (raw.version !== VERSION) throw new SpecError(file, `a run checkpoint of version ${VERSION} (this version of phaseless); remove it to resume by replaying the run`, raw.version);
  // The body's bytes as written: the checksum is over them, not over a re-serialisation.
  const at = text.indexOf('"body":');
  const body = at < 0 ? '' : text.slice(at + 7, text.trimEnd().length - 1);
  if (sha256(body) !== raw.sha256) throw bad('its data do not match their checksum');
  const differs = firstDifference(raw.body?.spec, spec, 'spec');
  if (differs) throw new SpecError(file, `a checkpoint of this folder's spec.json (it was written for ${differs})`);
  if (raw.body?.data !== data) throw new SpecError(file, "a checkpoint of this run's examples (they differ from the ones it was written for: a task file changed since?)");
  const state = raw.body?.state;
  if (!state || !Number.isInteger(state.epoch) || !Array.isArray(state.rows) || !Number.isFinite(state.presented) || typeof state.snapshot !== 'object') throw bad('its state lacks fields');
  return state;
}

/** The first path where two JSON values differ, with both values ("spec.seed 3, not 4"), or undefined. */
function firstDifference(was: unknown, now: unknown, path: string): string | undefined {
  if (typeof was === 'object' && was !== null && typeof now === 'object' && now !== null && Array.isArray(was) === Array.isArray(now)) {
    const w = was as Record<string, unknown>;
    const n = now as Record<string, unknown>;
    for (const k of new Set([...Object.keys(w), ...Object.keys(n)])) {
      const d = firstDifference(w[k], n[k], Array.isArray(was) ? `${path}[${k}]` : `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  const [a, b] = [JSON.stringify(was), JSON.stringify(now)];
  return a === b ? undefined : `${path} ${short(a)}; spec.json has ${short(b)}`;
}

function short(s: string | undefined): string {
  if (s === undefined) return 'absent';
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
