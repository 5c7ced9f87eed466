import { appendFileSync, existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import { checkOutDir, makeOutDir } from '../out-path';

/**
 * An output folder. It is created only after the spec has been checked, so bad input leaves
 * nothing behind; metrics are appended as they come, so a long run loses nothing.
 */
export class RunDir {
  private constructor(readonly path: string) {}

  /** Checks the folder can be used (absent or empty, in a writable place), without creating it yet. */
  static check(path: string): void {
    checkOutDir(path);
  }

  static create(path: string): RunDir {
    makeOutDir(path);
    return new RunDir(path);
  }

  json(name: string, value: unknown): void {
    writeFileSync(join(this.path, name), JSON.stringify(value, null, 2) + '\n');
  }

  text(name: string, value: string): void {
    writeFileSync(join(this.path, name), value);
  }

  appendLine(name: string, value: unknown): void {
    appendFileSync(join(this.path, name), JSON.stringify(value) + '\n');
  }
}

/** A run folder that exists already (a resumed run writes on into it). */
export function openRunDir(path: string): Pick<RunDir, 'json' | 'text' | 'appendLine'> {
  return {
    json: (name, value) => writeFileSync(join(path, name), JSON.stringify(value, null, 2) + '\n'),
    text: (name, value) => writeFileSync(join(path, name), value),
    appendLine: (name, value) => appendFileSync(join(path, name), JSON.stringify(value) + '\n'),
  };
}

/** A default output folder name that does not exist yet: runs/<name>-<n>. */
export function freshDir(name: string): string {
  for (let n = 1; ; n++) {
    const p = join('runs', `${name}-${n}`);
    if (!existsSync(p)) return p;
  }
}
