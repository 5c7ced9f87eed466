import { readFileSync } from 'fs';
import { dirname, resolve } from 'path';
import { SpecError } from '../errors';

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
