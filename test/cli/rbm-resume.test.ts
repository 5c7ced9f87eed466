import fc from 'fast-check';
import { readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { runCli, tempDir } from '../support/cli';
import { killDuring } from '../support/kill-resume';
import { runs } from '../support/property-runs';
import { folderContents } from '../support/run-folder';

/**
 * `phaseless rbm --resume`: killed with SIGKILL at a random evaluation of a random protocol
 * and resumed, a run ends as the uninterrupted one does, apart from wall-clock fields.
 */
const tmp = tempDir('phaseless-rbm-resume-');
/** Three protocols of ten evaluations each, a second or two of work in all. */
const spec = {
  name: 'tiny',
  seed: 2,
  dataset: { kind: 'bas', size: 3 },
  hidden: 4,
  gibbsSteps: 400000,
  evalEvery: 40000,
  protocols: [
    { id: 'cd', kind: 'cdk', K: 200, lr: 0.005 },
    { id: 'local', kind: 'local', length: { geometric: 200 }, lr: 0.000025 },
    { id: 'isd', kind: 'isd', length: { fixed: 200 }, lr: 0.005 },
  ],
};
const LINES = 3 * 11;
const FILES = ['spec.json', 'metrics.ndjson', 'protocols.ndjson', 'result.json', 'tiny.svg'];

let reference: Record<string, unknown>;
let specFile: string;
beforeAll(async () => {
  specFile = tmp.file('tiny.json', spec);
  const out = join(tmp.path(), 'whole');
  expect((await runCli(['rbm', specFile, '--out', out])).code).toBe(0);
  reference = folderContents(out, FILES);
});

describe('rbm --resume', () => {
  it('property: kill -9 at a random point, resume, and the folder equals the uninterrupted run', async () => {
    let cut = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: LINES - 1 }), fc.integer({ min: 0, max: 100 }), async (lines, delayMs) => {
        const out = join(tmp.path(), `killed-${lines}-${delayMs}-${Date.now()}`);
        if ((await killDuring(['rbm', specFile, '--out', out], out, 'metrics.ndjson', lines, delayMs)) === 'cut') {
          cut++;
          const r = await runCli(['rbm', '--resume', out]);
          expect(r.err).not.toMatch(/phaseless: error/);
          expect(r.code).toBe(0);
        }
        expect(JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')).status).toBe('done');
        expect(folderContents(out, FILES)).toEqual(reference);
      }),
      { numRuns: runs(3) },
    );
    console.log(`kill -9 property (rbm): ${cut} of ${runs(3)} runs were cut and resumed`);
    expect(cut).toBeGreaterThan(0);
  });

  it('checks the evaluation grid against the protocols that --only runs (CD-K needs a multiple of 2K; the local rule does not)', async () => {
    const grid = ['--gibbs-steps', '80200', '--eval-every', '40100'];
    const local = await runCli(['rbm', specFile, '--out', join(tmp.path(), 'only-local'), '--only', 'local', ...grid]);
    expect(local.err).not.toMatch(/phaseless: error/);
    expect(local.code).toBe(0);
    const cd = await runCli(['rbm', specFile, '--out', join(tmp.path(), 'only-cd'), '--only', 'local,cd', ...grid]);
    expect(cd.code).toBe(2);
    expect(cd.err).toMatch(/^phaseless: error: evalEvery: expected a multiple of 2K = 400 \(protocols\[0\] is CD-200/);
  });

  it('runs the same protocols again after --only, and refuses a finished folder and flags that change the run', async () => {
    const only = join(tmp.path(), 'only');
    expect((await runCli(['rbm', specFile, '--out', only, '--only', 'isd,cd', '--gibbs-steps', '80000'])).code).toBe(0);
    const done = folderContents(only, FILES);
    // Cut after the first protocol (isd) and two evaluations of the second, with a torn line.
    const metrics = readFileSync(join(only, 'metrics.ndjson'), 'utf8').split('\n');
    writeFileSync(join(only, 'metrics.ndjson'), metrics.slice(0, 3 + 2).join('\n') + '\n{"protocol":"cd","gib');
    writeFileSync(join(only, 'protocols.ndjson'), readFileSync(join(only, 'protocols.ndjson'), 'utf8').split('\n')[0] + '\n');
    rmSync(join(only, 'result.json'));
    writeFileSync(join(only, 'status.json'), JSON.stringify({ command: 'rbm', status: 'interrupted', pid: 2 ** 22 + 1, reason: 'SIGINT' }));
    const r = await runCli(['rbm', '--resume', only]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/resuming .* after 1 of 2 protocols/);
    expect(folderContents(only, FILES)).toEqual(done);

    for (const [argv, message] of [
      [['rbm', '--resume', only], /^phaseless: error: --resume: expected an unfinished run/],
      [['rbm', '--resume', only, '--seed', '3'], /^phaseless: error: --seed: expected not given with --resume/],
      [['rbm', '--resume', join(tmp.path(), 'nothing-here')], /^phaseless: error: --resume: expected a folder written by 'phaseless rbm'/],
    ] as [string[], RegExp][]) {
      const e = await runCli(argv);
      expect([e.code, e.err.split('\n').length]).toEqual([2, 2]);
      expect(e.err).toMatch(message);
    }
  });
});
