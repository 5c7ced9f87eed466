import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildCli } from '../support/built-cli';
import { SlurmCluster, missingSlurm, startSlurm } from '../support/slurm-cluster';

/**
 * `phaseless sweep --slurm` against a real SLURM: a single-node cluster started on this machine
 * (test/support/slurm-cluster.ts; `.ci/run` installs slurm-wlm and munge). A sweep is submitted
 * as an array of 4 tasks of which one fails (its --preamble exits 3): --status shows the failed
 * task and its pending points, --merge refuses; the resubmission computes only that task's
 * points and its last task merges. The merged folder is compared, point by point, with a local
 * run of the same spec on the worker pool. Without SLURM (or root, which the daemons need here)
 * the test is skipped with a notice. A seed study goes the same way as an array of 2.
 */
const missing = missingSlurm();
const isRoot = process.getuid?.() === 0;
const why = missing.length > 0 ? `${missing.join(', ')} not installed (apt-get install slurm-wlm munge)` : !isRoot ? 'the test cluster runs its daemons as root' : '';
if (why) console.log(`real SLURM test skipped: ${why}`);
const maybe = why ? describe.skip : describe;

const spec = { experiment: 'convergence', base: { dt: 2e-4 }, grid: { tauF: [0.5, 1, 1.5, 2, 3, 4, 6, 8, 0.75] } };

