import fc from 'fast-check';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { runCli, tempDir } from '../support/cli';
import { exited, spawnCli } from '../support/cli-process';
import { runs } from '../support/property-runs';

/**
 * `phaseless run --resume`: an interrupted run, resumed, ends as the uninterrupted run does,
 * apart from wall-clock fields.
 */
const tmp = tempDir('phaseless-resume-');
const spec = { engine: 'lockstep', epochs: 12, evalEvery: 1, task: { train: 6, test: 6 } };
const strip = (dir: string) => ({
  metrics: readFileSync(join(dir, 'metrics.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const { wallMs: _w, ...row } = JSON.parse(l);
      return row;
    }),
  result: (({ wallSeconds: _w, ...r }) => r)(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'))),
  status: JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')).status,
});

let reference: ReturnType<typeof strip>;
beforeAll(async () => {
  const out = join(tmp.path(), 'whole');
  const r = await runCli(['run', tmp.file('spec.json', spec), '--out', out]);
  expect(r.code).toBe(0);
  reference = strip(out);
  expect(reference.metrics.map((m) => m.epoch)).toEqual(Array.from({ length: 13 }, (_, e) => e));
  expect(reference.status).toBe('done');
});

describe('run --resume', () => {
  it('finishes a folder cut after any epoch (a torn last line included) exactly as the whole run', async () => {
    for (const keep of [1, 5, 12]) {
      const out = join(tmp.path(), `cut-${keep}`);
      expect((await runCli(['run', tmp.file('spec.json', spec), '--out', out])).code).toBe(0);
      const lines = readFileSync(join(out, 'metrics.ndjson'), 'utf8').split('\n');
      writeFileSync(join(out, 'metrics.ndjson'), lines.slice(0, keep).join('\n') + '\n{"epoch": 9, "tr');
      rmSync(join(out, 'result.json'));
      writeFileSync(join(out, 'status.json'), JSON.stringify({ status: 'running', pid: 2 ** 22 + 1 }));
      const r = await runCli(['run', '--resume', out]);
      expect(r.err).not.toMatch(/phaseless: error/);
      expect(r.code).toBe(0);
      expect(strip(out)).toEqual(reference);
    }
  });

  it('refuses a finished folder, a folder that is not a run, a changed replay, and flags that would change the spec', async () => {
    const done = join(tmp.path(), 'whole');
    expect((await runCli(['run', '--resume', done])).err).toMatch(/^phaseless: error: --resume: expected an unfinished run/);
    expect((await runCli(['run', '--resume', tmp.path()])).err).toMatch(/^phaseless: error: --resume: expected a folder written by 'phaseless run'/);
    expect((await runCli(['run', '--resume', done, '--seed', '2'])).err).toMatch(/^phaseless: error: --seed: expected not given with --resume/);
    const changed = join(tmp.path(), 'changed');
    expect((await runCli(['run', tmp.file('spec.json', spec), '--out', changed])).code).toBe(0);
    const lines = readFileSync(join(changed, 'metrics.ndjson'), 'utf8').trim().split('\n');
    const row = JSON.parse(lines[2]);
    row.testError *= 1.5;
    writeFileSync(join(changed, 'metrics.ndjson'), [lines[0], lines[1], JSON.stringify(row)].join('\n') + '\n');
    writeFileSync(join(changed, 'status.json'), JSON.stringify({ status: 'running', pid: 2 ** 22 + 1 }));
    const r = await runCli(['run', '--resume', changed]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--resume: expected a run folder this code reproduces \(epoch 2: stored testError/);
  });

  it('property: kill -9 at a random moment, resume, and the folder equals the uninterrupted run', async () => {
    let interrupted = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300 }), async (extraMs) => {
        const out = join(tmp.path(), `killed-${extraMs}-${Date.now()}`);
        const child = spawnCli(['run', tmp.file('spec.json', spec), '--out', out]);
        const end = exited(child);
        // Wait for the run to be under way (its first metrics line), then kill it without warning.
        const started = Date.now();
        while (!existsSync(join(out, 'metrics.ndjson')) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, extraMs));
        child.kill('SIGKILL');
        await end;
        const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')).status;
        if (status === 'running') {
          interrupted++;
          const r = await runCli(['run', '--resume', out]);
          expect(r.code).toBe(0);
        }
        expect(strip(out)).toEqual(reference);
      }),
      { numRuns: runs(4) },
    );
    // Not vacuous: the kills did land inside runs.
    console.log(`kill -9 property: ${interrupted} of ${runs(4)} runs were interrupted and resumed`);
    expect(interrupted).toBeGreaterThan(0);
  });
});
