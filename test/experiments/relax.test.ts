import { SpecError } from '../../src/errors';
import { defaultRelaxSpec, prepareRelax, readRelaxSpec, runRelax } from '../../src/experiments/relax';
import { referenceSolve, maxAbs } from '../substrates/resistor/reference-solve';

function specError(f: () => unknown): SpecError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error('expected a SpecError');
}

describe('runRelax', () => {
  const res = runRelax(defaultRelaxSpec);

  it('the default spec converges below 1e-6 relative error', () => {
    const last = res.rows[res.rows.length - 1];
    expect(last.relError).toBeLessThan(1e-6);
    expect(res.rows).toHaveLength(defaultRelaxSpec.reports);
    expect(res.rows.map((r) => r.t)).toEqual(Array.from({ length: 12 }, (_, r) => (60 * (r + 1)) / 12));
    // Events only accumulate; the error shrinks by orders of magnitude over the run.
    for (let r = 1; r < res.rows.length; r++) expect(res.rows[r].events).toBeGreaterThan(res.rows[r - 1].events);
    expect(res.rows[0].relError).toBeGreaterThan(1e3 * last.relError);
  });

  it('its exact solution and final voltages agree with an independent Gaussian-elimination solve', () => {
    const ref = referenceSolve(res.network);
    const scale = maxAbs(ref);
    expect(res.network.nodes).toHaveLength(40);
    for (let i = 0; i < ref.length; i++) {
      expect(Math.abs(res.exact[i] - ref[i])).toBeLessThan(1e-12 * scale);
      expect(Math.abs(res.final[i] - ref[i])).toBeLessThan(1e-6 * scale);
    }
    // The reported error is the real one.
    const last = res.rows[res.rows.length - 1];
    const maxErr = Math.max(...res.final.map((v, i) => Math.abs(v - ref[i])));
    expect(last.maxAbsError).toBeCloseTo(maxErr, 12);
    expect(last.relError).toBeCloseTo(maxErr / scale, 12);
  });

  it('is deterministic: the same spec and seed give bit-identical results; another seed differs', () => {
    const small = readRelaxSpec({ ...defaultRelaxSpec, duration: 5, reports: 2 });
    const a = runRelax(small);
    const b = runRelax(small);
    expect(b.final).toEqual(a.final);
    expect(b.rows).toEqual(a.rows);
    const c = runRelax({ ...small, seed: 2 });
    expect(c.network).not.toEqual(a.network);
  });

  it('passes rows to the callback as they are produced', () => {
    const rows: number[] = [];
    const r = runRelax(readRelaxSpec({ duration: 2, reports: 4 }), (row) => rows.push(row.t));
    expect(rows).toEqual([0.5, 1, 1.5, 2]);
    expect(r.rows.map((x) => x.t)).toEqual(rows);
  });

  it('an explicit network relaxes to its closed form', () => {
    // Divider 1 V, k = 1 and 3: V_mid = 0.25.
    const spec = readRelaxSpec({
      network: { nodes: ['g', 'in', 'm'], edges: [{ a: 'in', b: 'm', k: 1 }, { a: 'm', b: 'g', k: 3 }], ground: 'g', inputs: [{ node: 'in', v: 1 }], outputs: [] },
      duration: 20,
      reports: 1,
    });
    const r = runRelax(spec);
    expect(r.final[2]).toBeCloseTo(0.25, 10);
  });
});

describe('readRelaxSpec', () => {
  it('undefined gives the default; given fields override it; missing ones default', () => {
    expect(readRelaxSpec(undefined)).toBe(defaultRelaxSpec);
    const s = readRelaxSpec({ seed: 9, timing: { jitter: 0.1 } });
    expect(s.seed).toBe(9);
    expect(s.timing).toEqual({ ...defaultRelaxSpec.timing, jitter: 0.1 });
    expect(s.duration).toBe(defaultRelaxSpec.duration);
    expect(s.network).toBe(defaultRelaxSpec.network);
  });

  it.each<[string, unknown, string]>([
    ['an unknown top-level key', { durration: 5 }, 'spec.durration'],
    ['an unknown timing key', { timing: { period: 1 } }, 'timing.period'],
    ['a non-object spec', [1, 2], 'spec'],
    ['a negative seed', { seed: -1 }, 'seed'],
    ['a fractional seed', { seed: 1.5 }, 'seed'],
    ['a zero duration', { duration: 0 }, 'duration'],
    ['zero reports', { reports: 0 }, 'reports'],
    ['jitter >= 1', { timing: { jitter: 1 } }, 'timing.jitter'],
    ['rate spread < 1', { timing: { rateSpread: 0.5 } }, 'timing.rateSpread'],
  ])('rejects %s', (_name, spec, field) => {
    const e = specError(() => readRelaxSpec(spec));
    expect(e.field).toBe(field);
    expect(e.message.startsWith(`${field}: expected `)).toBe(true);
  });

  it('the unknown-key error lists the known keys', () => {
    expect(() => readRelaxSpec({ seeed: 1 })).toThrow('spec.seeed: expected a known key (seed, network, timing, duration, reports), got "seeed"');
  });
});

// Found by the spec fuzz test: these ran with no end; the estimate refuses them before any work.
describe('prepareRelax refuses a relaxation past a day, naming the field', () => {
  it.each<[string, object, string]>([
    ['a duration of 1e12', { duration: 1e12 }, 'duration'],
    ['a node period of 1e-300', { timing: { nodePeriod: 1e-300 } }, 'duration'],
    ['1e21 reports', { reports: 1e21 }, 'reports'],
    ['a rate spread of 9e15', { timing: { rateSpread: 9007199254740994 } }, 'duration'],
    ['a network of 1e12 nodes', { network: { random: { n: 1e12, meanDegree: 4 } } }, 'network.random.n'],
  ])('%s', (_name, over, field) => {
    expect(specError(() => prepareRelax(readRelaxSpec(over))).field).toBe(field);
  });
});

describe('prepareRelax validates the network before any work', () => {
  it.each<[string, unknown, string]>([
    ['a non-object network', 7, 'network'],
    ['random options that are not an object', { random: 5 }, 'network.random'],
    ['lattice options that are not an object', { lattice: 'big' }, 'network.lattice'],
    ['both random and lattice', { random: { n: 5, meanDegree: 2 }, lattice: { rows: 2, cols: 2 } }, 'network.lattice'],
    ['an unknown random option', { random: { n: 5, meanDegree: 2, vmax: 3 } }, 'network.random.vmax'],
    ['a bad random option', { random: { n: 5, meanDegree: -1 } }, 'network.random.meanDegree'],
    ['a bad lattice option', { lattice: { rows: 2, cols: 'x' } }, 'network.lattice.cols'],
    ['a bad lattice voltage', { lattice: { rows: 2, cols: 2, v: 'high' } }, 'network.lattice.v'],
    ['a bad explicit network', { nodes: ['g', 'x'], edges: [{ a: 'g', b: 'x', k: -1 }], ground: 'g' }, 'network.edges[0].k'],
  ])('rejects %s', (_name, network, field) => {
    const spec = readRelaxSpec({ network });
    const e = specError(() => prepareRelax(spec));
    expect(e.field).toBe(field);
  });
});