maybe('sweep --slurm on a real single-node SLURM cluster', () => {
  let tmp = '';
  let cluster: SlurmCluster | undefined;
  let cli = '';
  const started = Date.now();
  const laps: string[] = [];
  let last = started;
  const lap = (what: string) => {
    laps.push(`${what} ${((Date.now() - last) / 1000).toFixed(1)} s`);
    last = Date.now();
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'phaseless-slurm-'));
    cli = buildCli(join(tmp, 'pkg'));
    lap('CLI built');
    chmodSync(tmp, 0o755);
    mkdirSync(join(tmp, 'daemons'));
    cluster = await startSlurm(join(tmp, 'daemons'));
    lap('cluster up');
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    console.log(`real SLURM test: ${((Date.now() - started) / 1000).toFixed(1)} s wall : ${laps.join(', ')}`);
  });

  /** Runs the built CLI as a user would, with the cluster's SLURM_CONF. */
  const phaseless = (...argv: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...argv], { cwd: tmp, env: cluster!.env, encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  /** Waits until no task of the job is pending or running; returns each task's state. */
  const finished = async (job: string): Promise<string[]> => {
    const end = Date.now() + 60_000;
    for (;;) {
      const out = spawnSync('scontrol', ['show', 'job', '-o', job], { env: cluster!.env, encoding: 'utf8' }).stdout ?? '';
      const states = out.trim().split('\n').map((l) => /JobState=(\S+)/.exec(l)?.[1] ?? '?');
      if (states.length > 0 && states.every((s) => !/PENDING|RUNNING|CONFIGURING|COMPLETING/.test(s))) return states;
      if (Date.now() > end) throw new Error(`job ${job} not finished within 60 s: ${out}\n${cluster!.logs()}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };

  const rowsByIndex = (dir: string) =>
    readFileSync(join(dir, 'points.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .map(({ seconds: _s, ...row }) => row)
      .sort((a, b) => a.index - b.index);
  const summaryOf = (dir: string) => {
    const { timing: _t, ...rest } = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    return rest;
  };

  it('a failed task is reported and resubmitted alone; the merge equals the local worker-pool run point by point', async () => {
    writeFileSync(join(tmp, 'sweep.json'), JSON.stringify(spec));
    // Task 1 fails before it computes anything, as a task does on a node without the module it loads.
    writeFileSync(join(tmp, 'preamble.sh'), 'if [ "$SLURM_ARRAY_TASK_ID" = 1 ]; then echo "no node here" >&2; exit 3; fi\n');
    const local = phaseless('sweep', 'sweep.json', '--out', 'local', '--workers', '2');
    expect(local.code).toBe(0);
    lap('local run');

    const first = phaseless('sweep', 'sweep.json', '--out', 'cluster', '--slurm', '--array-size', '4', '--preamble', 'preamble.sh', '--time', '00:05:00');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const job1 = /^submitted job (\d+): 4 array tasks for 9 of 9 points/.exec(first.out)?.[1];
    expect(job1).toBeDefined();
    expect(JSON.parse(readFileSync(join(tmp, 'cluster/slurm/jobs.ndjson'), 'utf8')).job).toBe(job1);
    const states1 = await finished(job1!);
    lap('first array');
    expect(states1.filter((s) => s === 'FAILED')).toHaveLength(1);
    expect(readFileSync(join(tmp, `cluster/slurm/task-${job1}_1.err`), 'utf8')).toMatch(/no node here/);

    // Shard 1 of 4 holds points 1 and 5: pending, with the task's state, and a hint to resubmit.
    const status = phaseless('sweep', '--status', 'cluster');
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/9 points, 7 done, 0 failed, 2 pending/);
    expect(status.out).toMatch(/shard 1\/4 +0\/2 done +0 failed +2 pending +FAILED \(exit 3:0\)/);
    expect(status.out).toMatch(/shard 0\/4 +3\/3 done .* COMPLETED/);
    expect(status.out).toMatch(/'phaseless sweep --resume cluster --slurm' computes only the missing points/);
    const refused = phaseless('sweep', '--merge', 'cluster');
    expect([refused.code, refused.err.trim().split('\n').length]).toEqual([2, 1]);
    expect(refused.err).toMatch(/^phaseless: error: --merge: expected a sweep whose points are all done \(cluster: 2 of 9 not done/);
    expect(existsSync(join(tmp, 'cluster/points.ndjson'))).toBe(false);

    const again = phaseless('sweep', '--resume', 'cluster', '--slurm', '--array-size', '4');
    expect(again.code).toBe(0);
    const job2 = /^submitted job (\d+): 4 array tasks for 2 of 9 points/.exec(again.out)?.[1];
    expect(job2).toBeDefined();
    expect(await finished(job2!)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    lap('status, merge refused, second array');
    // Only task 1 computed anything; the others found their points done.
    for (const t of [0, 2, 3]) expect(readFileSync(join(tmp, `cluster/slurm/task-${job2}_${t}.out`), 'utf8')).toMatch(/0 computed/);
    expect(readFileSync(join(tmp, `cluster/slurm/task-${job2}_1.out`), 'utf8')).toMatch(/2 computed, 0 already done/);

    // The last task merged: the folder ends as the local run's.
    expect(JSON.parse(readFileSync(join(tmp, 'cluster/status.json'), 'utf8')).status).toBe('done');
    expect(rowsByIndex(join(tmp, 'cluster'))).toEqual(rowsByIndex(join(tmp, 'local')));
    expect(summaryOf(join(tmp, 'cluster'))).toEqual(summaryOf(join(tmp, 'local')));
    expect(readFileSync(join(tmp, 'cluster/convergence.svg'), 'utf8')).toBe(readFileSync(join(tmp, 'local/convergence.svg'), 'utf8'));
    // A merge by hand writes the same again, in point order.
    const merged = phaseless('sweep', '--merge', 'cluster');
    expect(merged.code).toBe(0);
    expect(rowsByIndex(join(tmp, 'cluster')).map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(readFileSync(join(tmp, 'cluster/points.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rowsByIndex(join(tmp, 'cluster'))).toEqual(rowsByIndex(join(tmp, 'local')));
    const done = phaseless('sweep', '--status', 'cluster');
    expect(done.out).toMatch(/9 points, 9 done, 0 failed, 0 pending\n\[#{30}\] 100%\nmerged/);
    lap('checks and merge by hand');
  }, 150_000);

  it('seeds: an array of 2 tasks ends as the local run of the same seeds', async () => {
    writeFileSync(join(tmp, 'learn.json'), JSON.stringify({ substrate: { kind: 'resistor' }, engine: 'lockstep', budget: { epochs: 2, evalEvery: 1 }, task: { train: 4, test: 4 } }));
    expect(phaseless('seeds', 'learn.json', '--seeds', '2,7,1', '--out', 'seeds-local', '--workers', '2').code).toBe(0);
    const r = phaseless('seeds', 'learn.json', '--seeds', '2,7,1', '--out', 'seeds-cluster', '--slurm', '--array-size', '2');
    const job = /^submitted job (\d+): 2 array tasks for 3 of 3 seeds/.exec(r.out)?.[1];
    expect([r.code, r.err, job !== undefined]).toEqual([0, '', true]);
    expect(await finished(job!)).toEqual(['COMPLETED', 'COMPLETED']);
    lap('seeds array');
    const read = (dir: string, f: string) => readFileSync(join(tmp, dir, f), 'utf8').replace(/"(wallMs|wallSeconds)":[^,}]+/g, '');
    for (const f of ['metrics.ndjson', 'seeds.json', 'learning-curves.svg']) expect([f, read('seeds-cluster', f)]).toEqual([f, read('seeds-local', f)]);
    const sorted = (dir: string) => read(dir, 'seed-results.ndjson').trim().split('\n').sort();
    expect(sorted('seeds-cluster')).toEqual(sorted('seeds-local'));
    expect(phaseless('seeds', '--status', 'seeds-cluster').out).toMatch(/3 seeds, 3 finished, 0 pending\n\[#{30}\] 100%\nmerged/);
  }, 120_000);
});
