import fc from 'fast-check';
import { readFileSync } from 'fs';
import { join } from 'path';
import { runCli, tempDir } from '../support/cli';
import { killDuring } from '../support/kill-resume';
import { runs } from '../support/property-runs';
import { folderContents } from '../support/run-folder';

/**
 * `phaseless sweep --resume`: a sweep on a worker pool killed with SIGKILL after a random
 * number of points (points in flight are lost) and resumed ends as the uninterrupted sweep
 * does: the same points and results, summary and figure (points.ndjson is in finishing order,
 * so it is compared as a set; wall-clock fields apart).
 */
const tmp = tempDir('phaseless-sweep-resume-');
const POINTS = 8;
const spec = { experiment: 'convergence', base: { dt: 1e-3 }, grid: { tauF: [0.5, 1, 1.5, 2, 3, 4, 6, 8] } };
const FILES = ['sweep.json', 'points.ndjson', 'summary.json', 'convergence.svg'];

let reference: Record<string, unknown>;
let specFile: string;
beforeAll(async () => {
  specFile = tmp.file('conv.json', spec);
  const out = join(tmp.path(), 'whole');
  // The uninterrupted sweep in this thread: the worker count must not change any result.
  expect((await runCli(['sweep', specFile, '--out', out, '--workers', '0'])).code).toBe(0);
  reference = folderContents(out, FILES, ['points.ndjson']);
});

describe('sweep --resume', () => {
  it('property: kill -9 at a random point, resume, and the folder equals the uninterrupted sweep', async () => {
    let cut = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: POINTS - 1 }), fc.integer({ min: 0, max: 100 }), async (lines, delayMs) => {
        const out = join(tmp.path(), `killed-${lines}-${delayMs}-${Date.now()}`);
        if ((await killDuring(['sweep', specFile, '--out', out, '--workers', '1'], out, 'points.ndjson', lines, delayMs)) === 'cut') {
          cut++;
          const r = await runCli(['sweep', '--resume', out, '--workers', '0']);
          expect(r.err).not.toMatch(/phaseless: error/);
          expect(r.code).toBe(0);
        }
        expect(JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')).status).toBe('done');
        expect(folderContents(out, FILES, ['points.ndjson'])).toEqual(reference);
      }),
      { numRuns: runs(3) },
    );
    console.log(`kill -9 property (sweep): ${cut} of ${runs(3)} runs were cut and resumed`);
    expect(cut).toBeGreaterThan(0);
  });

  it('refuses a sweep folder of another sweep command, a finished one, and flags that change the sweep', async () => {
    const whole = join(tmp.path(), 'whole');
    for (const [argv, message] of [
      [['range', '--resume', whole], /^phaseless: error: --resume: expected a folder written by 'phaseless range' \(.* was written by 'phaseless sweep'\)/],
      [['sweep', '--resume', whole], /^phaseless: error: --resume: expected an unfinished run/],
      [['sweep', '--resume', whole, '--out', join(tmp.path(), 'x')], /^phaseless: error: --out: expected not given with --resume/],
      [['sweep', specFile, '--resume', whole], /^phaseless: error: sweep: expected no spec file with --resume/],
      // A flag with a default counts when it is typed, even at its default value.
      [['range', '--resume', whole, '--samples', '120'], /^phaseless: error: --samples: expected not given with --resume/],
    ] as [string[], RegExp][]) {
      const r = await runCli(argv);
      expect([r.code, r.err.split('\n').length]).toEqual([2, 2]);
      expect(r.err).toMatch(message);
    }
  });
});
