import { learnSpecSchema } from '../learning/learn-spec-schema';
import { loadPlugins } from '../registry/plugins';
import { ParsedArgs, checkFlags } from './args';
import { SpecError } from '../errors';
import { resolveLearnSpec } from './run-command';

/**
 * `phaseless schema [spec.json]`: prints the JSON Schema of a learning spec. With a spec file,
 * its plugins are loaded first, so their kinds are in the schema too.
 */
export function schemaCommand(args: ParsedArgs): void {
  checkFlags(args, [], 'schema');
  if (args.positional.length > 1) throw new SpecError('schema', 'at most one spec file', args.positional);
  if (args.positional.length === 1) loadPlugins(resolveLearnSpec(args).plugins);
  process.stdout.write(JSON.stringify(learnSpecSchema(), null, 2) + '\n');
}
