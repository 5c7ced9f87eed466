import { existsSync, readFileSync, truncateSync } from 'fs';
import { SpecError } from './errors';

/**
 * Reads a metrics or points file written one JSON line at a time. A last line without its
 * newline is what an interrupted write leaves: it is dropped (and cut from the file, so the next
 * append starts clean). A bad line before that is damage nothing here can repair: a clear error
 * naming the file and line.
 */
export function readNdjson<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  if (end < text.length) truncateSync(path, Buffer.byteLength(text.slice(0, end)));
  return parseLines<T>(text.slice(0, end), path, 'move it away to start again');
}

/**
 * The complete lines of an NDJSON text as values; a line that is not JSON is a SpecError
 * naming the file and line, with `remedy` said to the user.
 */
export function parseLines<T>(text: string, path: string, remedy: string): T[] {
  const rows: T[] = [];
  text.split('\n').forEach((line, k) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line) as T);
    } catch {
      throw new SpecError(`${path}:${k + 1}`, `a JSON line (the file is damaged; ${remedy})`, line.length > 40 ? line.slice(0, 37) + '...' : line);
    }
  });
  return rows;
}
