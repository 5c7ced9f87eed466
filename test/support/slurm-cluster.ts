import { execFileSync, spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';

/**
 * A real single-node SLURM cluster on this machine, for the tests: munged with its own key and
 * socket, slurmctld and slurmd on free ports, everything (state, spool, logs, pid files) in one
 * temporary folder, no cgroups and no accounting. Started daemons are stopped by pid.
 *
 * Learnt the hard way: munged refuses a socket folder that is not executable by all (mktemp -d
 * makes 0700); select/cons_tres without CR_CPU runs an array one task at a time; linuxproc and
 * task/none keep cgroups out; AuthInfo=socket=... points slurm at this munged; the client
 * commands need SLURM_CONF; MailProg=/bin/true silences a config error.
 */

export const SLURM_DAEMONS = ['slurmctld', 'slurmd', 'munged', 'sbatch', 'sinfo', 'squeue', 'scontrol'];

/** The SLURM and munge programs that are missing (for a skip notice), from /usr/sbin and PATH. */
export function missingSlurm(): string[] {
  const path = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;
  return SLURM_DAEMONS.filter((c) => spawnSync('sh', ['-c', `command -v ${c}`], { env: { ...process.env, PATH: path } }).status !== 0);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface SlurmCluster {
  dir: string;
  /** The environment the client commands (and phaseless --slurm) need: SLURM_CONF and PATH. */
  env: NodeJS.ProcessEnv;
  /** Stops the daemons this started (SIGTERM by pid) and waits, at most 10 s, until they are gone. */
  stop(): Promise<void>;
  /** The daemons' logs, for a failure message. */
  logs(): string;
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True while the process runs (a zombie, stopped but not yet reaped by its parent, does not). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`SLURM test cluster: ${what} within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts munged, slurmctld and slurmd with `cpus` CPUs in `dir` (a fresh folder); waits until the node is idle. */
export async function startSlurm(dir: string, cpus = 2): Promise<SlurmCluster> {
  chmodSync(dir, 0o755);
  const host = execFileSync('hostname', ['-s'], { encoding: 'utf8' }).trim();
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  for (const d of ['state', 'spool']) mkdirSync(join(dir, d));
  const key = join(dir, 'munge.key');
  writeFileSync(key, require('crypto').randomBytes(1024), { mode: 0o600 });
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=phaseless-test',
      `SlurmctldHost=${host}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${join(dir, 'munge.sock')}`,
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'MailProg=/bin/true',
      'ReturnToService=2',
      // Finished jobs stay known to scontrol for the test's polls (sacct is off: no accounting).
      'MinJobAge=600',
      `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} State=UNKNOWN`,
      `PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` };
  const started: { name: string; pidFile: string }[] = [];
  const cluster: SlurmCluster = {
    dir,
    env,
    async stop() {
      // In reverse order, each by the pid it wrote; a daemon that never started has no pid file.
      const pids = [...started].reverse().flatMap(({ pidFile }) => readPid(pidFile) ?? []);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      // They save their state as they stop: the folder can go only after.
      await until('the daemons stopped', () => pids.every((pid) => !running(pid)), 10_000).catch(() => undefined);
    },
    logs() {
      return ['munged.log', 'slurmctld.log', 'slurmd.log']
        .filter((f) => existsSync(join(dir, f)))
        .map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8').split('\n').slice(-15).join('\n')}`)
        .join('\n');
    },
  };
  const daemon = (name: string, args: string[], pidFile: string) => {
    started.push({ name, pidFile });
    // Each daemonizes and writes its pid file; the command returns once it has forked.
    execFileSync(name, args, { env, stdio: 'pipe', timeout: 30_000 });
  };
  try {
    daemon('munged', [`--socket=${join(dir, 'munge.sock')}`, `--key-file=${key}`, `--pid-file=${join(dir, 'munged.pid')}`, `--log-file=${join(dir, 'munged.log')}`, `--seed-file=${join(dir, 'munge.seed')}`, '--force'], join(dir, 'munged.pid'));
    daemon('slurmctld', ['-f', conf], join(dir, 'slurmctld.pid'));
    daemon('slurmd', ['-f', conf, '-N', host], join(dir, 'slurmd.pid'));
    await until('the node idle in sinfo', () => spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).stdout?.trim() === 'idle', 30_000);
  } catch (e) {
    await cluster.stop();
    throw new Error(`${(e as Error).message}\n${cluster.logs()}`);
  }
  return cluster;
}
