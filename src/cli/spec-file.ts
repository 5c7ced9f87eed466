import { readFileSync } from 'fs';
import { dirname, resolve } from 'path';
import { SpecError } from '../errors';
import { ReadSpec, specLayout } from '../spec/one-spec';
import { SpecForm } from '../spec/spec-form';
import { isRecord } from '../validate';
import { noticeOnSuccess } from './notices';

/** Reads a JSON spec file; a missing or malformed file is a user error, not a crash. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new SpecError(path, 'a readable JSON spec file');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SpecError(path, `valid JSON (${(e as Error).message})`);
  }
}

/**
 * A spec's `plugins` are paths relative to the spec file: made absolute here, so the spec
 * stored in a run folder still finds them (anything else is left for the spec's reader to refuse).
 */
export function withPluginPaths(raw: unknown, file: string): unknown {
  if (raw === null || typeof raw !== 'object' || !Array.isArray((raw as { plugins?: unknown }).plugins)) return raw;
  const plugins = (raw as { plugins: unknown[] }).plugins.map((p) => (typeof p === 'string' && p !== '' ? resolve(dirname(file), p) : p));
  return { ...raw, plugins };
}

/** A spec file as read: its form, the spec in its reader's layout, and where it came from. */
export interface SpecFile extends ReadSpec {
  file: string;
}

/**
 * Reads a spec file in the one format or in an older layout (which form it is follows from its
 * fields), plugin paths made absolute; the substrate's reader then checks it.
 */
export function readSpecFile(file: string): SpecFile {
  return { ...specLayout(withPluginPaths(readJsonFile(file), file)), file };
}

/**
 * One line on stderr when a spec in an older layout was read, naming the fields that moved in
 * the one format, printed once the command has succeeded. Nothing else changes: it reads the same.
 */
export function noticeOlderLayout(spec: SpecFile): void {
  if (spec.one || !isRecord(spec.legacy)) return;
  const legacy = spec.legacy;
  const moved = spec.form.moves.filter(([from]) => !from.includes('.') && from in legacy).map(([from, to]) => `${from} -> ${to}`);
  if ('experiment' in legacy) moved.unshift(`experiment -> substrate.kind "${spec.form.substrate}"`);
  if (moved.length === 0) return;
  noticeOnSuccess(`${spec.file} is in the older ${spec.form.legacyName} layout and reads the same; in the one spec format ${moved.join(', ')} (\`phaseless convert ${spec.file}\` writes it)`);
}

/** Refuses a spec of another substrate than the command runs, saying which command does. */
export function expectForm(spec: SpecFile, command: string, forms: readonly SpecForm[]): void {
  if (forms.includes(spec.form)) return;
  throw new SpecError(
    'substrate.kind',
    `${forms.map((f) => `"${f.substrate}"`).join(' or ')} for phaseless ${command} (a ${spec.form.substrate} spec runs with phaseless run${spec.form.command === 'run' ? '' : ` or phaseless ${spec.form.command}`})`,
    spec.form.substrate,
  );
}
