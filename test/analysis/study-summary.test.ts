import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { epStudy } from '../../src/analysis/ep-robustness';
import { rbmStudy } from '../../src/analysis/rbm-robustness';
import { summarizeStudy } from '../../src/analysis/study-summary';

/** A run folder as `phaseless ep` / `rbm` leaves it: spec.json and metrics.ndjson. */
function runFolder(runs: string, name: string, spec: object, rows: object[] | undefined): void {
  mkdirSync(join(runs, name), { recursive: true });
  writeFileSync(join(runs, name, 'spec.json'), JSON.stringify(spec));
  if (rows) writeFileSync(join(runs, name, 'metrics.ndjson'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n');

describe('summarizeStudy: a study folder of run folders to results, curves, table and plots', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'phl-study-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('EP: every point with metrics, the unfinished one listed but not in the curves; plots for the axes with levels', async () => {
    const runs = join(dir, 'runs');
    const epoch = (e: number, test: number) => ({ epoch: e, testError: test, trainError: test / 2 });
    // The one-format spec writes the budget under budget.epochs, the older layout at the top.
    runFolder(runs, 'base-seed-1', { budget: { epochs: 2 } }, [epoch(0, 0.9), epoch(1, 0.3), epoch(2, 0.2)]);
    runFolder(runs, 'drop-0.45-seed-1', { epochs: 2 }, [epoch(0, 0.9), epoch(1, 0.5), epoch(2, 0.4)]);
    runFolder(runs, 'jitter-0.9-seed-1', { epochs: 2 }, [epoch(0, 0.9), epoch(1, 0.6)]);
    runFolder(runs, 'stuck-0.25-seed-1', { epochs: 2 }, undefined);
    runFolder(runs, 'notes', { epochs: 2 }, [epoch(0, 0.9)]);
    const out = join(dir, 'out');
    await expect(summarizeStudy(epStudy('EP'), runs, out)).resolves.toEqual({ results: 3, complete: 2 });
    const results = lines(join(out, 'results.ndjson')).map((l) => JSON.parse(l));
    expect(results.map((r) => [r.axis, r.level, r.complete, r.finalTestError])).toEqual([
      ['base', 0, true, 0.2],
      ['drop', 0.45, true, 0.4],
      ['jitter', 0.9, false, 0.6],
    ]);
    const table = lines(join(out, 'table.md'));
    expect(table).toContain('| drop | 0.45 | 40.0% | 20.0% | 1 |');
    expect(table.some((l) => l.startsWith('| jitter | 0.9'))).toBe(false);
    expect(readdirSync(out).filter((f) => f.endsWith('.svg'))).toEqual(['drop.svg']);
    expect(readFileSync(join(out, 'drop.svg'), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*EP: drop/);
  });

  it('RBM: one result per protocol of a point, complete at the Gibbs-step budget', async () => {
    const runs = join(dir, 'runs');
    const ev = (protocol: string, gibbsSteps: number, nll: number) => ({ protocol, gibbsSteps, nll, tv: nll / 10 });
    runFolder(runs, 'base-seed-1', { budget: { gibbsSteps: 200 } }, [ev('cd', 0, 9), ev('cd', 100, 5), ev('cd', 200, 4), ev('local', 0, 9), ev('local', 100, 6)]);
    await expect(summarizeStudy(rbmStudy('RBM'), runs, join(dir, 'out'))).resolves.toEqual({ results: 2, complete: 1 });
    const results = lines(join(dir, 'out', 'results.ndjson')).map((l) => JSON.parse(l));
    expect(results.map((r) => [r.protocol, r.complete, r.finalNll])).toEqual([
      ['cd', true, 4],
      ['local', false, 6],
    ]);
  });

  it("RBM with labels: the final errors from the run's protocols.ndjson, a half-written last line left for later", async () => {
    const runs = join(dir, 'runs');
    const ev = (protocol: string, gibbsSteps: number, trainError: number) => ({ protocol, gibbsSteps, trainError });
    runFolder(runs, 'dead-0.5-seed-1', { budget: { gibbsSteps: 200 } }, [ev('fixed', 0, 0.9), ev('fixed', 100, 0.8), ev('fixed', 200, 0.7), ev('geo', 0, 0.9), ev('geo', 100, 0.85)]);
    // The fixed protocol finished; the line after it is being written.
    writeFileSync(join(runs, 'dead-0.5-seed-1', 'protocols.ndjson'), JSON.stringify({ id: 'fixed', finalTrainError: 0.65, finalTestError: 0.72 }) + '\n{"id":"ge');
    await expect(summarizeStudy(rbmStudy('RBM'), runs, join(dir, 'out'))).resolves.toEqual({ results: 2, complete: 1 });
    const results = lines(join(dir, 'out', 'results.ndjson')).map((l) => JSON.parse(l));
    expect(results.map((r) => [r.protocol, r.complete, r.finalTestError, r.lastTrainError])).toEqual([
      ['fixed', true, 0.72, 0.75],
      ['geo', false, undefined, 0.85],
    ]);
    expect(readFileSync(join(runs, 'dead-0.5-seed-1', 'protocols.ndjson'), 'utf8')).toMatch(/\{"id":"ge$/);
  });

  it('keep: the results already gathered stay for the points the run folders no longer hold; a point run again replaces its own', async () => {
    const epoch = (e: number, test: number) => ({ epoch: e, testError: test, trainError: test / 2 });
    const first = join(dir, 'first');
    runFolder(first, 'base-seed-1', { epochs: 1 }, [epoch(0, 0.9), epoch(1, 0.2)]);
    runFolder(first, 'drop-0.45-seed-1', { epochs: 1 }, [epoch(0, 0.9), epoch(1, 0.4)]);
    const out = join(dir, 'out');
    await summarizeStudy(epStudy('EP'), first, out);
    // Another machine: drop 0.45 run again (a different result), a new seed of the base.
    const second = join(dir, 'second');
    runFolder(second, 'drop-0.45-seed-1', { epochs: 1 }, [epoch(0, 0.9), epoch(1, 0.5)]);
    runFolder(second, 'base-seed-2', { epochs: 1 }, [epoch(0, 0.9), epoch(1, 0.3)]);
    await expect(summarizeStudy(epStudy('EP'), second, out, { keep: true })).resolves.toEqual({ results: 3, complete: 3 });
    const results = lines(join(out, 'results.ndjson')).map((l) => JSON.parse(l));
    expect(results.map((r) => [r.axis, r.level, r.seed, r.finalTestError])).toEqual([
      ['base', 0, 1, 0.2],
      ['base', 0, 2, 0.3],
      ['drop', 0.45, 1, 0.5],
    ]);
    // The base over both seeds: (0.2 + 0.3) / 2.
    expect(lines(join(out, 'table.md')).some((l) => l.startsWith('| drop | 0 | 25.0% +- '))).toBe(true);
    // Without keep, the earlier results are gone.
    await expect(summarizeStudy(epStudy('EP'), second, out)).resolves.toEqual({ results: 2, complete: 2 });
  });
});

