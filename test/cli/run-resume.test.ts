import fc from 'fast-check';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { runCli, tempDir } from '../support/cli';
import { readLearnSpec } from '../../src';
import { LearnState, prepareLearn } from '../../src/learning/learn';
import { storedSpec } from '../../src/cli/run-dir';
import { RUN_CHECKPOINT_FILE, saveRunCheckpoint, taskFingerprint } from '../../src/cli/run-checkpoint';
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

  /**
   * A folder as a process killed after epoch `epoch`'s checkpoint leaves it: its metrics cut to
   * `lines` lines and a torn one, no result, status "running", and the checkpoint that process
   * wrote (made here through the same calls, so no kill timing decides the epoch).
   */
  const killedAfter = (out: string, epoch: number, lines: number, seed?: number) => {
    const states: LearnState[] = [];
    const spec = readLearnSpec(storedSpec(out));
    const job = prepareLearn(seed === undefined ? spec : { ...spec, seed });
    job.run(undefined, { onState: (s) => states.push(s) });
    const specJson = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    saveRunCheckpoint(out, seed === undefined ? specJson : { ...specJson, seed }, taskFingerprint(job.task), states.find((s) => s.epoch === epoch)!);
    const all = readFileSync(join(out, 'metrics.ndjson'), 'utf8').split('\n');
    writeFileSync(join(out, 'metrics.ndjson'), all.slice(0, lines).join('\n') + '\n{"epoch": 9, "tr');
    rmSync(join(out, 'result.json'), { force: true });
    writeFileSync(join(out, 'status.json'), JSON.stringify({ command: 'run', status: 'running', pid: 2 ** 22 + 1 }));
  };
  const eventsAt = (out: string, epoch: number) => JSON.parse(readFileSync(join(out, 'metrics.ndjson'), 'utf8').split('\n')[epoch]).events as number;

  it.each(['reactive', 'lockstep', 'event'])('%s engine: resumes from the checkpoint without replaying, or replays a folder without one', async (engine) => {
    const small = { engine, epochs: 4, evalEvery: 1, task: { train: 3, test: 4 }, cyclesPerExample: 1 };
    const whole = join(tmp.path(), `whole-${engine}`);
    expect((await runCli(['run', tmp.file(`${engine}.json`, small), '--out', whole])).code).toBe(0);
    // A finished folder keeps no checkpoint.
    expect(existsSync(join(whole, RUN_CHECKPOINT_FILE))).toBe(false);
    const ref = strip(whole);
    const total = ref.result.events as number;
    // Cut after the checkpoint's line (3 lines: epochs 0-2), and before it (the line was torn).
    for (const lines of [3, 2]) {
      const out = join(tmp.path(), `ckpt-${engine}-${lines}`);
      expect((await runCli(['run', tmp.file(`${engine}.json`, small), '--out', out])).code).toBe(0);
      killedAfter(out, 2, lines);
      const r = await runCli(['run', '--resume', out]);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(/resuming .* after epoch \d of 4 \(from its checkpoint at epoch 2, no replay\)/);
      // Only epochs 3 and 4 were simulated in this process.
      const ran = Number(/this process simulated (\d+) of the run's (\d+) events/.exec(r.err)![1]);
      expect(ran).toBe(total - eventsAt(whole, 2));
      expect(ran).toBeLessThan(total);
      expect(strip(out)).toEqual(ref);
      expect(existsSync(join(out, RUN_CHECKPOINT_FILE))).toBe(false);
    }
    // An older folder (no checkpoint) is replayed: every event again.
    const old = join(tmp.path(), `old-${engine}`);
    expect((await runCli(['run', tmp.file(`${engine}.json`, small), '--out', old])).code).toBe(0);
    killedAfter(old, 2, 3);
    rmSync(join(old, RUN_CHECKPOINT_FILE));
    const r = await runCli(['run', '--resume', old]);
    expect(r.err).toMatch(/\(no checkpoint: replaying it\)/);
    expect(r.err).toMatch(new RegExp(`this process simulated ${total} of the run's ${total} events`));
    expect(strip(old)).toEqual(ref);
  });

  it("refuses a checkpoint of another spec or a damaged one, in one line naming the file", async () => {
    const small = { engine: 'lockstep', epochs: 4, evalEvery: 1, task: { train: 3, test: 4 }, cyclesPerExample: 1 };
    const out = join(tmp.path(), 'foreign');
    expect((await runCli(['run', tmp.file('foreign.json', small), '--out', out])).code).toBe(0);
    killedAfter(out, 2, 3, 2);
    const file = join(out, RUN_CHECKPOINT_FILE);
    const r = await runCli(['run', '--resume', out]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`phaseless: error: ${file}: expected a checkpoint of this folder's spec.json (it was written for spec.seed 2; spec.json has 1)\n`);
    // The same spec, other examples (a task file changed since the run began).
    killedAfter(out, 2, 3);
    const cp = JSON.parse(readFileSync(file, 'utf8'));
    saveRunCheckpoint(out, cp.body.spec, 'other examples', cp.body.state);
    const t = await runCli(['run', '--resume', out]);
    expect(t.err).toBe(`phaseless: error: ${file}: expected a checkpoint of this run's examples (they differ from the ones it was written for: a task file changed since?)\n`);
    killedAfter(out, 2, 3);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"presented":\d+/, '"presented":1'));
    const d = await runCli(['run', '--resume', out]);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(new RegExp(`^phaseless: error: ${file.replace(/[.\\/]/g, '\\$&')}: expected an intact run checkpoint \\(its data do not match their checksum\\)[^\\n]*\\n$`));
  });

  it('property: kill -9 at a random moment, resume, and the folder equals the uninterrupted run', async () => {
    let interrupted = 0;
    let fromCheckpoint = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300 }), fc.boolean(), async (extraMs, afterCheckpoint) => {
        const out = join(tmp.path(), `killed-${extraMs}-${Date.now()}`);
        const child = spawnCli(['run', tmp.file('spec.json', spec), '--out', out]);
        const end = exited(child);
        // Wait for the run to be under way (its first metrics line, or its first checkpoint),
        // then kill it without warning (perhaps while it writes a checkpoint).
        const started = Date.now();
        const mark = join(out, afterCheckpoint ? 'checkpoint.json' : 'metrics.ndjson');
        while (!existsSync(mark) && !existsSync(join(out, 'result.json')) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, extraMs));
        child.kill('SIGKILL');
        await end;
        const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')).status;
        if (status === 'running') {
          interrupted++;
          const r = await runCli(['run', '--resume', out]);
          expect(r.code).toBe(0);
          if (/from its checkpoint/.test(r.err)) fromCheckpoint++;
        }
        expect(strip(out)).toEqual(reference);
      }),
      { numRuns: runs(4) },
    );
    // Not vacuous: the kills did land inside runs.
    console.log(`kill -9 property: ${interrupted} of ${runs(4)} runs were interrupted and resumed, ${fromCheckpoint} from a checkpoint`);
    expect(interrupted).toBeGreaterThan(0);
  });
});
