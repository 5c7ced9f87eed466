import { learnSpecSchema } from '../learning/learn-spec-schema';
import { readProtocolSpec } from '../learning/protocol-spec';
import { readRuleSpec } from '../learning/rule-spec';
import { loadPlugins } from '../registry/plugins';
import { ParsedArgs, checkFlags } from './args';
import { SpecError } from '../errors';
import { resolveLearnSpec } from './run-command';

/**
 * `phaseless schema [spec.json]`: prints the JSON Schema of a learning spec. With a spec file,
 * its plugins are loaded first, so their kinds are in the schema too, and the spec is checked.
 */
export function schemaCommand(args: ParsedArgs): void {
  checkFlags(args, [], 'schema');
  if (args.positional.length > 1) throw new SpecError('schema', 'at most one spec file', args.positional);
  if (args.positional.length === 1) {
    const spec = resolveLearnSpec(args);
    loadPlugins(spec.plugins);
    // The protocol and rule can be read only once their plugins are loaded: read them now, so
    // that a typo in the spec is reported here rather than passed over (its kinds are the point).
    const protocol = readProtocolSpec(spec.protocol);
    readRuleSpec(spec.rule, 'rule', protocol.phaseProbability);
  }
  process.stdout.write(JSON.stringify(learnSpecSchema(), null, 2) + '\n');
}
