import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { commands } from '../../src/cli/commands';
import { runCli } from '../support/cli';

/**
 * The command line of every command, from its declaration: `--help` (exit 0, on stdout, every
 * flag, an example) and the one-line error contract (exit 2, one line
 * `phaseless: error: <field>: expected ...` on stderr, nothing on stdout, nothing written) for
 * an unknown flag, a flag without its value, a bad number and a positional too many. Each case
 * fails in the parser, before a command runs, so the table is cheap.
 */

// Written out, not taken from the declarations: a command that lost its declaration fails here.
const names = ['run', 'compare', 'seeds', 'robustness', 'response', 'relax', 'ep', 'ep-plot', 'rbm', 'isd', 'ff', 'range', 'offset', 'convergence', 'markov', 'sweep', 'schema', 'convert', 'export-task'];

/** Each command's flags as commander holds them: long name, and the value name if it takes one. */
const flagsOf = (name: string) =>
  Object.values(commands.find((c) => c.name === name)!.flags).map((f) => ({ long: f.option.long!, value: f.option.flags.match(/<([^>]+)>/)?.[1] }));

// The commands write into runs/ under the working folder when no --out is given: run them in an
// empty one, so "nothing written" can be checked.
let cwd: string;
let work: string;
beforeAll(() => {
  cwd = process.cwd();
  work = mkdtempSync(join(tmpdir(), 'phaseless-cmdline-'));
  process.chdir(work);
});
afterAll(() => {
  process.chdir(cwd);
  rmSync(work, { recursive: true, force: true });
});

/** Runs the CLI and checks the error contract; returns the one error line. */
async function refused(argv: string[]): Promise<string> {
  const r = await runCli(argv);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/^phaseless: error: [^\n]+: expected [^\n]+\n$/);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(readdirSync(work)).toEqual([]);
  return r.err.trimEnd();
}

describe('the command list', () => {
  it('declares exactly the commands of the CLI', () => {
    expect(commands.map((c) => c.name)).toEqual(names);
  });

  it('phaseless --help lists every command with its synopsis, on stdout, exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    for (const name of [...names, 'help']) expect(r.out).toMatch(new RegExp(`^  phaseless ${name}( |$)`, 'm'));
    // Optional flags in brackets, a required one without.
    expect(r.out).toMatch(/^  phaseless export-task \[spec.json\] --out FILE.csv \[--seed N\]$/m);
    expect(r.out).toMatch(/^  phaseless run \[spec.json\] \[--out DIR\]/m);
    for (const argv of [['-h'], ['help'], []]) expect((await runCli(argv)).out).toBe(r.out);
  });

  it('phaseless help <command> is that command\'s --help', async () => {
    for (const name of names) expect((await runCli(['help', name])).out).toBe((await runCli([name, '--help'])).out);
  });

  it('--version prints the package version', async () => {
    const version = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).version;
    expect(await runCli(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it.each([
    [['frobnicate'], /^phaseless: error: command: expected one of run, compare, .*, got "frobnicate"$/],
    [['help', 'frobnicate'], /^phaseless: error: command: expected one of run, .*, got "frobnicate"$/],
    [['--frobnicate'], /^phaseless: error: --frobnicate: expected one of the options of 'phaseless': --version$/],
    [['help', 'run', 'extra'], /^phaseless: error: help: expected at most one command, got \["run","extra"\]$/],
  ])('%j is refused in one line', async (argv, message) => {
    expect(await refused(argv)).toMatch(message);
  });
});

describe.each(names)('phaseless %s', (name) => {
  const flags = flagsOf(name);

  it('--help: usage, every flag, an example; on stdout, exit 0, nothing run', async () => {
    const r = await runCli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(new RegExp(`^usage:\\n  phaseless ${name} `));
    for (const f of flags) expect(r.out).toMatch(new RegExp(`^  ${f.long}${f.value ? ` <${f.value}>` : ''}  `, 'm'));
    expect(r.out).toMatch(new RegExp(`\\nexamples:\\n(  # .+\\n  \\$ phaseless ${name}( .*)?\\n)+$`));
    expect(readdirSync(work)).toEqual([]);
  });

  it('an unknown flag: one line naming it and the flags there are', async () => {
    const line = await refused([name, '--no-such-flag', '1']);
    expect(line).toBe(`phaseless: error: --no-such-flag: expected one of the options of '${name}': ${flags.map((f) => f.long).join(', ') || 'none'}`);
  });

  const valued = flags.filter((f) => f.value);
  if (valued.length) {
    it.each(valued.map((f) => f.long))('%s without its value', async (flag) => {
      expect(await refused([name, flag])).toBe(`phaseless: error: ${flag}: expected a value after the flag`);
      // The next flag is not a value either (it would have named a folder "--help").
      expect(await refused([name, flag, '--help'])).toBe(`phaseless: error: ${flag}: expected a value after the flag, got "--help"`);
    });
  }

  const counts = flags.filter((f) => f.value === 'N');
  if (counts.length) {
    it.each(counts.map((f) => f.long))('%s takes an integer: not a word, not empty, not a fraction', async (flag) => {
      expect(await refused([name, flag, 'x'])).toBe(`phaseless: error: ${flag}: expected a number, got "x"`);
      expect(await refused([name, `${flag}=`])).toBe(`phaseless: error: ${flag}: expected a number, got ""`);
      expect(await refused([name, flag, '2.5'])).toMatch(new RegExp(`^phaseless: error: ${flag}: expected an integer >= \\d+, got 2.5$`));
    });
  }

  const switches = flags.filter((f) => !f.value);
  if (switches.length) {
    it.each(switches.map((f) => f.long))('%s takes no value', async (flag) => {
      expect(await refused([name, `${flag}=yes`])).toBe(`phaseless: error: ${flag}: expected no value (it is a switch), got "yes"`);
    });
  }

  it('a positional argument too many', async () => {
    const declared = commands.find((c) => c.name === name)!.args ?? {};
    if (Object.keys(declared).some((a) => a.endsWith('...>') || a.endsWith('...]'))) return; // takes any number
    const extra = Array.from({ length: Object.keys(declared).length + 1 }, (_, i) => `extra-${i}.json`);
    expect(await refused([name, ...extra])).toMatch(new RegExp(`^phaseless: error: ${name}: expected (options only|at most one)`));
  });
});
