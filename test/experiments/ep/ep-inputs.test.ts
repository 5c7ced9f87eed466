import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCommand } from '../../support/cli';
import { SpecError } from '../../../src/errors';
import { isEpSpec, readEpSpec } from '../../../src/experiments/ep/ep-spec';
import { splitDigits } from '../../../src/datasets/mnist-digits';

const experiments = join(__dirname, '..', '..', '..', 'experiments');
// The shipped specs in the EP reader's own layout (the files are in the one format: test/spec).
const shipped = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../spec/older-layouts', `ep-mnist-${name}.json`), 'utf8'));

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'phaseless-ep-'));
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(tmp, { recursive: true, force: true });
});

function specError(f: () => unknown): SpecError {
  try {
    f();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('expected a SpecError');
}

async function specErrorAsync(f: () => Promise<unknown>): Promise<SpecError> {
  try {
    await f();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('expected a SpecError');
}

describe('EP spec: bad input is named', () => {
  it('the shipped specs read as written', () => {
    for (const name of ['classic', 'tcl', 'linear']) expect(readEpSpec(shipped(name)).name).toBe(`ep-mnist-${name}`);
    expect(readEpSpec(shipped('linear')).rule).toMatchObject({ kind: 'tcl', g: 'linear' });
    for (const name of ['classic', 'tcl', 'linear']) expect(isEpSpec(shipped(name))).toBe(true);
    expect(isEpSpec(readEpSpec(shipped('tcl')))).toBe(true);
    expect(isEpSpec({ rule: { kind: 'classic' } })).toBe(false);
  });

  it.each([
    [{ epoch: 3 }, 'spec.epoch'],
    [{ experiment: 'rbm' }, 'experiment'],
    [{ layers: [100, 10] }, 'layers[0]'],
    [{ layers: [784, 20, 5] }, 'layers[2]'],
    [{ layers: [784, 0, 10] }, 'layers[1]'],
    [{ lr: [0.1] }, 'lr'],
    [{ lr: [0.1, -1] }, 'lr[1]'],
    [{ eps: 0 }, 'eps'],
    [{ beta: 0 }, 'beta'],
    [{ beta: 1e12 }, 'beta'],
    [{ layers: [784, 1000000, 10] }, 'layers'], // about 93 GiB: refused before anything is allocated
    [{ epochs: 1e12 }, 'epochs'], // years of training: refused by the time estimate, not run
    [{ rule: { kind: 'tcl', kernel: { B: 1e-300, area: 0 } } }, 'rule.kernel.B'], // the periodic start summed 1e301 cycles
    [{ name: 'x'.repeat(101) }, 'name'], // past the length limit of a folder name
    [{ beta: 1.5 }, 'beta'], // eps 0.5: the nudged step overshoots from beta = (2/eps - 1)/2 = 1.5
    [{ name: '..' }, 'name'],
    [{ name: '../../ESCAPED' }, 'name'],
    [{ betaSign: 'both' }, 'betaSign'],
    [{ batch: 9000 }, 'batch'],
    [{ data: { train: 9000, test: 2000 } }, 'data'],
    [{ data: { train: 10.5 } }, 'data.train'],
    [{ rule: { kind: 'hebb' } }, 'rule.kind'],
    [{ rule: 'classic' }, 'rule'],
    [{ rule: { kind: 'classic', theta: 1 } }, 'rule.theta'],
    [{ rule: { kind: 'tcl', g: 'quadratic' } }, 'rule.g'],
    [{ rule: { kind: 'tcl', thresholds: { weights: [1], biases: [1, 1] } } }, 'rule.thresholds.weights'],
    [{ rule: { kind: 'tcl', thresholds: { weights: [1, -1], biases: [1, 1] } } }, 'rule.thresholds.weights[1]'],
    [{ rule: { kind: 'tcl', kernel: { B: 20, area: -10 } } }, 'rule.kernel.area'],
    [{ rule: { kind: 'tcl', protocol: { period: 2, rise: 1, levels: 9 } } }, 'rule.protocol.rise'],
    [{ rule: { kind: 'tcl', protocol: { levels: 0 } } }, 'rule.protocol.levels'],
    [{ rule: { kind: 'tcl', filterStart: 'late' } }, 'rule.filterStart'],
    [{ rule: { kind: 'tcl', levelStart: 'middle' } }, 'rule.levelStart'],
    [{ layers: [784, 30, 30, 10], rule: { kind: 'tcl' }, lr: [0.1, 0.1, 0.1] }, 'rule.thresholds'],
    [{ rule: { kind: 'tcl', kernel: { kind: 'gauss' } } }, 'rule.kernel.kind'],
    [{ rule: { kind: 'tcl', kernel: { kind: 'sampled', samples: 1 } } }, 'rule.kernel.samples'],
    [{ rule: { kind: 'tcl', kernel: { kind: 'sampled', B: 20 } } }, 'rule.kernel.B'],
    [{ rule: { kind: 'tcl', kernel: { kind: 'sampled', weights: [1, 'x'] } } }, 'rule.kernel.weights[1]'],
    // The sample clock takes any tick, but a periodic start repeats the cycle: the default
    // sawtooth's period 2 is not whole samples of 0.3.
    [{ rule: { kind: 'tcl', kernel: { kind: 'sampled', spacing: 0.3 } } }, 'rule.kernel.spacing'],
    [{ rule: { kind: 'tcl', kernel: { B: -1 } } }, 'rule.kernel.B'],
    // A windowed Markov kernel keeps a ring (head, count) in its state: no periodic start.
    [{ rule: { kind: 'tcl', kernel: { kind: 'markov', window: 1 } } }, 'rule.filterStart'],
    [{ rule: { kind: 'tcl', kernel: { B: 20, spacing: 0.01 } } }, 'rule.kernel.spacing'],
  ])('%j -> %s', (patch, field) => {
    const base = shipped('classic');
    const e = specError(() => readEpSpec({ ...base, ...patch }));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(/expected/);
  });

  it("the authors' kernel variant reads: the sampled sine on their grid of 100 ticks per cycle", () => {
    const spec = readEpSpec(JSON.parse(readFileSync(join(experiments, 'ep-mnist-tcl-authors-kernel.json'), 'utf8')));
    expect(spec.rule).toMatchObject({ kind: 'tcl', kernel: { kind: 'sampled', spacing: 0.01, samples: 10 }, protocol: { period: 1, rise: 0.1, levels: 10 }, riseSubsteps: 1, fallSubsteps: 9 });
    expect(spec.lr).toEqual([500, 250]);
    // Off its grid too: the default sawtooth's ticks of 0.2 / 9 on samples of 0.01, and from rest
    // a period (2) that is not whole samples (of 0.3).
    const base = shipped('classic');
    expect(() => readEpSpec({ ...base, rule: { kind: 'tcl', kernel: { kind: 'sampled' } } })).not.toThrow();
    expect(() => readEpSpec({ ...base, rule: { kind: 'tcl', filterStart: 'rest', kernel: { kind: 'sampled', spacing: 0.3 } } })).not.toThrow();
    // The shipped TCL spec keeps its chemotaxis kernel by its fields, no kind.
    expect(readEpSpec(shipped('tcl')).rule).toMatchObject({ kernel: { B: 20, area: 0 } });
    expect((readEpSpec(shipped('tcl')).rule as { kernel: object }).kernel).not.toHaveProperty('kind');
  });

  it('a spec that is not an object', () => {
    expect(specError(() => readEpSpec([1, 2])).field).toBe('spec');
  });
});

describe('the digit split', () => {
  it('is seeded, disjoint and of the asked sizes', () => {
    const a = splitDigits(10000, 8000, 2000, 1);
    const b = splitDigits(10000, 8000, 2000, 1);
    const c = splitDigits(10000, 8000, 2000, 2);
    expect(a).toEqual(b);
    expect(a.train).not.toEqual(c.train);
    expect(a.train.length).toBe(8000);
    expect(a.test.length).toBe(2000);
    expect(new Set([...a.train, ...a.test]).size).toBe(10000);
    expect(specError(() => splitDigits(10000, 9000, 2000, 1)).field).toBe('data');
  });
});

describe('phaseless ep: command-line errors, before any work', () => {
  it('names the problem and leaves no output folder', async () => {
    const out = join(tmp, 'run');
    expect((await specErrorAsync(() => runCommand(['ep', join(tmp, 'missing.json'), '--out', out]))).field).toBe(join(tmp, 'missing.json'));
    expect((await specErrorAsync(() => runCommand(['ep', join(experiments, 'ep-mnist-classic.json'), '--out', out, '--speed', '2']))).field).toBe('--speed');
    expect((await specErrorAsync(() => runCommand(['ep', join(experiments, 'ep-mnist-classic.json'), '--out', out, '--epochs', 'x']))).field).toBe('--epochs');
    expect((await specErrorAsync(() => runCommand(['ep', join(experiments, 'ep-mnist-classic.json'), '--out', out, '--train', '9999']))).field).toBe('task');
    expect((await specErrorAsync(() => runCommand(['ep', '--out', out]))).field).toBe('ep');
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...shipped('tcl'), rule: { kind: 'tcl', g: 'cubic' } }));
    expect((await specErrorAsync(() => runCommand(['ep', bad, '--out', out]))).field).toBe('rule.g');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a folder that holds files, and a resume without a checkpoint', async () => {
    const full = join(tmp, 'full');
    await runCommand(['ep', join(experiments, 'ep-mnist-classic.json'), '--out', full, '--epochs', '1', '--train', '40', '--test', '20']);
    const before = readdirSync(full).sort();
    expect((await specErrorAsync(() => runCommand(['ep', join(experiments, 'ep-mnist-classic.json'), '--out', full]))).field).toBe('--out');
    expect(readdirSync(full).sort()).toEqual(before);
    expect((await specErrorAsync(() => runCommand(['ep', '--resume', tmp]))).field).toBe('--resume');
    expect((await specErrorAsync(() => runCommand(['ep', '--resume', full, '--seed', '3']))).field).toBe('--seed');
    expect((await specErrorAsync(() => runCommand(['ep-plot', join(tmp, 'nothing')]))).field).toBe(join(tmp, 'nothing'));
    expect((await specErrorAsync(() => runCommand(['ep-plot']))).field).toBe('ep-plot');
  });
});

