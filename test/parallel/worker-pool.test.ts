import { rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PoolJobError, runPool } from '../../src/parallel/worker-pool';
import { runSeeds } from '../../src/learning/seed-runs';
import { readLearnSpec } from '../../src/learning/learn-spec';
import { SpecError } from '../../src/errors';

const fixture = path.join(__dirname, 'pool-fixture.ts');

describe('runPool', () => {
  it('runs every job once, on several workers, and returns results in job order', async () => {
    const jobs = Array.from({ length: 7 }, (_, i) => ({ module: fixture, fn: 'collatzSteps', args: [1000 + i] }));
    const seen: number[] = [];
    const out = await runPool<number>(jobs, (i) => seen.push(i), 3);
    // Independent computation: Collatz step counts of 1000..1006.
    const steps = (n: number) => {
      let k = 0;
      for (; n !== 1; k++) n = n % 2 === 0 ? n / 2 : 3 * n + 1;
      return k;
    };
    expect(out).toEqual(jobs.map((j) => steps(j.args[0] as number)));
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("forwards a job's output as it is written, not when the job's synchronous work ends", async () => {
    // The job spins until the parent answers its line: a line held back until the job ends never comes in time.
    const answer = path.join(os.tmpdir(), `phaseless-pool-answer-${process.pid}-${Date.now()}`);
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      const k = /^line (\d)\n$/.exec(String(chunk))?.[1];
      if (k) writeFileSync(`${answer}-${k}`, '');
      return true;
    }) as typeof process.stderr.write;
    try {
      await expect(runPool<boolean>([{ module: fixture, fn: 'talksThenWaits', args: [answer] }], undefined, 1)).resolves.toEqual([true]);
    } finally {
      process.stderr.write = write;
      for (const k of [1, 2, 3]) rmSync(`${answer}-${k}`, { force: true });
    }
  });

  /** What the pool writes to stderr while it runs `jobs` on one worker. */
  async function stderrOf(jobs: Parameters<typeof runPool>[0]): Promise<string> {
    let out = '';
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stderr.write;
    try {
      await runPool<number>(jobs, undefined, 1);
    } finally {
      process.stderr.write = write;
    }
    return out;
  }

  it("starts each line of a labelled job's output with its label, also when a line comes in pieces", async () => {
    expect(await stderrOf([{ module: fixture, fn: 'talksInPieces', args: [], label: 'seed-4' }])).toBe('seed-4: one\nseed-4: two\nseed-4: three\n');
  });

  it("ends a labelled job's unfinished last line, so the next job's first line gets its own label", async () => {
    const jobs = ['a', 'b'].map((w) => ({ module: fixture, fn: 'trailsOff', args: [w], label: `job-${w}` }));
    expect(await stderrOf(jobs)).toBe('job-a: a...\njob-b: b...\n');
  });

  it('runs TypeScript job modules from any working folder (the compiler is found from the pool, not the cwd)', async () => {
    const cwd = process.cwd();
    process.chdir(os.tmpdir());
    try {
      await expect(runPool<number>([{ module: fixture, fn: 'collatzSteps', args: [27] }], undefined, 1)).resolves.toEqual([111]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('rejects when the caller fails on a result (for example a full disk), and stops the workers', async () => {
    const jobs = [1, 2, 3].map((n) => ({ module: fixture, fn: 'collatzSteps', args: [n + 10] }));
    await expect(
      runPool(jobs, () => {
        throw new Error('disk full');
      }, 2),
    ).rejects.toThrow('disk full');
  });

  it('a worker that exits fails its job alone: the others finish, then the pool reports the failure', async () => {
    const jobs = [
      { module: fixture, fn: 'collatzSteps', args: [27] },
      { module: fixture, fn: 'exits', args: [7] },
      { module: fixture, fn: 'collatzSteps', args: [97] },
      { module: fixture, fn: 'exits', args: [0] },
      { module: fixture, fn: 'collatzSteps', args: [871] },
    ];
    const done: number[] = [];
    const err = await runPool<number>(jobs, (i) => done.push(i), 2).catch((e) => e);
    expect(err).toBeInstanceOf(PoolJobError);
    expect(err.job).toBe(1);
    expect(err.failed).toBe(2);
    expect(err.message).toBe('job 1: the worker exited with code 7 before it answered (job 1; 2 jobs failed, the others finished)');
    // Collatz steps of 27, 97 and 871 (111, 118, 178) all arrived.
    expect(done.sort()).toEqual([0, 2, 4]);
  });

  it('reports a job error with its message', async () => {
    await expect(runPool([{ module: fixture, fn: 'fails', args: ['boom'] }], undefined, 1)).rejects.toThrow('boom');
  });
});

describe('runSeeds', () => {
  const small = readLearnSpec({
    engine: 'lockstep',
    network: { random: { n: 10, meanDegree: 3, kMin: 0.5, kMax: 2, inputs: 2, outputs: 1 } },
    task: { train: 3, test: 4, inputRange: 1, teacherK: [0.1, 10] },
    cyclesPerExample: 2,
    epochs: 2,
  });

  it('gives each seed the same result as a run in this process (determinism across threads)', async () => {
    const fromWorkers = await runSeeds(small, [3, 8], undefined, 2);
    const { prepareLearn } = await import('../../src/learning/learn');
    for (const [i, seed] of [3, 8].entries()) {
      const here = prepareLearn(readLearnSpec({ ...small, seed })).run();
      expect(fromWorkers[i].rows.map((r) => r.testError)).toEqual(here.rows.map((r) => r.testError));
      expect(fromWorkers[i].conductances).toEqual(here.conductances);
    }
  });

  it('checks every seed spec before starting any worker', () => {
    expect(() => runSeeds({ ...small, protocol: { kind: 'sawtooth', period: -1, rise: 0.1, amplitude: 1 } }, [1])).toThrow(SpecError);
  });
});
