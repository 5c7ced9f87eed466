import { learnSpecSchema } from '../learning/learn-spec-schema';
import { readProtocolSpec } from '../learning/protocol-spec';
import { readRuleSpec } from '../learning/rule-spec';
import { loadPlugins } from '../registry/plugins';
import { CliArgs, defineCommand } from './command-def';
import { Opts } from './flags';
import { resolveLearnSpec } from './run-command';

const schemaFlags = {};

export const schemaCli = defineCommand({
  name: 'schema',
  summary: 'JSON Schema of a learning spec (registered rules and protocols, with a spec\'s plugins)',
  about:
    'Prints the JSON Schema of a learning spec, for editors: every registered rule, kernel and protocol with its ' +
    "parameters. With a spec file, the spec's plugins are loaded first, so their kinds are in the schema too.",
  args: { '[spec.json]': 'a learning spec whose plugins to include' },
  flags: schemaFlags,
  examples: [
    ['phaseless schema > learn-spec.schema.json', 'the schema of the shipped kinds'],
    ['phaseless schema examples/custom-rule/spec.json', 'with the custom rule of that spec'],
  ],
  run: schemaCommand,
});

/**
 * `phaseless schema [spec.json]`: prints the JSON Schema of a learning spec. With a spec file,
 * its plugins are loaded first, so their kinds are in the schema too, and the spec is checked.
 */
export function schemaCommand(args: CliArgs<Opts<typeof schemaFlags>>): void {
  if (args.positional.length === 1) {
    const spec = resolveLearnSpec(args, 'schema');
    loadPlugins(spec.plugins);
    // The protocol and rule can be read only once their plugins are loaded: read them now, so
    // that a typo in the spec is reported here rather than passed over (its kinds are the point).
    const protocol = readProtocolSpec(spec.protocol);
    readRuleSpec(spec.rule, 'rule', protocol.phaseProbability);
  }
  process.stdout.write(JSON.stringify(learnSpecSchema(), null, 2) + '\n');
}
