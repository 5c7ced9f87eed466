import { chmodSync, existsSync, mkdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { runCli, tempDir } from '../support/cli';

/**
 * `phaseless seeds --shard | --slurm | --status | --merge`: the shards of a seed study run by hand
 * (as the array tasks run them) end as the local run of the same seeds, file by file (wall-clock
 * fields apart); the script, the submission and the refusals as for sweep (sweep-slurm.test.ts).
 */
const tmp = tempDir('phaseless-seeds-slurm-');
const spec = { engine: 'lockstep', epochs: 2, evalEvery: 1, task: { train: 4, test: 4 } };
let specFile = '';
let accepts = '';

beforeAll(() => {
  specFile = tmp.file('spec.json', spec);
  accepts = join(tmp.path(), 'bin');
  mkdirSync(accepts);
  chmodSync(tmp.file('bin/sbatch', `#!/bin/sh\necho "$@" >> ${join(accepts, 'sbatch.args')}\necho 77\n`), 0o755);
});

const withoutWall = (text: string) => text.replace(/"(wallMs|wallSeconds)":[^,}]+/g, '');
const read = (dir: string, f: string) => withoutWall(readFileSync(join(dir, f), 'utf8'));

describe('seeds on shards', () => {
  it('shards 1 and 0 of 2, by hand, end as the local run; --status counts them; the last merges', async () => {
    const local = join(tmp.path(), 'local');
    const sharded = join(tmp.path(), 'sharded');
    expect((await runCli(['seeds', specFile, '--seeds', '3,1,4', '--out', local, '--workers', '2'])).code).toBe(0);
    const first = await runCli(['seeds', specFile, '--seeds', '3,1,4', '--out', sharded, '--shard', '1/2', '--workers', '1']);
    expect(first.out).toMatch(/^shard 1\/2: 1 seeds, 1 run, 0 already finished; wrote .*shards\/seeds-1-of-2\.ndjson\nseeds: 1 of 3 finished; the last shard to finish merges\n$/);
    const status = await runCli(['seeds', '--status', sharded]);
    expect(status.out).toMatch(/^seeds in .*sharded: 3 seeds, 1 finished, 2 pending\n\[#{10}\.{20}\] 33%\n  shard 0\/2 +0\/2 finished \(pending: seeds 3,4\)\n  shard 1\/2 +1\/1 finished\n$/);
    const refused = await runCli(['seeds', '--merge', sharded]);
    expect([refused.code, refused.err]).toEqual([2, expect.stringMatching(/^phaseless: error: --merge: expected a run whose seeds are all finished \(.*: seeds 3,4 are not;/)]);
    // A flag that would change the run is refused with --resume.
    const changed = await runCli(['seeds', '--resume', sharded, '--shard', '0/2', '--seeds', '1,2']);
    expect([changed.code, changed.err]).toEqual([2, 'phaseless: error: --seeds: expected not given with --resume (the folder holds the seeds and the spec)\n']);
    const last = await runCli(['seeds', '--resume', sharded, '--shard', '0/2', '--workers', '2']);
    expect(last.out).toMatch(/^shard 0\/2: 2 seeds, 2 run, 0 already finished[^]*\n +seed +initial +final +ratio\n/);
    expect(JSON.parse(readFileSync(join(sharded, 'status.json'), 'utf8')).status).toBe('done');
    for (const f of ['spec.json', 'seed-list.json', 'seed-results.ndjson', 'metrics.ndjson', 'seeds.json', 'learning-curves.svg']) {
      // seed-results.ndjson is in finishing order in the local run, in seed-list order merged.
      const lines = (t: string) => (f === 'seed-results.ndjson' ? t.trim().split('\n').sort() : t);
      expect([f, lines(read(sharded, f))]).toEqual([f, lines(read(local, f))]);
    }
  });

  it('--slurm writes the script of seeds shards, submits it and records the job; bad flags are refused first', async () => {
    const out = join(tmp.path(), 'onslurm');
    const saved = process.env.PATH;
    process.env.PATH = accepts;
    try {
      const bad = await runCli(['seeds', specFile, '--out', out, '--slurm', '--time', '90']);
      expect([bad.code, bad.err]).toEqual([2, 'phaseless: error: --time: expected a time limit HH:MM:SS or D-HH:MM:SS (e.g. 02:00:00), got "90"\n']);
      expect(existsSync(out)).toBe(false);
      const r = await runCli(['seeds', specFile, '--seeds', '1,2,3', '--out', out, '--slurm', '--array-size', '8', '--cpus-per-task', '2']);
      expect(r.out).toMatch(/^submitted job 77: 3 array tasks for 3 of 3 seeds, into .*onslurm\n/);
      const script = readFileSync(join(out, 'slurm/seeds-1.sbatch'), 'utf8');
      expect(script).toContain('#SBATCH --array=0-2\n');
      expect(script).toContain(`seeds --resume ${resolve(out)} --shard "$SLURM_ARRAY_TASK_ID/3" --workers "\${SLURM_CPUS_PER_TASK:-2}"\n`);
      expect(JSON.parse(readFileSync(join(out, 'seed-list.json'), 'utf8'))).toEqual([1, 2, 3]);
      expect(JSON.parse(readFileSync(join(out, 'slurm/jobs.ndjson'), 'utf8'))).toMatchObject({ job: '77', arraySize: 3 });
    } finally {
      process.env.PATH = saved;
    }
  });
});
