import { existsSync, mkdirSync, readFileSync, readdirSync } from 'fs';
import { join, resolve } from 'path';
import { runCli, tempDir } from '../support/cli';

/**
 * The output-path contract of every command that writes: a path that is a file, a path inside
 * a file, or a place where no folder can be made is a one-line user error (exit 2) before any
 * work, with nothing written and nothing overwritten.
 */
const tmp = tempDir('phaseless-out-');
const root = resolve(__dirname, '../..');
const tinyLearn = { epochs: 1, task: { train: 2, test: 2 } };

/** Each command with the smallest arguments that get it to its output folder. */
const commands: [string, () => string[]][] = [
  ['run', () => ['run', tmp.file('learn.json', tinyLearn)]],
  ['compare', () => ['compare', tmp.file('learn.json', tinyLearn)]],
  ['seeds', () => ['seeds', tmp.file('learn.json', tinyLearn), '--seeds', '1']],
  ['robustness', () => ['robustness', tmp.file('learn.json', tinyLearn), '--axes', 'drop', '--levels', '2', '--seeds', '1', '--rules', 'tcl']],
  ['ep', () => ['ep', join(root, 'experiments/ep-mnist-classic.json'), '--epochs', '1', '--train', '20', '--test', '20']],
  ['rbm', () => ['rbm', join(root, 'experiments/rbm-bas.json')]],
  ['isd', () => ['isd', '--samples', '100']],
  ['range', () => ['range', '--samples', '2']],
  ['offset', () => ['offset', '--samples', '2']],
  ['convergence', () => ['convergence', '--points', '2']],
  ['markov', () => ['markov', '--samples', '2']],
  ['sweep', () => ['sweep', join(root, 'docs/analysis/markov-step200.json')]],
];

const places: [string, () => string, RegExp][] = [
  ['an existing file', () => tmp.file('taken.txt', 'keep me'), /^phaseless: error: --out: expected a folder \(.*taken\.txt is a file\)/],
  ['a path inside a file', () => join(tmp.file('taken.txt', 'keep me'), 'sub'), /^phaseless: error: --out: expected a path inside a folder \(.*taken\.txt is a file\)/],
  ['a place where no folder can be made', () => '/proc/phaseless-out-test/x', /^phaseless: error: --out: expected a folder that can be created/],
];

describe.each(commands)('%s --out', (_name, args) => {
  it.each(places)('%s: exit 2, one line, nothing written', async (_what, place, message) => {
    const argv = args();
    const out = place();
    const before = readdirSync(tmp.path()).sort();
    const r = await runCli([...argv, '--out', out]);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
    expect(readFileSync(join(tmp.path(), 'taken.txt'), 'utf8')).toBe('keep me');
    expect(readdirSync(tmp.path()).sort()).toEqual(before);
    expect(existsSync('/proc/phaseless-out-test')).toBe(false);
  });
});

describe('ep-plot --out', () => {
  it('refuses to overwrite a file or write into a folder', async () => {
    const run = join(tmp.path(), 'some-run');
    mkdirSync(run, { recursive: true });
    const taken = tmp.file('plot.svg', 'old plot');
    for (const [out, msg] of [
      [taken, /--out: expected a new file \(.*plot\.svg is a file already; nothing is overwritten\)/],
      [tmp.path(), /--out: expected a new file \(.* is a folder already; nothing is overwritten\)/],
      [join(tmp.path(), 'missing', 'p.svg'), /--out: expected a file in an existing folder/],
    ] as const) {
      const r = await runCli(['ep-plot', run, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
    }
    expect(readFileSync(taken, 'utf8')).toBe('old plot');
  });
});

describe('counts that would never finish are refused before any work', () => {
  it.each([
    [['range', '--samples', '1000000000'], '--samples: expected at most 100000'],
    [['offset', '--samples', '1000000000'], '--samples: expected at most 100000'],
    [['markov', '--samples', '1000000000'], '--samples: expected at most 100000'],
    [['convergence', '--points', '1000000000'], '--points: expected at most 100000'],
    [['isd', '--samples', '1000000000000'], '--samples: expected at most 100000000'],
  ])('%j', async (argv, message) => {
    const started = Date.now();
    const r = await runCli([...argv, '--out', join(tmp.path(), 'never')]);
    expect(r.code).toBe(2);
    expect(r.err.startsWith(`phaseless: error: ${message}`)).toBe(true);
    expect(existsSync(join(tmp.path(), 'never'))).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
