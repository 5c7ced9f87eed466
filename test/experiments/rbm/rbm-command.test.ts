import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SpecError } from '../../../src/errors';
import { runCommand } from '../../support/cli';

let dir = '';
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'phaseless-rbm-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command with stdout and stderr captured. */
async function capture(run: () => Promise<void>): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    await run();
    return { out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const tiny = {
  name: 'rbm-bas-tiny',
  seed: 2,
  dataset: { kind: 'bas', size: 3 },
  hidden: 4,
  gibbsSteps: 4000,
  evalEvery: 400,
  protocols: [
    { id: 'rbm-bas-tiny-cd', kind: 'cdk', K: 200, lr: 0.005 },
    { id: 'rbm-bas-tiny-local', kind: 'local', length: { geometric: 200 }, lr: 0.000025 },
    { id: 'rbm-bas-tiny-isd', kind: 'isd', length: { fixed: 200 }, lr: 0.005 },
  ],
};

function file(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('phaseless rbm', () => {
  it('writes spec.json, metrics.ndjson, result.json (with the equal-step table) and one SVG, with progress on stderr', async () => {
    const out = join(dir, 'ok');
    const r = await capture(() => runCommand(['rbm', file('tiny.json', tiny), '--out', out]));
    expect(readdirSync(out).sort()).toEqual(['metrics.ndjson', 'protocols.ndjson', 'rbm-bas-tiny.svg', 'result.json', 'spec.json', 'status.json']);
    const rows = readFileSync(join(out, 'metrics.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(3 * 11); // evaluations at 0, 400, ..., 4000 for each protocol
    for (const id of tiny.protocols.map((p) => p.id)) {
      expect(rows.filter((x) => x.protocol === id).map((x) => x.gibbsSteps)).toEqual(Array.from({ length: 11 }, (_, k) => 400 * k));
    }
    expect(rows.every((x) => x.nll > 0 && x.tv >= 0 && x.tv <= 1)).toBe(true);
    // Same initial weights for every protocol.
    expect(new Set(rows.filter((x) => x.gibbsSteps === 0).map((x) => x.nll)).size).toBe(1);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.protocols.map((p: { id: string }) => p.id)).toEqual(tiny.protocols.map((p) => p.id));
    expect(result.table.map((t: { gibbsSteps: number }) => t.gibbsSteps)).toEqual([1200, 1200, 1200, 2000, 2000, 2000, 4000, 4000, 4000]);
    expect(result.nllFloor).toBeCloseTo(Math.log(16) - (2 * (2 / 16) * Math.log(2)), 10); // 14 distinct of 16 rows, 2 doubled
    expect(readFileSync(join(out, 'rbm-bas-tiny.svg'), 'utf8')).toMatch(/^<svg[^>]*>.*<\/svg>$/s);
    expect(r.err).toMatch(/rbm-bas-tiny-cd eval 10\/10 NLL [\d.]+ TV [\d.]+/);
    expect(r.out).toMatch(/at equal Gibbs steps:/);
    expect(r.out).toMatch(/rbm-bas-tiny-isd +4000 +20 +NLL/);
  });

  it('--only runs the named protocols; --gibbs-steps and --seed override the spec', async () => {
    const out = join(dir, 'only');
    await capture(() => runCommand(['rbm', file('tiny2.json', tiny), '--out', out, '--only', 'rbm-bas-tiny-local', '--gibbs-steps', '800', '--seed', '9']));
    const spec = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    // The run folder keeps the spec in the one format: the budget holds the Gibbs steps.
    expect(spec).toMatchObject({ seed: 9, budget: { gibbsSteps: 800 } });
    const rows = readFileSync(join(out, 'metrics.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.protocol, x.gibbsSteps])).toEqual([0, 400, 800].map((g) => ['rbm-bas-tiny-local', g]));
  });

  it('runs a spec on the event engine: its first line names the engine and its asynchrony, the run folder keeps them, the rows count events', async () => {
    const out = join(dir, 'event');
    const spec = {
      ...tiny,
      gibbsSteps: 800,
      protocols: [tiny.protocols[1]],
      engine: 'event',
      timing: { jitter: 0.3 },
      endpointView: { randomDelay: { min: 0, max: 2 } },
      faults: { stuck: 0.1 },
    };
    const r = await capture(() => runCommand(['rbm', file('event.json', spec), '--out', out]));
    expect(r.err).toMatch(/seed 2, event engine \(timing \{"rateSpread":1,"jitter":0.3\}, endpointView \{"randomDelay":\{"min":0,"max":2\}\}, faults \{"dead":0,"stuck":0.1,"drop":0\}\)/);
    const stored = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    expect(stored).toMatchObject({ engine: 'event', timing: { rateSpread: 1, jitter: 0.3, endpointView: { randomDelay: { min: 0, max: 2 } } }, faults: { stuck: 0.1 } });
    const rows = readFileSync(join(out, 'metrics.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => x.gibbsSteps)).toEqual([0, 400, 800]);
    // 9 visible, 4 hidden: 14 units and 40 synapses tick, and each unit update travels to its synapses' views.
    expect(rows[2].events).toBeGreaterThan(800 * (14 + 40));
  });

  const bad: [string, string[], RegExp][] = [
    ['no spec file', [], /^rbm: expected a spec.json argument/],
    ['a missing file', [join('nowhere', 'x.json')], /x.json: expected a readable JSON spec file/],
    ['a bad field', ['BAD'], /^protocols\[0\].K: expected an integer >= 1, got 0/],
    ['an unknown protocol in --only', ['TINY', '--only', 'nope'], /^--only: expected protocol ids of rbm-bas-tiny/],
    ['an unknown flag', ['TINY', '--epochs', '3'], /^--epochs: expected one of the options of 'rbm'/],
    ['a budget that is not a multiple of the evaluations', ['TINY', '--gibbs-steps', '1000'], /^gibbsSteps: expected a multiple of evalEvery \(400\)/],
  ];
  it.each(bad)('rejects %s with a SpecError before writing anything', async (_, argv, message) => {
    const out = join(dir, `bad-${argv.length}-${Math.abs(argv.join('').length)}`);
    const real = argv.map((a) => (a === 'BAD' ? file('bad.json', { ...tiny, protocols: [{ ...tiny.protocols[0], K: 0 }] }) : a === 'TINY' ? file('tiny3.json', tiny) : a));
    const run = runCommand(['rbm', ...real, '--out', out]);
    await expect(run).rejects.toThrow(SpecError);
    await expect(runCommand(['rbm', ...real, '--out', out])).rejects.toThrow(message);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an output folder that already holds files', async () => {
    const out = join(dir, 'full');
    mkdirSync(out);
    writeFileSync(join(out, 'x'), '1');
    await expect(runCommand(['rbm', file('tiny4.json', tiny), '--out', out])).rejects.toThrow(/^--out: expected an empty or new folder/);
  });
});

describe('phaseless isd', () => {
  it('prints the second-moment sweep, b*, the ratio at b* and the chain check, and writes result.json and isd.svg', async () => {
    const out = join(dir, 'isd');
    const r = await capture(() => runCommand(['isd', '--samples', '2000', '--chain-phases', '500', '--out', out]));
    expect(r.out).toMatch(/generic: 6 visible, 4 hidden; A = E\+\|s\|\^2 = [\d.]+, B' = E-\|s\|\^2 = [\d.]+/);
    expect(r.out).toMatch(/unequal: .* b\* = sqrt\(A\)\/\(sqrt\(A\)\+sqrt\(B'\)\) = 0\.2\d+/);
    expect(r.out).toMatch(/second moment at b\* \/ at b = 0.5: 0\.\d+/);
    expect(r.out).toMatch(/IS-D on the Gibbs chain under the clock \(b = 0.5, K = 200, 500 phases\)/);
    expect(readdirSync(out).sort()).toEqual(['isd.svg', 'result.json']);
    const res = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(res.cases.map((c: { name: string }) => c.name)).toEqual(['generic', 'unequal']);
    expect(res.cases[1].rows.length).toBe(10); // 9 values of b and b*
  });

  it('--json prints one JSON document; bad options are SpecErrors', async () => {
    const r = await capture(() => runCommand(['isd', '--samples', '500', '--chain-phases', '0', '--json']));
    const res = JSON.parse(r.out);
    expect(res.options).toMatchObject({ samples: 500, chainPhases: 0 });
    expect(res.cases[0].chain).toBeUndefined();
    await expect(runCommand(['isd', '--samples', '10'])).rejects.toThrow(/^--samples: expected an integer >= 100, got 10/);
    await expect(runCommand(['isd', 'extra'])).rejects.toThrow(/^isd: expected options only/);
    await expect(runCommand(['isd', '--b', '0.3'])).rejects.toThrow(/^--b: expected one of the options of 'isd'/);
  });
});
