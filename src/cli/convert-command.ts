import { readEpSpec } from '../experiments/ep/ep-spec';
import { readLearnSpec } from '../learning/learn-spec';
import { writeNewFile } from '../out-path';
import { readRbmSpec } from '../experiments/rbm/rbm-spec';
import { readFfSpec } from '../ff/ff-spec';
import { formOfLegacy, inOneFieldNames, isOneSpec } from '../spec/one-spec';
import { Json } from '../spec/spec-form';
import { specJson } from '../spec/spec-json';
import { CliArgs, defineCommand } from './command-def';
import { Opts, flag, text } from './flags';
import { readJsonFile, readSpecFile } from './spec-file';

const convertFlags = {
  out: flag('--out <FILE.json>', 'write the converted spec to this new file (default: print it)', text),
};

export const convertCli = defineCommand({
  name: 'convert',
  summary: 'writes a spec of an older layout (learning, EP, RBM or FF spec) in the one spec format',
  about:
    'Reads a spec file, checks it with its reader (an invalid spec is refused, naming the field), and prints it in the one ' +
    'spec format: substrate, task, protocol, rule, engine, timing and budget (an RBM spec lists its protocols, an FF spec its variants, under compare). ' +
    'Only the fields the file gives are written, moved to their place; defaults stay defaults. A spec already in the one ' +
    'format is printed as it is. --out writes a new file instead (an existing one is not overwritten).',
  args: { 'spec.json': 'the spec to convert' },
  flags: convertFlags,
  examples: [
    ['phaseless convert old-spec.json > spec.json', 'a learning spec of an older layout, in the one format'],
    ['phaseless convert experiments/old-ep.json --out ep.json', 'an EP spec, written to a new file'],
  ],
  run: convertCommand,
});

/** `phaseless convert spec.json [--out FILE]`: the spec in the one format. */
export function convertCommand(args: CliArgs<Opts<typeof convertFlags>>): void {
  const file = args.positional[0];
  // Checked by its reader first (plugin paths resolved for it), so only a valid spec converts.
  const read = readSpecFile(file);
  const check = { resistor: readLearnSpec, hopfield: readEpSpec, rbm: readRbmSpec, feedforward: readFfSpec }[read.form.substrate];
  inOneFieldNames(read, () => check(read.legacy));
  // The file's own fields are moved (plugins stay relative to the spec file).
  const raw = readJsonFile(file) as Json;
  const one = isOneSpec(raw) ? raw : formOfLegacy(raw).toOne(raw);
  const text = specJson(one);
  if (args.opts.out === undefined) process.stdout.write(text);
  else {
    writeNewFile(args.opts.out, text, 'convert');
    process.stdout.write(`wrote ${args.opts.out}\n`);
  }
}