describe('phaseless ep: a tiny run end to end', () => {
  it('writes the split, per-epoch metrics, the result and the SVGs; a resumed run equals an uninterrupted one', async () => {
    const spec = join(experiments, 'ep-mnist-classic.json');
    const whole = join(tmp, 'whole');
    const part = join(tmp, 'part');
    const small = ['--train', '60', '--test', '20'];
    await runCommand(['ep', spec, '--out', whole, '--epochs', '2', ...small]);
    await runCommand(['ep', spec, '--out', part, '--epochs', '1', ...small]);
    await runCommand(['ep', '--resume', part, '--epochs', '2']);

    const split = JSON.parse(readFileSync(join(whole, 'split.json'), 'utf8'));
    expect(split.train.length).toBe(60);
    expect(split.test.length).toBe(20);
    const rows = (dir: string) =>
      readFileSync(join(dir, 'metrics.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .map(({ trainSeconds, testSeconds, ...r }) => (expect(trainSeconds).toBeGreaterThanOrEqual(0), expect(testSeconds).toBeGreaterThanOrEqual(0), r));
    const w = rows(whole);
    expect(w.map((r) => r.epoch)).toEqual([0, 1, 2]);
    for (const r of w) for (const k of ['trainError', 'testError']) expect(r[k]).toBeGreaterThanOrEqual(0);
    expect(rows(part)).toEqual(w);
    expect(readFileSync(join(part, 'checkpoint.bin')).equals(readFileSync(join(whole, 'checkpoint.bin')))).toBe(true);
    const result = JSON.parse(readFileSync(join(whole, 'result.json'), 'utf8'));
    expect(result).toMatchObject({ name: 'ep-mnist-classic', rule: 'classic', epochs: 2, finalTestError: w[2].testError });
    expect(readFileSync(join(whole, 'learning-curve.svg'), 'utf8')).toMatch(/^<svg/);

    const svg = join(tmp, 'three.svg');
    await runCommand(['ep-plot', whole, part, '--out', svg]);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*log10 classification error/);
  });
});
