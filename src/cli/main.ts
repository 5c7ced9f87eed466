#!/usr/bin/env node
import { CommanderError } from 'commander';
import { DivergenceError, SpecError } from '../errors';
import { PoolJobError } from '../parallel/worker-pool';
import { commands } from './commands';
import { buildProgram } from './program';
import { dropNotices, flushNotices } from './notices';

/**
 * A reader that closes the pipe early (`phaseless sweep --help | head`) is not an error: the
 * output nobody reads is dropped and the process ends quietly (as `cat` and `ls` do).
 */
const PIPE_WATCHED = Symbol.for('phaseless.pipeWatched');
function endQuietlyOnClosedPipe(): void {
  // Marked on the stream itself, not in a module variable: a host that loads this module more
  // than once over one stdout (jest gives each test file its own module registry) adds one
  // listener in all, not one per load.
  const out = process.stdout as NodeJS.WriteStream & { [PIPE_WATCHED]?: true };
  if (out[PIPE_WATCHED]) return;
  out[PIPE_WATCHED] = true;
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
}

/** Runs one command; user errors print one clear line and exit 2, a diverged run exits 3, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  const program = buildProgram(commands, (def, args) => def.run(args));
  try {
    // No command at all is a request for the command list.
    await program.parseAsync(argv.length === 0 ? ['help'] : argv, { from: 'user' });
    flushNotices();
    return 0;
  } catch (e) {
    dropNotices();
    // --help and --version end the parse this way, with exit code 0.
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      // A commander check that program.ts does not turn into a SpecError: still one line, exit 2.
      process.stderr.write(`phaseless: error: command line: expected valid arguments (${e.message.replace(/^error: /, '').split('\n')[0]})\n`);
      return 2;
    }
    if (e instanceof SpecError) {
      process.stderr.write(`phaseless: error: ${e.message}\n`);
      return 2;
    }
    // A run that diverged (design rule 5): its metrics so far stay written; exit 3.
    if (e instanceof DivergenceError || (e instanceof PoolJobError && e.name === 'DivergenceError')) {
      process.stderr.write(`phaseless: diverged: ${e.message}\n`);
      return 3;
    }
    // A job on a worker thread failed (or its worker died); the other jobs finished and were kept.
    if (e instanceof PoolJobError) {
      process.stderr.write(`phaseless: ${e.name === 'SpecError' ? 'error' : 'failed'}: ${e.message}\n`);
      return e.name === 'SpecError' ? 2 : 1;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`phaseless: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
