#!/usr/bin/env node
import { DivergenceError, SpecError } from '../errors';
import { parseArgs } from './args';
import { compareCommand } from './compare-command';
import { relaxCommand } from './relax-command';
import { responseCommand } from './response-command';
import { runCommand } from './run-command';
import { seedsCommand } from './seeds-command';

const usage = `phaseless: contrastive learning with phase-free dynamics

usage:
  phaseless run [spec.json] [--out DIR] [--seed N] [--engine reactive|lockstep]
      the main job: a learning run (default: temporal contrastive learning with an
      asymmetric sawtooth on a resistor-network regression task)
  phaseless compare [spec.json] [--out DIR] [--seed N] [--engine reactive|lockstep]
      every rule and protocol on the same task and seed
  phaseless seeds [spec.json] [--seeds 1,2,3] [--out DIR] [--workers K] [--engine E]
      the same experiment for several seeds, in parallel on worker threads
  phaseless response [--tau-f F] [--tau-s S] [--theta T] [--kernel-area I] [--background S0]
                     [--B 20] [--dt 1e-4] [--amplitudes a,b,c] [--json]
      the single-synapse sawtooth response dw/A (papers.md section 3)
  phaseless relax [spec.json] [--seed N]
      asynchronous relaxation against the exact Kirchhoff solve
  phaseless help
`;

const commands: Record<string, (argv: string[]) => void | Promise<void>> = {
  run: (argv) => runCommand(parseArgs(argv)),
  compare: (argv) => compareCommand(parseArgs(argv)),
  seeds: (argv) => seedsCommand(parseArgs(argv)),
  response: (argv) => responseCommand(parseArgs(argv, ['json'])),
  relax: (argv) => relaxCommand(parseArgs(argv)),
  help: () => void process.stdout.write(usage),
};

/** Runs one command; user errors print one clear line and exit 2, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = commands[name];
  if (!command) {
    process.stderr.write(`phaseless: unknown command '${name}'\n\n${usage}`);
    return 2;
  }
  try {
    await command(rest);
    return 0;
  } catch (e) {
    if (e instanceof SpecError || e instanceof DivergenceError) {
      process.stderr.write(`phaseless: error: ${e.message}\n`);
      return 2;
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
