import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { exited, spawnCli } from './cli-process';

/**
 * Starts the CLI in a child process and kills it with SIGKILL (no chance to clean up, as the
 * OOM killer or a power cut) once `file` holds `lines` complete lines and `delayMs` more have
 * passed: a random point of the run, chosen by the caller. Says whether the kill cut the run
 * (its folder is not done) or came after the end.
 */
export async function killDuring(argv: string[], dir: string, file: string, lines: number, delayMs: number): Promise<'cut' | 'finished'> {
  const child = spawnCli(argv);
  let ended = false;
  const end = exited(child).then((code) => ((ended = true), code));
  const path = join(dir, file);
  const count = () => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0);
  const started = Date.now();
  while (!ended && count() < lines && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, delayMs));
  child.kill('SIGKILL');
  await end;
  const status = existsSync(join(dir, 'status.json')) ? JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')).status : 'missing';
  if (status === 'done') return 'finished';
  // kill -9 leaves no chance to write: the folder still says "running", with a process that is gone.
  expect(status).toBe('running');
  return 'cut';
}
