import { spawn } from 'child_process';
import { existsSync } from 'fs';
import { cpuSeconds } from '../support/cli-pool';

/**
 * The CLI pool's hang limit counts CPU time from /proc/<pid>/stat, so that a case waiting for a
 * core on a loaded machine is not taken for a hang: CPU time grows while a process computes and
 * not while it waits.
 */
const onLinux = existsSync(`/proc/${process.pid}/stat`);

(onLinux ? describe : describe.skip)('cpuSeconds', () => {
  it('agrees with the process\'s own count (getrusage) over a busy loop, however loaded the machine', () => {
    const c0 = cpuSeconds(process.pid)!;
    const u0 = process.cpuUsage();
    let x = 0;
    // Until 0.3 s of CPU by getrusage, however long that takes in wall time.
    for (;;) {
      for (let k = 0; k < 1e5; k++) x += Math.sqrt(x + 1);
      const u = process.cpuUsage(u0);
      if (u.user + u.system >= 300_000) break;
    }
    const u = process.cpuUsage(u0);
    const byProc = cpuSeconds(process.pid)! - c0;
    expect(x).toBeGreaterThan(0);
    // /proc counts in ticks of 10 ms (one per field, at each end), getrusage in microseconds.
    expect(Math.abs(byProc - (u.user + u.system) / 1e6)).toBeLessThan(0.05);
  });

  it('does not grow while a process sleeps', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 3000)'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 1000));
    const c1 = cpuSeconds(child.pid!)!;
    await new Promise((r) => setTimeout(r, 1000));
    const c2 = cpuSeconds(child.pid!)!;
    child.kill('SIGKILL');
    expect(c2 - c1).toBeLessThan(0.05);
    expect(cpuSeconds(-1)).toBeUndefined();
  });
});
