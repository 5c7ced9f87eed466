#!/usr/bin/env node
import { DivergenceError, SpecError } from '../errors';
import { parseArgs } from './args';
import { relaxCommand } from './relax-command';

const usage = `phaseless: contrastive learning with phase-free dynamics

usage:
  phaseless run [spec.json] [--seed N]     the main job (for now: the relaxation demo)
  phaseless relax [spec.json] [--seed N]   asynchronous relaxation against the exact solve
  phaseless help
`;

const commands: Record<string, (argv: string[]) => void> = {
  run: (argv) => relaxCommand(parseArgs(argv)),
  relax: (argv) => relaxCommand(parseArgs(argv)),
  help: () => process.stdout.write(usage),
};

/** Runs one command; user errors print one clear line and exit 2, never a stack trace. */
export function main(argv: string[]): number {
  const [name = 'help', ...rest] = argv;
  const command = commands[name];
  if (!command) {
    process.stderr.write(`phaseless: unknown command '${name}'\n\n${usage}`);
    return 2;
  }
  try {
    command(rest);
    return 0;
  } catch (e) {
    if (e instanceof SpecError || e instanceof DivergenceError) {
      process.stderr.write(`phaseless: error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
