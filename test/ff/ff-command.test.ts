import { existsSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { SpecError } from '../../src/errors';
import { readFfSpec } from '../../src/ff/ff-spec';
import { prepareFf, FfRow } from '../../src/ff/ff-experiment';
import { setLongRunLimit } from '../../src/budget';
import { runCli, runCommand, tempDir } from '../support/cli';

const tmp = tempDir('phaseless-ff-');

/** 20 steps of a 784-16-8 network on 60 + 30 digits: seconds. */
const tiny = {
  experiment: 'ff',
  name: 'ff-tiny',
  seed: 3,
  data: { train: 60, test: 30 },
  layers: [16, 8],
  steps: 20,
  evalEvery: 10,
  evalTrain: 10,
  bStar: { samples: 5, every: 5 },
  variants: [
    { id: 'ff', kind: 'ff' },
    { id: 'isd-half', kind: 'isd', b: 0.5 },
    { id: 'isd-bstar', kind: 'isd', b: 'bstar' },
    { id: 'isd-authors', kind: 'isd', b: 0.7, weights: 'indicator' },
  ],
};

const strip = (rows: FfRow[]) => rows.map(({ wallMs, ...r }) => (expect(wallMs).toBeGreaterThanOrEqual(0), r));

function runRows(spec: unknown): FfRow[] {
  const rows: FfRow[] = [];
  prepareFf(readFfSpec(spec)).run((r) => rows.push(r));
  return rows;
}

describe('the FF experiment', () => {
  it('is deterministic: the same seed gives the same rows, another seed other rows', () => {
    const a = strip(runRows(tiny));
    const b = strip(runRows(tiny));
    expect(b).toEqual(a);
    expect(a.map((r) => [r.variant, r.step])).toEqual(tiny.variants.flatMap((v) => [0, 10, 20].map((s) => [v.id, s])));
    // Every variant starts from the same weights.
    expect(new Set(a.filter((r) => r.step === 0).map((r) => r.testError + '/' + r.A)).size).toBe(1);
    // FF presents 2 samples per step, IS-D one; b* is re-estimated and kept in range.
    expect(a.find((r) => r.variant === 'ff' && r.step === 20)!.samples).toBe(40);
    expect(a.find((r) => r.variant === 'isd-half' && r.step === 20)!.samples).toBe(20);
    for (const r of a.filter((x) => x.variant === 'isd-bstar')) expect(r.b).toBeCloseTo(Math.min(0.95, Math.max(0.05, r.bStar)), 14);
    // Evaluating more often changes nothing in the run (b* keeps its own schedule).
    const often = strip(runRows({ ...tiny, evalEvery: 4, bStar: { samples: 5, every: 5 } }));
    const at = (rows: Omit<FfRow, 'wallMs'>[], v: string) => rows.find((r) => r.variant === v && r.step === 20);
    for (const v of tiny.variants) expect(at(often, v.id)).toEqual(at(a, v.id));
    const c = strip(runRows({ ...tiny, seed: 4 }));
    expect(c).not.toEqual(a);
  });

  it('phaseless ff writes the run folder; phaseless run dispatches an FF spec to it', async () => {
    const spec = tmp.file('tiny.json', tiny);
    const out = join(tmp.path(), 'ok');
    const r = await runCli(['ff', spec, '--out', out, '--only', 'ff,isd-bstar']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['ff-tiny.svg', 'metrics.ndjson', 'result.json', 'spec.json', 'status.json', 'variants.ndjson']);
    expect(r.out).toMatch(/^isd-bstar +20 +20 +[\d.]+ +[\d.]+ s$/m);
    const res = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(res.variants.map((v: { id: string }) => v.id)).toEqual(['ff', 'isd-bstar']);
    expect(readFileSync(join(out, 'ff-tiny.svg'), 'utf8')).toMatch(/^<svg[^>]*>.*<\/svg>$/s);
    const viaRun = join(tmp.path(), 'run');
    expect((await runCli(['run', spec, '--out', viaRun, '--seed', '3'])).code).toBe(0);
    const rows = (p: string) => readFileSync(join(p, 'metrics.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as FfRow);
    expect(strip(rows(viaRun).filter((x) => x.variant !== 'isd-half' && x.variant !== 'isd-authors'))).toEqual(strip(rows(out)));
  });

  /** The tiny spec in the one format, as a user writes it. */
  const tinyOne = {
    name: 'ff-tiny',
    seed: 3,
    substrate: { kind: 'feedforward', layers: [16, 8] },
    task: { kind: 'mnist', train: 60, test: 30 },
    compare: [
      { id: 'ff', rule: { kind: 'ff' } },
      { id: 'isd-half', rule: { kind: 'isd', b: 0.5 } },
      { id: 'isd-bstar', rule: { kind: 'isd', b: 'bstar' } },
      { id: 'isd-authors', rule: { kind: 'isd', b: 0.7, weights: 'indicator' } },
    ],
    budget: { steps: 20, evalEvery: 10, evalTrain: 10, bStar: { samples: 5, every: 5 } },
  };

  it('reads the one format and the older layout to the same spec; both run the same, the older one with a notice', async () => {
    expect(readFfSpec(tinyOne)).toEqual(readFfSpec(tiny));
    const one = join(tmp.path(), 'one');
    const r = await runCli(['ff', tmp.file('one.json', tinyOne), '--out', one, '--only', 'isd-bstar']);
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/notice/);
    const older = join(tmp.path(), 'older');
    const o = await runCli(['ff', tmp.file('older.json', tiny), '--out', older, '--only', 'isd-bstar']);
    expect(o.code).toBe(0);
    expect(o.err).toMatch(/phaseless: notice: \S*older\.json is in the older FF spec layout and reads the same; in the one spec format experiment -> substrate.kind "feedforward", layers -> substrate.layers, data -> task, .*variants -> compare \(`phaseless convert \S*older\.json` writes it\)/);
    const rows = (p: string) => strip(readFileSync(join(p, 'metrics.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)));
    expect(rows(one)).toEqual(rows(older));
    // The run folder's spec is in the one format, with the variants that ran; it reads back to the same spec.
    const stored = JSON.parse(readFileSync(join(one, 'spec.json'), 'utf8'));
    expect(stored).toMatchObject({ substrate: { kind: 'feedforward', layers: [16, 8] }, compare: [{ id: 'isd-bstar', rule: { kind: 'isd', b: 'bstar' } }] });
    expect(stored).not.toHaveProperty('experiment');
    expect(readFfSpec(stored)).toEqual({ ...readFfSpec(tiny), variants: [readFfSpec(tiny).variants[2]] });
    // phaseless run takes it as phaseless ff does.
    const viaRun = join(tmp.path(), 'one-run');
    expect((await runCli(['run', tmp.file('one-run.json', { ...tinyOne, compare: [tinyOne.compare[2]] }), '--out', viaRun])).code).toBe(0);
    expect(rows(viaRun)).toEqual(rows(one));
  });

  it.each([
    ['a b of 1', { ...tinyOne, compare: [{ id: 'x', rule: { kind: 'isd', b: 1 } }] }, /^compare\[0\]\.rule\.b: expected a probability strictly between 0 and 1, or "bstar", got 1$/],
    ['an unknown budget field', { ...tinyOne, budget: { ...tinyOne.budget, epochs: 2 } }, /^budget\.epochs: expected a known key \(kind, steps, evalEvery, evalTrain, bStar\), got "epochs"$/],
    ['a huge Adam rate', { ...tinyOne, rule: { adam: { lr: 5 } } }, /^rule\.adam\.lr: expected at most 1/],
    ['steps off the evaluations', { ...tinyOne, budget: { ...tinyOne.budget, steps: 25 } }, /^budget\.steps: expected a multiple of evalEvery \(10\)/],
    ['another substrate', { substrate: { kind: 'hopfield' }, rule: { kind: 'classic', lr: [0.1, 0.05] } }, /^substrate\.kind: expected "feedforward" for phaseless ff \(a hopfield spec runs with phaseless run or phaseless ep\), got "hopfield"$/],
  ])('in the one format, refuses %s naming the field as the file writes it', async (_, spec, message) => {
    const out = join(tmp.path(), 'bad-one');
    const r = await runCli(['ff', tmp.file('bad-one.json', spec), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err.replace(/^phaseless: error: /, '').trimEnd()).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('--resume keeps finished variants, replays the one cut short and ends as an uninterrupted run', async () => {
    const spec = tmp.file('tiny-r.json', tiny);
    const full = join(tmp.path(), 'full');
    expect((await runCli(['ff', spec, '--out', full])).code).toBe(0);
    const cut = join(tmp.path(), 'cut');
    expect((await runCli(['ff', spec, '--out', cut])).code).toBe(0);
    // As if killed during the third variant: two finished, one row of the third written.
    const lines = readFileSync(join(cut, 'metrics.ndjson'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(cut, 'metrics.ndjson'), lines.slice(0, 7).join('\n') + '\n');
    const vs = readFileSync(join(cut, 'variants.ndjson'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(cut, 'variants.ndjson'), vs.slice(0, 2).join('\n') + '\n');
    writeFileSync(join(cut, 'status.json'), JSON.stringify({ command: 'ff', status: 'interrupted', pid: 0 }));
    const r = await runCli(['ff', '--resume', cut]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/resuming .* after 2 of 4 variants/);
    const rows = (p: string) => strip(readFileSync(join(p, 'metrics.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)));
    expect(rows(cut)).toEqual(rows(full));
    expect(JSON.parse(readFileSync(join(cut, 'status.json'), 'utf8')).status).toBe('done');
  });

  const bad: [string, unknown, RegExp][] = [
    ['no experiment field', { ...tiny, experiment: undefined }, /^experiment: expected "ff"/],
    ['an unknown key', { ...tiny, lr: 0.01 }, /^spec.lr: expected a known key/],
    ['a b of 1', { ...tiny, variants: [{ id: 'x', kind: 'isd', b: 1 }] }, /^variants\[0\].b: expected a probability strictly between 0 and 1, or "bstar"/],
    ['unknown weights', { ...tiny, variants: [{ id: 'x', kind: 'isd', weights: 'ones' }] }, /^variants\[0\].weights: expected "paper"/],
    ['an unknown kind', { ...tiny, variants: [{ id: 'x', kind: 'bp' }] }, /^variants\[0\].kind: expected "ff" or "isd"/],
    ['duplicate ids', { ...tiny, variants: [{ id: 'x', kind: 'ff' }, { id: 'x', kind: 'ff' }] }, /^variants\[1\].id: expected a unique id/],
    ['too many digits', { ...tiny, data: { train: 9500, test: 1000 } }, /^data.test: expected at most 10000 - data.train = 500/],
    ['steps not a multiple of evalEvery', { ...tiny, steps: 25 }, /^steps: expected a multiple of evalEvery \(10\)/],
    ['an empty layer list', { ...tiny, layers: [] }, /^layers: expected a non-empty array/],
    ['a zero-unit layer', { ...tiny, layers: [16, 0] }, /^layers\[1\]: expected an integer >= 1/],
    ['a huge lr', { ...tiny, adam: { lr: 5 } }, /^adam.lr: expected at most 1/],
    ['beta1 of 1', { ...tiny, adam: { beta1: 1 } }, /^adam.beta1: expected a number in \[0, 1\)/],
    ['evalTrain past the split', { ...tiny, evalTrain: 61 }, /^evalTrain: expected at most data.train \(60\)/],
    ['a null', { ...tiny, threshold: null }, /^threshold: expected a value/],
    ['a run of years', { ...tiny, layers: [500, 500], steps: 1e9, evalEvery: 1e9 }, /^steps: expected a run of at most a day/],
    ['layers too big for memory', { ...tiny, layers: [100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000] }, /^layers: expected a size that fits this machine/],
  ];
  it.each(bad)('refuses %s: exit 2, one line naming the field, nothing written', async (_, spec, message) => {
    setLongRunLimit();
    const out = join(tmp.path(), 'bad');
    expect(() => readFfSpec(JSON.parse(JSON.stringify(spec)))).toThrow(SpecError);
    const r = await runCli(['ff', tmp.file('bad.json', spec), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^phaseless: error: [^\n]+: expected [^\n]+\n$/);
    expect(r.err.replace(/^phaseless: error: /, '')).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a missing spec, an unknown variant in --only and --resume with a spec', async () => {
    await expect(runCommand(['ff'])).rejects.toThrow(/^ff: expected a spec.json argument/);
    await expect(runCommand(['ff', tmp.file('t.json', tiny), '--only', 'nope', '--out', join(tmp.path(), 'o')])).rejects.toThrow(/^--only: expected variant ids of ff-tiny \(ff, isd-half, isd-bstar, isd-authors\)/);
    expect(existsSync(join(tmp.path(), 'o'))).toBe(false);
    await expect(runCommand(['ff', tmp.file('t2.json', tiny), '--resume', tmp.path()])).rejects.toThrow(/^ff: expected no spec file with --resume/);
  });
});
