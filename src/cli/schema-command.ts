import { readEpSpec } from '../experiments/ep/ep-spec';
import { readLearnSpec } from '../learning/learn-spec';
import { readProtocolSpec } from '../learning/protocol-spec';
import { readRuleSpec } from '../learning/rule-spec';
import { readRbmSpec } from '../experiments/rbm/rbm-spec';
import { readFfSpec } from '../ff/ff-spec';
import { loadPlugins } from '../registry/plugins';
import { inOneFieldNames } from '../spec/one-spec';
import { oneSpecSchema } from '../spec/one-spec-schema';
import { CliArgs, defineCommand } from './command-def';
import { Opts } from './flags';
import { readSpecFile } from './spec-file';

const schemaFlags = {};

export const schemaCli = defineCommand({
  name: 'schema',
  summary: 'JSON Schema of a spec file (every substrate; registered rules and protocols, with a spec\'s plugins)',
  about:
    'Prints the JSON Schema of a spec in the one format, for editors: one alternative per substrate (resistor, hopfield, rbm, feedforward), ' +
    'and every registered rule, kernel and protocol with its parameters. With a spec file, the spec is checked and its ' +
    'plugins are loaded first, so their kinds are in the schema too.',
  args: { '[spec.json]': 'a spec whose plugins to include' },
  flags: schemaFlags,
  examples: [
    ['phaseless schema > spec.schema.json', 'the schema of the shipped kinds'],
    ['phaseless schema examples/custom-rule/spec.json', 'with the custom rule of that spec'],
  ],
  run: schemaCommand,
});

/**
 * `phaseless schema [spec.json]`: prints the JSON Schema of a spec. With a spec file, the spec
 * is checked by its reader and its plugins are loaded, so their kinds are in the schema too.
 */
export function schemaCommand(args: CliArgs<Opts<typeof schemaFlags>>): void {
  if (args.positional.length === 1) {
    const read = readSpecFile(args.positional[0]);
    inOneFieldNames(read, () => {
      if (read.form.substrate === 'hopfield') return readEpSpec(read.legacy);
      if (read.form.substrate === 'rbm') return readRbmSpec(read.legacy);
      if (read.form.substrate === 'feedforward') return readFfSpec(read.legacy);
      const spec = readLearnSpec(read.legacy);
      loadPlugins(spec.plugins);
      // The protocol and rule can be read only once their plugins are loaded: read them now, so
      // that a typo in the spec is reported here rather than passed over (its kinds are the point).
      const protocol = readProtocolSpec(spec.protocol);
      readRuleSpec(spec.rule, 'rule', protocol.phaseProbability, protocol.oscillation);
    });
  }
  process.stdout.write(JSON.stringify(oneSpecSchema(), null, 2) + '\n');
}
