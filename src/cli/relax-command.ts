import { RelaxRow, prepareRelax, readRelaxSpec } from '../experiments/relax';
import { ParsedArgs, checkFlags, numberFlag } from './args';
import { readJsonFile } from './spec-file';

/** `phaseless relax [spec.json] [--seed N]`: asynchronous relaxation against the exact solve. */
export function relaxCommand(args: ParsedArgs): void {
  checkFlags(args, ['seed'], 'relax');
  const raw = args.positional[0] ? readJsonFile(args.positional[0]) : undefined;
  const spec = readRelaxSpec(raw);
  const seed = numberFlag(args, 'seed');
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
