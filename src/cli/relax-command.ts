import { RelaxRow, prepareRelax, readRelaxSpec } from '../experiments/relax';
import { CliArgs, defineCommand } from './command-def';
import { Opts, flag, integer } from './flags';
import { readJsonFile } from './spec-file';

const relaxFlags = { seed: flag('--seed <N>', "the seed (default: the spec's)", integer(0)) };

export const relaxCli = defineCommand({
  name: 'relax',
  summary: 'asynchronous relaxation against the exact Kirchhoff solve',
  about:
    "A resistor network relaxing on the asynchronous clock, its error against the exact Kirchhoff solve printed at each report. " +
    'The spec gives seed, network, timing, duration and reports.',
  args: { '[spec.json]': 'a relaxation spec (default: the built-in one)' },
  flags: relaxFlags,
  examples: [
    ['phaseless relax', 'the built-in random network of 40 nodes'],
    ['phaseless relax net.json --seed 11', 'your network with seed 11'],
  ],
  run: relaxCommand,
});

/** `phaseless relax`: asynchronous relaxation against the exact solve. */
export function relaxCommand(args: CliArgs<Opts<typeof relaxFlags>>): void {
  const raw = args.positional[0] ? readJsonFile(args.positional[0]) : undefined;
  const spec = readRelaxSpec(raw);
  const seed = args.opts.seed;
  const resolved = seed === undefined ? spec : readRelaxSpec({ ...spec, seed });
  const job = prepareRelax(resolved);
  const t = resolved.timing;
  process.stdout.write(
    `asynchronous relaxation, seed ${resolved.seed}: node period ${t.nodePeriod}, synapse period ${t.synapsePeriod}, ` +
      `rate spread x${t.rateSpread}, jitter ${t.jitter}\n`,
  );
  process.stdout.write(`${'sim time'.padStart(10)} ${'events'.padStart(10)} ${'max |V-V*|'.padStart(12)} ${'relative'.padStart(12)}\n`);
  const started = Date.now();
  const res = job.run((r: RelaxRow) =>
    process.stdout.write(
      `${r.t.toFixed(2).padStart(10)} ${String(r.events).padStart(10)} ${r.maxAbsError.toExponential(3).padStart(12)} ${r.relError
        .toExponential(3)
        .padStart(12)}\n`,
    ),
  );
  const last = res.rows[res.rows.length - 1];
  process.stdout.write(
    `${res.network.nodes.length} nodes, ${res.network.edges.length} edges: relative error ${last.relError.toExponential(2)} ` +
      `against the exact Kirchhoff solve after ${last.events} events (${Date.now() - started} ms wall)\n`,
  );
}
