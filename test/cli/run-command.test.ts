import { existsSync, readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { runCli, tempDir } from '../support/cli';
import { fourNodeNetwork } from '../support/four-node-network';

const tmp = tempDir('phaseless-run-');
const file = tmp.file;
const run = runCli;

/** A tiny, fast learning run (a few seconds). */
const small = {
  seed: 4,
  network: { random: { n: 8, meanDegree: 3, kMin: 0.5, kMax: 2, inputs: 2, outputs: 1 } },
  task: { train: 3, test: 5, inputRange: 1, teacherK: [0.1, 10] },
  cyclesPerExample: 2,
  epochs: 2,
};

describe('phaseless run', () => {
  it('writes spec.json, metrics.ndjson (one line per evaluation), result.json and the SVG', async () => {
    const out = join(tmp.path(), 'ok');
    const r = await run(['run', file('small.json', small), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/initial test error [\d.e+-]+\nfinal test error +[\d.e+-]+\nerror ratio/);
    expect(r.err).toMatch(/epoch 2\/2 test error/);
    expect(readdirSync(out).sort()).toEqual(['learning-curve.svg', 'metrics.ndjson', 'result.json', 'spec.json', 'status.json']);
    const spec = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    expect(spec.seed).toBe(4);
    expect(spec.rule.kind).toBe('tcl');
    const lines = readFileSync(join(out, 'metrics.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.epoch)).toEqual([0, 1, 2]);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.initialTestError).toBe(lines[0].testError);
    expect(result.finalTestError).toBe(lines[2].testError);
    expect(result.errorRatio).toBeCloseTo(lines[2].testError / lines[0].testError, 12);
    expect(result.seed).toBe(4);
    expect(result.simulatedTime).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'learning-curve.svg'), 'utf8')).toMatch(/^<svg[^>]*>.*<\/svg>$/s);
  });

  it('a run whose metrics become non-finite stops with exit 3, naming the metric and the time', async () => {
    const out = join(tmp.path(), 'diverged');
    const r = await run(['run', file('huge.json', { ...small, task: { ...small.task, inputRange: 1e300 } }), '--out', out]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/\nphaseless: diverged: agent metric trainError diverged at simulated time 0 \(value Infinity\)\n$/);
    expect(existsSync(join(out, 'result.json'))).toBe(false);
    expect(readFileSync(join(out, 'spec.json'), 'utf8')).toContain('1e+300');
    // The folder says it was interrupted, and why.
    const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8'));
    expect(status).toMatchObject({ command: 'run', status: 'interrupted', reason: expect.stringMatching(/^agent metric trainError diverged/) });
  });

  const bad: [string, unknown, string][] = [
    ['an unknown rule', { ...small, rule: { kind: 'backprop' } }, 'rule.kind: expected one of tcl, classic, continualEP, phaseSigned, hebbian, frequencyPropagation, got "backprop"'],
    ['a negative period', { ...small, protocol: { kind: 'sawtooth', period: -5, rise: 0.1, amplitude: 5 } }, 'protocol.period: expected a finite number > 0, got -5'],
    ['theta <= 0', { ...small, rule: { kind: 'tcl', theta: 0 } }, 'rule.theta: expected a finite number > 0, got 0'],
    ['an unknown top-level field', { ...small, epocs: 3 }, 'spec.epocs: expected a known key'],
    ['an unknown rule field', { ...small, rule: { kind: 'tcl', treshold: 1 } }, 'rule.treshold: expected a known key'],
    ['a null section (not the default)', { ...small, rule: null }, 'rule: expected a value (leave the field out for the default), got null'],
    ['a null rule parameter', { ...small, rule: { kind: 'tcl', lr: null } }, 'rule.lr: expected a value (leave the field out for the default), got null'],
    // Found by the spec fuzz test: a null network option or kernel was taken as the default.
    ['a null network option', { ...small, network: { random: { n: 16, meanDegree: 4, kMin: null } } }, 'network.random.kMin: expected a value (leave the field out for the default), got null'],
    ['a null rule kernel', { ...small, rule: { kind: 'tcl', kernel: null } }, 'rule.kernel: expected a value (leave the field out for the default), got null'],
    ['a negative node time constant', { ...small, timing: { tau: -1 } }, 'timing.tau: expected a finite number > 0, got -1'],
    ['overlapping timescales', { ...small, protocol: { kind: 'sawtooth', period: 5, rise: 0.5, amplitude: 5 } }, 'protocol.rise: expected the rise time (tau_f) = 2.5 at least 3x shorter than the fall time (tau_s) = 2.5'],
    ['a phase rule on a sawtooth', { ...small, rule: { kind: 'classic' } }, 'protocol.kind: expected twoPhase or stochasticPhases for rule classic'],
    ['TCL on two phases without a theta', { ...small, rule: { kind: 'tcl' }, protocol: { kind: 'twoPhase', free: 2, clamped: 2, beta: 1 }, allowTimescaleOverlap: true }, 'rule.theta: expected a number'],
  ];

  it("says that an explicit network's source voltages and targets are replaced by the task", async () => {
    const r = await run(['run', file('explicit.json', { network: fourNodeNetwork, epochs: 1, engine: 'lockstep', allowTimescaleOverlap: true }), '--out', join(tmp.path(), 'explicit')]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^phaseless: notice: network\.inputs\[\]\.v and network\.outputs\[\]\.target are not used by a learning run/);
  });

  it('--allow-long reaches the spec as allowLongRun', async () => {
    const out = join(tmp.path(), 'long');
    const r = await run(['run', file('long.json', small), '--allow-long', '--out', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8')).allowLongRun).toBe(true);
  });

  it("an EP spec runs as 'phaseless ep': a flag of run only is refused, nothing written", async () => {
    const out = join(tmp.path(), 'ep');
    const r = await run(['run', join(__dirname, '../../experiments/ep-mnist-classic.json'), '--engine', 'lockstep', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("phaseless: error: --engine: expected not given with an EP spec (it runs as 'phaseless ep', see its --help)\n");
    expect(existsSync(out)).toBe(false);
  });

  it("an RBM spec runs as 'phaseless rbm' (with or without its experiment field), and `run --resume` finishes it", async () => {
    const rbm = { name: 'r', dataset: { kind: 'bas', size: 2 }, hidden: 2, gibbsSteps: 40, evalEvery: 20, protocols: [{ id: 'cd', kind: 'cdk', K: 5, lr: 0.01 }] };
    const viaRun = join(tmp.path(), 'rbm-run');
    const viaRbm = join(tmp.path(), 'rbm-rbm');
    const r = await run(['run', file('rbm.json', rbm), '--out', viaRun, '--seed', '3']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^phaseless rbm r: /);
    expect(await run(['rbm', file('rbm2.json', { experiment: 'rbm', ...rbm }), '--out', viaRbm, '--seed', '3'])).toMatchObject({ code: 0 });
    const metrics = (d: string) => readFileSync(join(d, 'metrics.ndjson'), 'utf8').replace(/"wallMs":[\d.]+/g, '');
    expect(metrics(viaRun)).toBe(metrics(viaRbm));
    expect(JSON.parse(readFileSync(join(viaRun, 'status.json'), 'utf8')).command).toBe('rbm');
    // A folder `run` made as an RBM experiment is finished by `run --resume` (the rbm command's resume).
    const again = await run(['run', '--resume', viaRun]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/^phaseless: error: --resume: expected an unfinished run \(.* is done\)/);
    const engine = await run(['run', file('rbm3.json', rbm), '--engine', 'reactive', '--out', join(tmp.path(), 'rbm-no')]);
    expect(engine.err).toBe("phaseless: error: --engine: expected not given with an RBM spec (it runs as 'phaseless rbm', see its --help)\n");
    expect(existsSync(join(tmp.path(), 'rbm-no'))).toBe(false);
    const wrong = await run(['rbm', file('rbm4.json', { experiment: 'ep', ...rbm })]);
    expect(wrong.err).toBe('phaseless: error: experiment: expected "ep-mnist", "rbm" or "ff" (or left out in a resistor learning spec), got "ep"\n');
  });

  it.each(['run', 'compare', 'seeds'])('%s refuses a second spec file instead of ignoring it', async (cmd) => {
    const a = file('a.json', small);
    const r = await run([cmd, a, a]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^phaseless: error: ${cmd}: expected at most one spec.json, got \\[`));
  });

  it.each(bad)('%s: one error line naming the field, exit 2, no output folder', async (_name, spec, message) => {
    const out = join(tmp.path(), `bad-${Math.random().toString(36).slice(2)}`);
    const r = await run(['run', file('bad.json', spec), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`phaseless: error: ${message}`);
    expect(existsSync(out)).toBe(false);
  });

  it('malformed JSON is a clear error and leaves no folder', async () => {
    const out = join(tmp.path(), 'bad-json');
    const r = await run(['run', file('broken.json', '{"seed": 1,'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^phaseless: error: .*broken\.json: expected valid JSON/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to write into a folder that already holds files', async () => {
    const out = join(tmp.path(), 'full');
    await run(['run', file('small2.json', small), '--out', out]);
    const r = await run(['run', file('small3.json', small), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out: expected an empty or new folder/);
  });
});

describe('phaseless response', () => {
  it('--json prints amplitudes and dw/A with the three regimes (paper defaults)', async () => {
    const r = await run(['response', '--amplitudes', '5,40,150', '--dt', '1e-3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.amplitudes).toEqual([5, 40, 150]);
    // A = 5 < theta tau_f = 11.1: no learning; 40: ~A; 150 > theta tau_s = 100: collapse.
    expect(Math.abs(j.dwOverA[0])).toBeLessThan(1e-9);
    expect(j.dwOverA[1]).toBeGreaterThan(0.85);
    expect(j.dwOverA[1]).toBeLessThan(1.02);
    expect(Math.abs(j.dwOverA[2])).toBeLessThan(0.05);
  });

  const bad: [string, string[], string][] = [
    ['theta <= 0', ['--theta', '0'], 'theta: expected a finite number > 0, got 0'],
    ['a negative time', ['--tau-f', '-1'], 'tau-f: expected a finite number > 0, got -1'],
    ['a bad amplitude', ['--amplitudes', '1,x'], '--amplitudes[1]: expected a number, got "x"'],
    ['an unknown flag', ['--tauf', '1'], "--tauf: expected one of the options of 'response'"],
    ['a fall faster than the rise', ['--tau-f', '5', '--tau-s', '1'], 'tau-s: expected longer than tau-f (5)'],
    ['a step that would take months', ['--dt', '1e-12'], 'dt: expected a run of at most a day'],
    ['an empty number', ['--theta='], '--theta: expected a number, got ""'],
    ['an unknown placement', ['--placement', 'middle'], '--placement: expected one of centred, above, got "middle"'],
  ];
  it("--placement: centred on s_bar by default (the authors'), or above it; with a kernel area under a background they differ", async () => {
    const base = ['response', '--kernel-area', '0.05', '--background', '25', '--amplitudes', '120', '--dt', '1e-3', '--json'];
    const dw = async (extra: string[]) => JSON.parse((await run([...base, ...extra])).out).dwOverA[0] as number;
    const [byDefault, centred, above] = [await dw([]), await dw(['--placement', 'centred']), await dw(['--placement', 'above'])];
    expect(byDefault).toBe(centred);
    // Measured 0.54 at dt 1e-4 against a brute-force convolution (test/experiments/response.test.ts).
    expect(Math.abs(above - centred)).toBeGreaterThan(0.3);
  });

  it('an amplitude whose response overflows stops with exit 3, not a null in the JSON', async () => {
    const r = await run(['response', '--amplitudes', '1e308', '--json']);
    expect(r.code).toBe(3);
    expect(r.out).toBe('');
    expect(r.err).toBe('phaseless: diverged: agent synapse (amplitude 1e+308) diverged at simulated time 20 (value NaN)\n');
  });
  it.each(bad)('%s: clear error, exit 2', async (_name, argv, message) => {
    const r = await run(['response', ...argv]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err.startsWith(`phaseless: error: ${message}`)).toBe(true);
  });
});
