import { readFileSync } from 'fs';
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
