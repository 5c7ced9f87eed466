import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCommand } from '../support/cli';
import { SpecError } from '../../src/errors';

const root = mkdtempSync(join(tmpdir(), 'phaseless-analysis-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs a command with stdout and stderr captured. */
async function capture(f: () => Promise<void>): Promise<{ out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  try {
    await f();
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { out: out.join(''), err: err.join('') };
}

async function specError(f: () => Promise<void>): Promise<SpecError> {
  try {
    await capture(f);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error('expected a SpecError');
}

describe('phaseless sweep spec.json', () => {
  it('writes the points, a summary with timings and the SVG figure; a second run resumes', async () => {
    const spec = join(root, 'conv.json');
    writeFileSync(spec, JSON.stringify({ experiment: 'convergence', base: { dt: 1e-3 }, grid: { tauF: [0.5, 2, 8] } }));
    const out = join(root, 'conv');
    const r = await capture(() => runCommand(['sweep', spec, '--out', out, '--workers', '0']));
    expect(r.out).toMatch(/convergence: 3 points computed, 0 resumed/);
    expect(r.err).toMatch(/sweep convergence: 3 points/);
    for (const f of ['sweep.json', 'points.ndjson', 'summary.json', 'convergence.svg']) expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'convergence.svg'), 'utf8')).toMatch(/^<svg/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.timing).toMatchObject({ points: 3, computed: 3, resumed: 0 });
    expect(summary.curve).toHaveLength(3);
    const again = await capture(() => runCommand(['sweep', spec, '--out', out, '--workers', '0']));
    expect(again.out).toMatch(/convergence: 0 points computed, 3 resumed/);
  });
});

describe('bad input: one clear error, nothing written', () => {
  it('names the flag or field', async () => {
    expect((await specError(() => runCommand(['range', '--sampels', '3']))).field).toBe('--sampels');
    expect((await specError(() => runCommand(['range', '--samples', '0', '--out', join(root, 'x')]))).field).toBe('--samples');
    expect((await specError(() => runCommand(['markov', '--workers', '-1', '--out', join(root, 'x')]))).field).toBe('--workers');
    expect((await specError(() => runCommand(['convergence', 'extra']))).field).toBe('convergence');
    expect((await specError(() => runCommand(['sweep', join(root, 'missing.json')]))).field).toBe(join(root, 'missing.json'));
    const bad = join(root, 'bad.json');
    writeFileSync(bad, JSON.stringify({ experiment: 'offset', base: { area: 'big' } }));
    expect((await specError(() => runCommand(['sweep', bad, '--out', join(root, 'x')]))).field).toBe('point 0.area');
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});
