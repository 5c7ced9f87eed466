#!/usr/bin/env node
import { DivergenceError, SpecError } from '../errors';
import { PoolJobError } from '../parallel/worker-pool';
import { parseArgs } from './args';
import { convergenceCommand, markovCommand, offsetCommand, rangeCommand, sweepCommand } from './analysis-command';
import { compareCommand } from './compare-command';
import { epCommand, epPlotCommand } from './ep-command';
import { isdCommand, rbmCommand } from './rbm-command';
import { relaxCommand } from './relax-command';
import { responseCommand } from './response-command';
import { runCommand } from './run-command';
import { schemaCommand } from './schema-command';
import { seedsCommand } from './seeds-command';

const usage = `phaseless: contrastive learning with phase-free dynamics

usage:
  phaseless run [spec.json] [--out DIR] [--seed N] [--engine reactive|lockstep] [--allow-long] | run --resume DIR
      the main job: a learning run (default: temporal contrastive learning with an
      asymmetric sawtooth on a resistor-network regression task); an EP spec
      (experiments/ep-mnist-*.json) runs as 'phaseless ep'
  phaseless compare [spec.json] [--out DIR] [--seed N] [--engine reactive|lockstep] [--allow-long] | compare --resume DIR
      every rule and protocol on the same task and seed
  phaseless seeds [spec.json] [--seeds 1,2,3] [--out DIR] [--workers K] [--engine E] | seeds --resume DIR [--workers K]
      the same experiment for several seeds, in parallel on worker threads
  phaseless response [--tau-f F] [--tau-s S] [--theta T] [--kernel-area I] [--background S0]
                     [--B 20] [--dt 1e-4] [--amplitudes a,b,c] [--json]
      the single-synapse sawtooth response dw/A (papers.md section 3)
  phaseless relax [spec.json] [--seed N]
      asynchronous relaxation against the exact Kirchhoff solve
  phaseless ep <spec.json> [--out DIR] [--seed N] [--epochs N] [--train N] [--test N] | ep --resume DIR [--epochs N]
      equilibrium propagation on MNIST: classic, temporal contrastive, linear-g (experiments/ep-mnist-*.json)
  phaseless ep-plot DIR... [--out FILE.svg] [--title T]
      log10 error per epoch of several ep runs on one plot
  phaseless rbm <spec.json> [--out DIR] [--seed N] [--gibbs-steps N] [--eval-every N] [--only id,id] | rbm --resume DIR
      RBM with flexible phases: CD-K, temporally local, IS-D at equal Gibbs steps (experiments/rbm-*.json)
  phaseless isd [--seed N] [--samples N] [--chain-phases N] [--out DIR] [--json]
      the IS estimator study on tiny RBMs with exact E+ and E-
  phaseless range [--samples 120] [--seed 1] [--workers N] [--out DIR] | range --resume DIR [--workers N]
      learning range ln(A_max/A_min) against ln(tau_s/tau_f) (docs/analysis.md)
  phaseless offset [--samples 40] [--seed 1] [--workers N] [--out DIR] | offset --resume DIR [--workers N]
      offset of dw(A) from a kernel area under a background, against I s_bar T
  phaseless convergence [--points 80] [--workers N] [--out DIR] | convergence --resume DIR [--workers N]
      dw/A against tau_f/tau_K from 0.2 to 160
  phaseless markov [--samples 150] [--seed 1] [--workers N] [--out DIR] | markov --resume DIR [--workers N]
      Markov adaptation kernels: offset error against dissipation
  phaseless sweep spec.json [--workers N] [--out DIR] | sweep --resume DIR [--workers N]
      any analysis sweep (grid and/or seeded random samples)
  phaseless schema [spec.json]
      JSON Schema of a learning spec (registered rules and protocols, with a spec's plugins)
  phaseless help

Long commands (run, compare, seeds, ep, rbm and the sweeps) keep status.json in their folder
(running, done or interrupted); '--resume DIR' finishes an interrupted folder, and the result
equals an uninterrupted run apart from wall-clock fields.
`;

const commands: Record<string, (argv: string[]) => void | Promise<void>> = {
  run: (argv) => runCommand(parseArgs(argv, ['allow-long'])),
  compare: (argv) => compareCommand(parseArgs(argv, ['allow-long'])),
  seeds: (argv) => seedsCommand(parseArgs(argv, ['allow-long'])),
  response: (argv) => responseCommand(parseArgs(argv, ['json'])),
  relax: (argv) => relaxCommand(parseArgs(argv)),
  ep: (argv) => epCommand(parseArgs(argv)),
  'ep-plot': (argv) => epPlotCommand(parseArgs(argv)),
  rbm: (argv) => rbmCommand(parseArgs(argv)),
  isd: (argv) => isdCommand(parseArgs(argv, ['json'])),
  range: (argv) => rangeCommand(parseArgs(argv)),
  offset: (argv) => offsetCommand(parseArgs(argv)),
  convergence: (argv) => convergenceCommand(parseArgs(argv)),
  markov: (argv) => markovCommand(parseArgs(argv)),
  sweep: (argv) => sweepCommand(parseArgs(argv)),
  schema: (argv) => schemaCommand(parseArgs(argv)),
  help: () => void process.stdout.write(usage),
};

/** The usage lines of one command (its synopsis, flags and what it does). */
export function commandHelp(name: string): string {
  const blocks = usage.split(/\n(?=  phaseless )/);
  const own = blocks.filter((b) => b.startsWith(`  phaseless ${name} `) || b.trimEnd() === `  phaseless ${name}`);
  return `usage:\n${own.map((b) => b.trimEnd()).join('\n')}\n`;
}

/** Runs one command; user errors print one clear line and exit 2, a diverged run exits 3, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const [first = 'help', ...rest] = argv;
  const name = first === '--help' || first === '-h' ? 'help' : first;
  const command = commands[name];
  if (name in commands && name !== 'help' && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(commandHelp(name));
    return 0;
  }
  if (!command) {
    process.stderr.write(`phaseless: unknown command '${name}'\n\n${usage}`);
    return 2;
  }
  try {
    await command(rest);
    return 0;
  } catch (e) {
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
