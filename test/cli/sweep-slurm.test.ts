import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'fs';
import { join, resolve } from 'path';
import { runCli, tempDir } from '../support/cli';

/**
 * `phaseless sweep --slurm | --shard | --status | --merge` from the command line, with stand-ins
 * for sbatch and squeue on PATH (test/slurm/real-slurm.test.ts runs a real SLURM): every bad flag
 * is one line naming it before anything is written; a missing sbatch, a rejected submission and
 * a job still queued are clear errors that lose nothing; shards run by hand end as a local run.
 */
const tmp = tempDir('phaseless-sweep-slurm-');
const spec = { experiment: 'convergence', base: { dt: 1e-3, period: 10 }, grid: { tauF: [0.5, 1, 2], amplitude: [10, 20] } };
let specFile = '';
const bins: Record<'none' | 'accepts' | 'rejects' | 'queued', string> = { none: '', accepts: '', rejects: '', queued: '' };

/** A folder of shell scripts standing in for SLURM commands; sbatch logs its arguments to sbatch.args. */
function fakeBin(name: string, scripts: Record<string, string>): string {
  const dir = join(tmp.path(), name);
  mkdirSync(dir);
  for (const [cmd, body] of Object.entries(scripts)) {
    const file = tmp.file(`${name}/${cmd}`, `#!/bin/sh\necho "$@" >> ${join(dir, `${cmd}.args`)}\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

beforeAll(() => {
  specFile = tmp.file('grid.json', spec);
  bins.none = fakeBin('none', {});
  bins.accepts = fakeBin('accepts', { sbatch: 'echo "4242;phaseless"' });
  bins.rejects = fakeBin('rejects', { sbatch: 'echo "sbatch: error: invalid partition specified: nope" >&2\necho "sbatch: error: Batch job submission failed: Invalid partition name specified" >&2\nexit 1' });
  bins.queued = fakeBin('queued', { sbatch: 'echo 4243', squeue: 'case "$*" in *%K\|*) echo "1|RUNNING"; echo "2|PENDING";; *) echo 1; echo 2;; esac' });
});

/** Runs the CLI with only the given stand-ins on PATH. */
async function withPath(bin: string, argv: string[]) {
  const saved = process.env.PATH;
  process.env.PATH = bin;
  try {
    return await runCli(argv);
  } finally {
    process.env.PATH = saved;
  }
}

const oneLineError = (r: { code: number; err: string }, message: RegExp) => {
  expect([r.code, r.err.split('\n').length]).toEqual([2, 2]);
  expect(r.err).toMatch(message);
};

describe('sweep --slurm, --shard, --status, --merge: bad flags', () => {
  it('names the flag and the expected form; nothing is written', async () => {
    const out = join(tmp.path(), 'never');
    const cases: [string[], RegExp][] = [
      [['--shard', '3/2', '--out', out], /^phaseless: error: --shard: expected i\/N with 0 <= i < N <= 1000 .*, got "3\/2"/],
      [['--shard', '1', '--out', out], /^phaseless: error: --shard: expected i\/N/],
      [['--shard', '0/2'], /^phaseless: error: --shard: expected a folder the shards share: --out DIR with a spec, or --resume DIR/],
      [['--slurm', '--time', '5', '--out', out], /^phaseless: error: --time: expected a time limit HH:MM:SS or D-HH:MM:SS \(e\.g\. 02:00:00\), got "5"/],
      [['--slurm', '--time', '00:61:00', '--out', out], /^phaseless: error: --time: expected a time limit HH:MM:SS/],
      [['--time', '01:00:00', '--out', out], /^phaseless: error: --time: expected it only with --slurm/],
      [['--array-size', '4', '--out', out], /^phaseless: error: --array-size: expected it only with --slurm/],
      [['--slurm', '--array-size', '0', '--out', out], /^phaseless: error: --array-size: expected an integer >= 1/],
      [['--slurm', '--array-size', '5000', '--out', out], /^phaseless: error: --array-size: expected at most 1000/],
      [['--slurm', '--partition', 'a b', '--out', out], /^phaseless: error: --partition: expected a SLURM name/],
      [['--slurm', '--cpus-per-task', '0', '--out', out], /^phaseless: error: --cpus-per-task: expected an integer >= 1/],
      [['--slurm', '--shard', '0/2', '--out', out], /^phaseless: error: --shard: expected not given with --slurm/],
      [['--slurm', '--workers', '2', '--out', out], /^phaseless: error: --workers: expected not given with --slurm \(each task uses --cpus-per-task threads\)/],
      [['--slurm', '--preamble', join(tmp.path(), 'missing.sh'), '--out', out], /^phaseless: error: --preamble: expected a readable file of shell lines \(ENOENT\)/],
    ];
    for (const [flags, message] of cases) oneLineError(await withPath(bins.accepts, ['sweep', specFile, ...flags]), message);
    oneLineError(await runCli(['sweep', '--status', out, '--out', out]), /^phaseless: error: --out: expected not given with --status/);
    oneLineError(await runCli(['sweep', specFile, '--merge', out]), /^phaseless: error: sweep: expected no spec file with --merge/);
    oneLineError(await runCli(['sweep', '--merge', out]), /^phaseless: error: --merge: expected a sweep folder \(.* is not a folder\)/);
    oneLineError(await runCli(['sweep', '--status', tmp.path()]), /^phaseless: error: --status: expected a sweep folder \(.*sweep\.json is missing\)/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(bins.accepts, 'sbatch.args'))).toBe(false);
  });

  it('no sbatch on PATH: says where to run it; --dry-run needs none and writes nothing', async () => {
    const out = join(tmp.path(), 'nosbatch');
    oneLineError(await withPath(bins.none, ['sweep', specFile, '--out', out, '--slurm']), /^phaseless: error: --slurm: expected sbatch on PATH \(SLURM's submit command: run this on the cluster's login node, or load its module\); --dry-run prints/);
    expect(existsSync(out)).toBe(false);
    const dry = await withPath(bins.none, ['sweep', specFile, '--out', out, '--slurm', '--array-size', '4', '--partition', 'short', '--account', 'lab1', '--time', '1-00:00:00', '--dry-run']);
    expect(dry.code).toBe(0);
    const abs = resolve(out);
    expect(dry.out).toBe(
      [
        '#!/bin/bash',
        '#SBATCH --job-name=phaseless-convergence',
        '#SBATCH --array=0-3',
        `#SBATCH --output=${abs}/slurm/task-%A_%a.out`,
        `#SBATCH --error=${abs}/slurm/task-%A_%a.err`,
        '#SBATCH --cpus-per-task=1',
        '#SBATCH --partition=short',
        '#SBATCH --account=lab1',
        '#SBATCH --time=1-00:00:00',
        '# Written by phaseless: task i of the array computes shard i of the sweep (the points whose index is i mod N).',
        'set -eu',
        `exec ${process.execPath} ${resolve(__dirname, '../../dist/cli/main.js')} sweep --resume ${abs} --shard "$SLURM_ARRAY_TASK_ID/4" --workers "\${SLURM_CPUS_PER_TASK:-1}"`,
        '',
      ].join('\n'),
    );
    expect(dry.err).toMatch(/^dry run: nothing written or submitted/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('sweep --slurm with stand-ins for sbatch and squeue', () => {
  const out = () => join(tmp.path(), 'grid');

  it("a rejected submission quotes sbatch and keeps the script; fixed, it submits, records the job id and prints it", async () => {
    const rejected = await withPath(bins.rejects, ['sweep', specFile, '--out', out(), '--slurm', '--partition', 'nope']);
    oneLineError(rejected, /^phaseless: error: --slurm: expected sbatch to accept the job \(it exited 1: sbatch: error: invalid partition specified: nope; sbatch: error: Batch job submission failed: Invalid partition name specified\); fix the flags and run again, the script is in .*\/grid\/slurm\/sweep-1\.sbatch/);
    expect(readFileSync(join(out(), 'slurm/sweep-1.sbatch'), 'utf8')).toMatch(/#SBATCH --partition=nope/);
    expect(existsSync(join(out(), 'slurm/jobs.ndjson'))).toBe(false);

    // The same command into the same folder submits again; the first script stays.
    const r = await withPath(bins.accepts, ['sweep', specFile, '--out', out(), '--slurm', '--array-size', '3', '--cpus-per-task', '2']);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^submitted job 4242: 3 array tasks for 6 of 6 points of convergence, into .*grid\nprogress: phaseless sweep --status .*grid\n/);
    const script = join(resolve(out()), 'slurm/sweep-2.sbatch');
    expect(readFileSync(join(bins.accepts, 'sbatch.args'), 'utf8')).toBe(`--parsable ${script}\n`);
    expect(readFileSync(script, 'utf8')).toMatch(/#SBATCH --array=0-2\n[^]*#SBATCH --cpus-per-task=2\n[^]*--shard "\$SLURM_ARRAY_TASK_ID\/3" --workers "\$\{SLURM_CPUS_PER_TASK:-2\}"\n$/);
    expect(readdirSync(join(out(), 'slurm')).sort()).toEqual(['jobs.ndjson', 'sweep-1.sbatch', 'sweep-2.sbatch']);
    expect(JSON.parse(readFileSync(join(out(), 'slurm/jobs.ndjson'), 'utf8'))).toMatchObject({ job: '4242', arraySize: 3, script });
  });

  it('--status shows the tasks squeue knows; a resubmission is refused while tasks of the sweep are queued', async () => {
    const status = await withPath(bins.queued, ['sweep', '--status', out()]);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^sweep convergence in .*grid: 6 points, 0 done, 0 failed, 6 pending\n\[\.{30}\] 0%\nSLURM job 4242 \(1 submission\(s\)\), 3 tasks; task states from squeue\n/);
    expect(status.out).toMatch(/shard 0\/3 +0\/2 done +0 failed +2 pending  gone from the queue\n +shard 1\/3 +0\/2 done +0 failed +2 pending  RUNNING\n +shard 2\/3 +0\/2 done +0 failed +2 pending  PENDING\n$/);
    oneLineError(await withPath(bins.queued, ['sweep', '--resume', out(), '--slurm']), /^phaseless: error: --slurm: expected no job of this run still queued \(job 4242 has 2 task\(s\) queued or running: wait for them, or scancel 4242\)/);
    // The same command again (the same --out) is the same sweep: refused too.
    oneLineError(await withPath(bins.queued, ['sweep', specFile, '--out', out(), '--slurm']), /^phaseless: error: --slurm: expected no job of this run still queued \(job 4242 has 2 task/);
    expect(existsSync(join(out(), 'slurm/sweep-3.sbatch'))).toBe(false);
  });

  it('the shards run by hand (as the tasks run them) end as the local run: points, summary and figure; the last one merges', async () => {
    const local = join(tmp.path(), 'local');
    expect((await runCli(['sweep', specFile, '--out', local, '--workers', '0'])).code).toBe(0);
    const s0 = await runCli(['sweep', '--resume', out(), '--shard', '0/2', '--workers', '0']);
    expect(s0.out).toBe(`shard 0/2: 3 points, 3 computed, 0 already done, 0 failed, ${/, ([\d.]+ s);/.exec(s0.out)![1]}; wrote ${join(out(), 'shards')}\nsweep: 3 of 6 points done; the last shard to finish merges\n`);
    const s1 = await runCli(['sweep', '--resume', out(), '--shard', '1/2', '--workers', '0']);
    expect(s1.code).toBe(0);
    expect(s1.out).toMatch(/^shard 1\/2: 3 points, 3 computed[^]*\nconvergence: merged 6 points \(6 from shards\)/);
    const bare = (dir: string) => readFileSync(join(dir, 'points.ndjson'), 'utf8').replace(/"seconds":[^,}]+/g, '');
    const summary = (dir: string) => ({ ...JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')), timing: undefined });
    expect(bare(out())).toBe(bare(local));
    expect(summary(out())).toEqual(summary(local));
    expect(readFileSync(join(out(), 'convergence.svg'), 'utf8')).toBe(readFileSync(join(local, 'convergence.svg'), 'utf8'));
    expect(JSON.parse(readFileSync(join(out(), 'status.json'), 'utf8')).status).toBe('done');
    oneLineError(await withPath(bins.accepts, ['sweep', '--resume', out(), '--slurm']), /^phaseless: error: --resume: expected an unfinished sweep \(.*grid is done\)/);
    const again = await runCli(['sweep', '--merge', out()]);
    expect(again.code).toBe(0);
    expect(bare(out())).toBe(bare(local));
  });

  it('--resume DIR without --slurm finishes a submitted sweep here (as its one shard) and merges', async () => {
    const dir = join(tmp.path(), 'finish-here');
    expect((await withPath(bins.accepts, ['sweep', specFile, '--out', dir, '--slurm', '--array-size', '2'])).code).toBe(0);
    expect((await runCli(['sweep', '--resume', dir, '--shard', '1/2', '--workers', '0'])).code).toBe(0);
    const r = await runCli(['sweep', '--resume', dir, '--workers', '0']);
    expect(r.out).toMatch(/^shard 0\/1: 6 points, 3 computed, 3 already done, 0 failed[^]*\nconvergence: merged 6 points \(6 from shards\)/);
    const bare = (d: string) => readFileSync(join(d, 'points.ndjson'), 'utf8').replace(/"seconds":[^,}]+/g, '');
    expect(bare(dir)).toBe(bare(join(tmp.path(), 'local')));
  });
});
