import { cpSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { runCli, tempDir } from '../support/cli';
import { folderContents } from '../support/run-folder';

/**
 * `phaseless compare --resume` and `phaseless seeds --resume`: a copy of a finished folder, cut
 * as an interruption leaves it (some units marked finished, a unit's line written without its mark, a torn last
 * line, no results yet) ends, resumed, as the uninterrupted run's folder, apart from wall-clock
 * fields. The units are arms (compare) and seeds (seeds, on a worker pool).
 */
const tmp = tempDir('phaseless-compare-resume-');
const spec = { engine: 'lockstep', epochs: 3, evalEvery: 1, task: { train: 4, test: 4 } };
const lines = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l !== '');
const interrupted = (dir: string, command: string) =>
  writeFileSync(join(dir, 'status.json'), JSON.stringify({ command, status: 'running', pid: 2 ** 22 + 1 }));

describe('compare --resume', () => {
  const FILES = ['spec.json', 'metrics.ndjson', 'arms.ndjson', 'compare.json', 'compare.svg', 'learning-curves.svg'];

  it('runs only the arms not marked finished, and the folder equals the uninterrupted one', async () => {
    const whole = join(tmp.path(), 'compare-whole');
    const specFile = tmp.file('spec.json', spec);
    expect((await runCli(['compare', specFile, '--out', whole])).code).toBe(0);
    const reference = folderContents(whole, FILES);
    const arms = lines(whole, 'arms.ndjson').length;
    expect(arms).toBeGreaterThan(3);
    for (const keep of [0, 2]) {
      const out = join(tmp.path(), `compare-cut-${keep}`);
      cpSync(whole, out, { recursive: true });
      // Arm `keep` wrote its curve but was killed before its mark; a torn line follows.
      writeFileSync(join(out, 'metrics.ndjson'), lines(out, 'metrics.ndjson').slice(0, keep + 1).join('\n') + '\n');
      writeFileSync(join(out, 'arms.ndjson'), [...lines(out, 'arms.ndjson').slice(0, keep), '{"name":"TCL'].join('\n'));
      for (const f of ['compare.json', 'compare.svg', 'learning-curves.svg']) rmSync(join(out, f));
      interrupted(out, 'compare');
      const r = await runCli(['compare', '--resume', out]);
      expect(r.err).not.toMatch(/phaseless: error/);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(new RegExp(`resuming .* after ${keep} of ${arms} arms`));
      expect(folderContents(out, FILES)).toEqual(reference);
    }
    const r = await runCli(['compare', '--resume', whole, '--engine', 'reactive']);
    expect([r.code, r.err]).toEqual([2, 'phaseless: error: --engine: expected not given with --resume (the run folder holds the spec)\n']);
    const damaged = join(tmp.path(), 'compare-cut-0');
    for (const text of ['null', '{"status": "paused"}', '{"stat']) {
      writeFileSync(join(damaged, 'status.json'), text);
      const e = await runCli(['compare', '--resume', damaged]);
      expect([e.code, e.err]).toEqual([2, expect.stringMatching(/^phaseless: error: --resume: expected a run folder with a readable status.json, got ".*"\n$/)]);
    }
  });
});

describe('seeds --resume', () => {
  const FILES = ['spec.json', 'seed-list.json', 'metrics.ndjson', 'seeds.json', 'learning-curves.svg'];

  it('runs only the seeds not finished, in any order, and the folder equals the uninterrupted one', async () => {
    const specFile = tmp.file('seeds-spec.json', spec);
    const whole = join(tmp.path(), 'seeds-whole');
    expect((await runCli(['seeds', specFile, '--seeds', '3,1,4', '--out', whole, '--workers', '2'])).code).toBe(0);
    const reference = folderContents(whole, FILES);
    const out = join(tmp.path(), 'seeds-cut');
    cpSync(whole, out, { recursive: true });
    // Only seed 4 (the last listed) had finished, then a torn line; nothing else was written yet.
    const four = lines(out, 'seed-results.ndjson').find((l) => JSON.parse(l).seed === 4)!;
    writeFileSync(join(out, 'seed-results.ndjson'), four + '\n{"seed":3,"res');
    for (const f of ['metrics.ndjson', 'seeds.json', 'learning-curves.svg']) rmSync(join(out, f));
    interrupted(out, 'seeds');
    const r = await runCli(['seeds', '--resume', out, '--workers', '1']);
    expect(r.err).not.toMatch(/phaseless: error/);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/resuming .* after 1 of 3 seeds/);
    expect(lines(out, 'seed-results.ndjson').map((l) => JSON.parse(l).seed)).toEqual([4, 3, 1]);
    expect(folderContents(out, FILES)).toEqual(reference);
    const e = await runCli(['seeds', '--resume', out, '--seeds', '1']);
    expect([e.code, e.err]).toEqual([2, 'phaseless: error: --seeds: expected not given with --resume (the run folder holds the spec)\n']);
  });
});
