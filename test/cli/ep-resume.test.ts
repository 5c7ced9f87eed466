import fc from 'fast-check';
import { readFileSync } from 'fs';
import { join } from 'path';
import { runCli, tempDir } from '../support/cli';
import { killDuring } from '../support/kill-resume';
import { runs } from '../support/property-runs';
import { folderContents } from '../support/run-folder';

/**
 * `phaseless ep --resume`: a run killed with SIGKILL at a random point (mid-epoch, between a
 * metrics line and its checkpoint, ...) and resumed ends as the uninterrupted run does, apart
 * from wall-clock fields; the checkpoint and the SVG byte for byte.
 */
const tmp = tempDir('phaseless-ep-resume-');
const spec = join(__dirname, '..', '..', 'experiments', 'ep-mnist-classic.json');
const EPOCHS = 4;
const small = ['--epochs', String(EPOCHS), '--train', '100', '--test', '20'];
const FILES = ['spec.json', 'split.json', 'metrics.ndjson', 'result.json', 'learning-curve.svg', 'checkpoint.bin'];

let reference: Record<string, unknown>;
beforeAll(async () => {
  const out = join(tmp.path(), 'whole');
  expect((await runCli(['ep', spec, '--out', out, ...small])).code).toBe(0);
  reference = folderContents(out, FILES);
});

describe('ep --resume', () => {
  it('property: kill -9 at a random point, resume, and the folder equals the uninterrupted run', async () => {
    let cut = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: EPOCHS }), fc.integer({ min: 0, max: 150 }), async (lines, delayMs) => {
        const out = join(tmp.path(), `killed-${lines}-${delayMs}-${Date.now()}`);
        if ((await killDuring(['ep', spec, '--out', out, ...small], out, 'metrics.ndjson', lines, delayMs)) === 'cut') {
          cut++;
          const r = await runCli(['ep', '--resume', out]);
          expect(r.err).not.toMatch(/phaseless: error/);
          expect(r.code).toBe(0);
        }
        expect(JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')).status).toBe('done');
        expect(folderContents(out, FILES)).toEqual(reference);
      }),
      { numRuns: runs(3) },
    );
    console.log(`kill -9 property (ep): ${cut} of ${runs(3)} runs were cut and resumed`);
    // Not vacuous: the kills did land inside runs.
    expect(cut).toBeGreaterThan(0);
  });

  it('refuses a folder of another command, a finished folder (unless --epochs extends it) and flags that change the run', async () => {
    const whole = join(tmp.path(), 'whole');
    const rbm = join(tmp.path(), 'rbm');
    const rbmSpec = tmp.file('rbm.json', { name: 'r', dataset: { kind: 'bas', size: 2 }, hidden: 2, gibbsSteps: 40, evalEvery: 20, protocols: [{ id: 'cd', kind: 'cdk', K: 5, lr: 0.01 }] });
    expect((await runCli(['rbm', rbmSpec, '--out', rbm])).code).toBe(0);
    const cases: [string[], RegExp][] = [
      [['ep', '--resume', rbm], /^phaseless: error: --resume: expected a folder written by 'phaseless ep' \(.* was written by 'phaseless rbm'\)/],
      [['ep', '--resume', whole], /^phaseless: error: --resume: expected an unfinished run/],
      [['ep', '--resume', whole, '--train', '50'], /^phaseless: error: --train: expected not given with --resume/],
      [['ep', spec, '--resume', whole], /^phaseless: error: ep: expected no spec file with --resume/],
    ];
    for (const [argv, message] of cases) {
      const r = await runCli(argv);
      expect([r.code, r.err.split('\n').length]).toEqual([2, 2]);
      expect(r.err).toMatch(message);
    }
  });
});
