import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

/** Every file under dir, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('determinism: no Math.random in src', () => {
  const root = join(__dirname, '..', 'src');
  const files = filesUnder(root);

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.map((f) => relative(root, f))).toContain(join('scheduler', 'random.ts'));
  });

  it('no file in src mentions Math.random', () => {
    const offenders = files.filter((f) => /Math\s*\.\s*random/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});
