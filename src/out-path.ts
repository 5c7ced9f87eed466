import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'fs';
import { dirname, resolve } from 'path';
import { SpecError } from './errors';

/**
 * Where results go. One mechanism for every command, so that a bad output path is a clear user
 * error before any work starts, never a stack trace, a hang or an overwritten file.
 */

/** The nearest ancestor of path that exists (path itself if it does). */
function existingAncestor(path: string): string {
  let p = resolve(path);
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  return p;
}

/** Checks that `path` can become a new output folder: absent (in a writable place) or an empty folder. */
export function checkOutDir(path: string, field = '--out'): void {
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw new SpecError(field, `a folder (${path} is a file)`, path);
    if (readdirSync(path).length > 0) throw new SpecError(field, `an empty or new folder (${path} already holds files)`);
    checkWritable(path, field);
    return;
  }
  const anc = existingAncestor(path);
  if (!statSync(anc).isDirectory()) throw new SpecError(field, `a path inside a folder (${anc} is a file)`, path);
  checkWritable(anc, field);
}

function checkWritable(dir: string, field: string): void {
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new SpecError(field, `a path in a writable folder (${dir} is not writable)`);
  }
}

/**
 * Creates the output folder and its missing parents, one level at a time: a recursive mkdir
 * can spin forever on pseudo file systems (/proc), a plain one fails at once.
 */
export function makeOutDir(path: string, field = '--out'): void {
  checkOutDir(path, field);
  const missing: string[] = [];
  for (let p = resolve(path); !existsSync(p); p = dirname(p)) missing.unshift(p);
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (e) {
      throw new SpecError(field, `a folder that can be created (${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
}

/** Checks that `path` can become a new file: nothing there yet, in a writable folder. */
export function checkOutFile(path: string, field = '--out'): void {
  if (existsSync(path)) {
    const what = statSync(path).isDirectory() ? 'a folder' : 'a file';
    throw new SpecError(field, `a new file (${path} is ${what} already; nothing is overwritten)`, path);
  }
  const anc = existingAncestor(dirname(resolve(path)));
  if (anc !== dirname(resolve(path))) throw new SpecError(field, `a file in an existing folder (${dirname(path)} does not exist)`, path);
  if (!statSync(anc).isDirectory()) throw new SpecError(field, `a path inside a folder (${anc} is a file)`, path);
  checkWritable(anc, field);
}

/**
 * Writes a new file: created only if nothing is there (flag 'wx'), so an existing file, even
 * one made since a check, is never overwritten; a failure is a SpecError naming `field`.
 */
export function writeNewFile(path: string, text: string, command: string, field = '--out'): void {
  try {
    writeFileSync(path, text, { flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new SpecError(field, `a file that does not exist yet (${command} does not overwrite)`, path);
    throw new SpecError(field, `a file that can be created (${code ?? (e as Error).message})`, path);
  }
}

/**
 * Writes a file whole: under a temporary name, then renamed over the file. One rename is atomic,
 * so a kill at any moment leaves the old file or the new one, never half of either. Writers that
 * may run at once (SLURM tasks sharing a folder) pass a temporary name of their own.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, tmp = `${file}.tmp`): void {
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
