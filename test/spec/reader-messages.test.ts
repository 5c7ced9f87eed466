import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import seedrandom from 'seedrandom';
import { withPluginPaths } from '../../src/cli/spec-file';
import { SpecError } from '../../src/errors';
import { readEpSpec } from '../../src/experiments/ep/ep-spec';
import { readRbmSpec } from '../../src/experiments/rbm/rbm-spec';
import { rngFromFunction } from '../../src/scheduler/random';
import { inOneFieldNames, specLayout } from '../../src/spec/one-spec';
import { mutateSpec } from '../support/spec-mutator';

/**
 * The EP and RBM readers check their fields with zod schemas: a mutated shipped spec (in the one
 * format or its older layout) is read or refused with a SpecError, and the refusal says what
 * was expected in words (never zod's own type names or an empty sentence). In process and
 * quick; test/fuzz runs such mutations through the CLI.
 */
it('mutated EP and RBM specs are read or refused in words', () => {
  const root = join(__dirname, '../..');
  const older = join(__dirname, 'older-layouts');
  const files = [
    ...readdirSync(join(root, 'experiments')).filter((f) => /^(ep|rbm)-/.test(f)).map((f) => [join(root, 'experiments', f), join(root, 'experiments', f)]),
    ...readdirSync(older).filter((f) => /(ep|rbm)-/.test(f)).map((f) => [join(older, f), f.startsWith('custom-rule') ? join(root, 'examples/custom-rule/ep-spec.json') : join(root, 'experiments', f)]),
  ];
  const specs = files.map(([file, at]) => withPluginPaths(JSON.parse(readFileSync(file, 'utf8')), at));
  const problems: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const { spec } = mutateSpec(rngFromFunction(seedrandom.alea(`reader-messages/${i}`)), specs[i % specs.length]);
    try {
      const read = specLayout(spec);
      inOneFieldNames(read, () => (read.form.substrate === 'hopfield' ? readEpSpec(read.legacy) : readRbmSpec(read.legacy)));
    } catch (e) {
      if (!(e instanceof SpecError)) problems.push(`case ${i}: ${(e as Error).message}`);
      else if (/nonoptional|a value of type|Invalid input|undefined|\u0000|expected\s*(,|$)/.test(e.message)) problems.push(`case ${i}: ${e.message}`);
    }
  }
  expect(problems).toEqual([]);
});
