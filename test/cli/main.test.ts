import { exited, spawnCli } from '../support/cli-process';
import { join } from 'path';
import { runCli, tempDir } from '../support/cli';
import { fourNodeNetwork } from '../support/four-node-network';

const tmp = tempDir('phaseless-cli-');
const file = tmp.file;
const run = runCli;

const tiny = {
  seed: 3,
  network: fourNodeNetwork,
  timing: { rateSpread: 2, jitter: 0.3 },
  duration: 30,
  reports: 3,
};

describe('phaseless CLI', () => {
  it('help prints the usage on stdout and returns 0', async () => {
    const r = await run(['help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^phaseless: /);
    expect(r.out).toMatch(/usage:\n/);
    expect(r.out).toContain('phaseless relax [spec.json] [--seed N]');
    expect(r.err).toBe('');
  });

  it('a reader that closes the pipe early (help | head) ends the CLI quietly, exit 0, no stack trace', async () => {
    const p = spawnCli(['sweep', '--help'], 'pipe');
    let err = '';
    p.stderr!.on('data', (d) => (err += d));
    // Close the read end before the help is written: the write meets a closed pipe (EPIPE).
    p.stdout!.destroy();
    expect(await exited(p)).toBe(0);
    expect(err).toBe('');
  });

  it('no command means help', async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    expect(r.out).toBe((await run(['help'])).out);
  });

  it('an unknown command is a user error like any other: one line naming the commands, exit 2', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^phaseless: error: command: expected one of run, compare, .*, got "frobnicate"\n$/);
  });

  it('relax on a valid tiny spec succeeds and reports a small relative error', async () => {
    const r = await run(['relax', file('tiny.json', tiny)]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('asynchronous relaxation, seed 3: node period 0.1, synapse period 0.1, rate spread x2, jitter 0.3');
    // header + 3 report rows + summary
    expect(lines).toHaveLength(1 + 1 + 3 + 1);
    const rows = lines.slice(2, 5).map((l) => l.trim().split(/\s+/).map(Number));
    expect(rows.map((x) => x[0])).toEqual([10, 20, 30]);
    // Exact solution by hand: V_out = 2/7, V_a = 4/7, so the scale is 1 (the source).
    for (const [, , abs, rel] of rows) expect(rel).toBeCloseTo(abs, 12);
    const m = /^4 nodes, 4 edges: relative error (\S+) against the exact Kirchhoff solve after (\d+) events/.exec(lines[5]);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(1e-9);
    expect(Number(m![2])).toBe(rows[2][1]);
  });

  it('--seed overrides the spec seed, and the result repeats with the same seed', async () => {
    const path = file('tiny2.json', tiny);
    const r = await run(['relax', path, '--seed', '11']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^asynchronous relaxation, seed 11:/);
    const r2 = await run(['relax', path, '--seed=11']);
    // Same seed, same events and errors (the wall-clock ms on the last line aside).
    const strip = (s: string) => s.replace(/\(\d+ ms wall\)/, '');
    expect(strip(r2.out)).toBe(strip(r.out));
  });

  const badCases: [string, () => string[], string][] = [
    ['an unknown node in an edge', () => ['relax', file('b1.json', { ...tiny, network: { ...tiny.network, edges: [{ a: 'g', b: 'zz', k: 1 }] } })], 'network.edges[0].b: expected a node id listed in nodes, got "zz"'],
    ['a negative conductance', () => ['relax', file('b2.json', { ...tiny, network: { ...tiny.network, edges: [{ a: 'g', b: 'a', k: -1 }, ...tiny.network.edges.slice(1)] } })], 'network.edges[0].k: expected a finite number > 0, got -1'],
    ['a floating node', () => ['relax', file('b3.json', { ...tiny, network: { ...tiny.network, nodes: [...tiny.network.nodes, 'x'] } })], 'network.nodes: expected every node connected to the ground or a source; floating component: x'],
    ['an unknown spec key', () => ['relax', file('b4.json', { ...tiny, durations: 3 })], 'spec.durations: expected a known key (seed, network, timing, duration, reports), got "durations"'],
    ['a bad timing', () => ['relax', file('b5.json', { ...tiny, timing: { jitter: 2 } })], 'timing.jitter: expected a number in [0, 1), got 2'],
    ['a random network given null options', () => ['relax', file('b6.json', { network: { random: null } })], 'network.random: expected a value (leave the field out for the default), got null'],
    ['a random network given a number', () => ['relax', file('b6n.json', { network: { random: 5 } })], 'network.random: expected an object {n, meanDegree, kMin, kMax, inputs, outputs, vMax}, got 5'],
    ['malformed JSON', () => ['relax', file('b7.json', '{"seed": 1,')], ': expected valid JSON ('],
    ['a missing file', () => ['relax', join(tmp.path(), 'nope.json')], 'nope.json: expected a readable JSON spec file'],
    ['a non-object spec', () => ['relax', file('b8.json', [1])], 'spec: expected an object {seed, network, timing, duration, reports}, got [1]'],
    ['an unknown flag', () => ['relax', '--sed', '3'], "--sed: expected one of the options of 'relax': --seed"],
    ['a flag without value', () => ['relax', '--seed'], '--seed: expected a value after the flag'],
    ['a non-numeric seed', () => ['relax', '--seed', 'abc'], '--seed: expected a number, got "abc"'],
    ['a fractional seed', () => ['relax', '--seed', '1.5'], 'seed: expected an integer >= 0, got 1.5'],
  ];

  it.each(badCases)('relax with %s: one error line on stderr, exit 2, nothing on stdout', async (_name, argv, message) => {
    const r = await run(argv());
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.endsWith('\n')).toBe(true);
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^phaseless: error: /);
    expect(lines[0]).toContain(message);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('--help', () => {
  const names = ['run', 'compare', 'seeds', 'robustness', 'response', 'relax', 'ep', 'ep-plot', 'rbm', 'isd', 'range', 'offset', 'convergence', 'markov', 'sweep', 'schema', 'export-task'];
  it.each(names)('phaseless %s --help prints its usage and runs nothing', async (name) => {
    const r = await run([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(new RegExp(`^usage:\\n  phaseless ${name}( |\\n)`));
    expect(r.out.split('\n').filter((l) => l.startsWith('  phaseless ')).length).toBe(1);
  });

  it('phaseless --help and -h are help', async () => {
    const help = (await run(['help'])).out;
    expect((await run(['--help'])).out).toBe(help);
    expect((await run(['-h'])).out).toBe(help);
  });
});
