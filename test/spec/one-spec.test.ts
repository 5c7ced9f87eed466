import fc from 'fast-check';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { SpecError } from '../../src/errors';
import { readEpSpec } from '../../src/experiments/ep/ep-spec';
import { epArms } from '../../src/cli/ep-arms';
import { defaultLearnSpec, readLearnSpec } from '../../src/learning/learn-spec';
import { readRbmSpec } from '../../src/experiments/rbm/rbm-spec';
import { readFfSpec } from '../../src/ff/ff-spec';
import { fieldName, fieldTokens, oneFieldName, toLegacyLayout, toOneLayout } from '../../src/spec/field-moves';
import { inOneFieldNames, isOneSpec, specForms, specLayout, toOneSpec } from '../../src/spec/one-spec';
import { withPluginPaths } from '../../src/cli/spec-file';

const root = join(__dirname, '../..');
const json = (p: string): unknown => JSON.parse(readFileSync(join(root, p), 'utf8'));

/** Each substrate's reader, as the CLI calls it. */
function readLegacy(raw: unknown): unknown {
  const { form, legacy } = specLayout(raw);
  const read = { hopfield: readEpSpec, rbm: readRbmSpec, feedforward: readFfSpec, resistor: readLearnSpec }[form.substrate];
  return read(legacy);
}

/** The field a SpecError names when a spec is read as the CLI reads it. */
function errorField(raw: unknown): string {
  try {
    inOneFieldNames(specLayout(raw), () => readLegacy(raw));
  } catch (e) {
    if (e instanceof SpecError) return e.field;
    throw e;
  }
  throw new Error('the spec was accepted');
}

describe('the one spec format', () => {
  const shipped = [
    ...readdirSync(join(root, 'experiments')).map((f) => `experiments/${f}`),
    'examples/custom-rule/spec.json',
    'examples/custom-rule/ep-spec.json',
  ];

  it.each(shipped)('%s reads the same in the one format as in its older layout', (file) => {
    // An EP spec's arms (`compare`) are read by phaseless compare, each as a whole spec (test/cli/ep-compare.test.ts).
    const full = json(file) as Record<string, unknown>;
    const { compare, ...base } = full;
    const ep = (full.substrate as { kind?: string } | undefined)?.kind === 'hopfield';
    if (ep && compare !== undefined) expect(epArms(full).length).toBe((compare as unknown[]).length);
    const raw = withPluginPaths(ep ? base : full, join(root, file));
    const checked = readLegacy(raw);
    const one = toOneSpec(checked);
    expect(Object.keys(one)).toContain('substrate');
    // Through JSON, as a user's file or a run folder holds it.
    const again = readLegacy(JSON.parse(JSON.stringify(one)));
    expect(again).toEqual(checked);
  });

  // The shipped specs as they were written before the one format (kept here as fixtures).
  const older = readdirSync(join(__dirname, 'older-layouts'));
  it.each(older)('the older layout of %s still reads, the same as the shipped one-format file', (name) => {
    const shippedFile = name === 'custom-rule-ep-spec.json' ? 'examples/custom-rule/ep-spec.json' : `experiments/${name}`;
    const olderFile = join(__dirname, 'older-layouts', name);
    const fromOlder = readLegacy(withPluginPaths(JSON.parse(readFileSync(olderFile, 'utf8')), join(root, shippedFile)));
    const fromShipped = readLegacy(withPluginPaths(json(shippedFile), join(root, shippedFile)));
    expect(isOneSpec(json(shippedFile))).toBe(true);
    expect(fromOlder).toEqual(fromShipped);
  });

  it('the default learning spec too, and an empty resistor spec is the default', () => {
    const one = toOneSpec(defaultLearnSpec);
    expect(readLegacy(JSON.parse(JSON.stringify(one)))).toEqual(readLearnSpec(JSON.parse(JSON.stringify(defaultLearnSpec))));
    expect(readLegacy({ substrate: { kind: 'resistor' } })).toEqual(defaultLearnSpec);
  });

  it("keeps the file's note in the written spec where the format has one (the RBM reader drops it from the checked spec)", () => {
    const raw = json('experiments/rbm-bas.json') as { name: string; note: string };
    const read = specLayout(raw);
    const checked = readLegacy(raw);
    expect(toOneSpec(checked).note).toBeUndefined();
    const one = toOneSpec(checked, read);
    expect(Object.keys(one).slice(0, 3)).toEqual(['name', 'note', 'seed']);
    expect(one.note).toBe(raw.note);
    // Read back, the note changes nothing the run uses.
    expect(readLegacy(JSON.parse(JSON.stringify(one)))).toEqual(checked);
    // A form without notes (EP) gets none, whatever the file held.
    const ep = toOneSpec(readLegacy(json('experiments/ep-mnist-tcl.json')), { legacy: { note: 'x' } });
    expect(ep.note).toBeUndefined();
  });

  it('writes each section where the format says', () => {
    const ep = toOneSpec(readLegacy(json('experiments/ep-mnist-tcl.json')));
    expect(ep).toMatchObject({
      substrate: { kind: 'hopfield', layers: [784, 500, 10] },
      task: { kind: 'mnist', train: 8000, test: 2000 },
      protocol: { kind: 'sawtooth', beta: 0.5, betaSign: 'random', period: 2, rise: 0.1, levels: 9 },
      rule: { kind: 'tcl', lr: [0.1, 0.05], g: 'threshold' },
      engine: 'quasi-static',
      timing: { eps: 0.5, freeSteps: 20, nudgedSteps: 4, riseSubsteps: 1, fallSubsteps: 8 },
      budget: { epochs: 20, batch: 20 },
    });
    expect((ep.rule as Record<string, unknown>).protocol).toBeUndefined();
    const rbm = toOneSpec(readLegacy(json('experiments/rbm-bas.json')));
    expect(rbm).toMatchObject({
      substrate: { kind: 'rbm', hidden: 16, initStd: 0.01, learnHiddenBias: true },
      task: { kind: 'bas', size: 4 },
      engine: 'array',
      budget: { gibbsSteps: 16000000, evalEvery: 160000 },
    });
    expect((rbm.compare as unknown[]).slice(0, 2)).toEqual([
      { id: 'rbm-bas-cd200', protocol: { kind: 'cd', K: 200 }, rule: { kind: 'classic', lr: 0.005 } },
      { id: 'rbm-bas-local-fixed', protocol: { kind: 'stochasticPhases', b: 0.5, length: { fixed: 200 } }, rule: { kind: 'phaseSigned', lr: 0.000025 } },
    ]);
    const learn = toOneSpec(defaultLearnSpec);
    expect(learn).toMatchObject({ substrate: { kind: 'resistor', network: defaultLearnSpec.network }, budget: { epochs: 30, cyclesPerExample: 5, evalEvery: 1 } });
  });

  const ep = { substrate: { kind: 'hopfield' }, rule: { kind: 'classic', lr: [0.1, 0.05] } };
  const rbm = {
    name: 'tiny', substrate: { kind: 'rbm', hidden: 4 }, task: { kind: 'bas', size: 2 }, budget: { gibbsSteps: 400, evalEvery: 200 },
    compare: [
      { id: 'cd', protocol: { kind: 'cd', K: 1 }, rule: { kind: 'classic', lr: 0.01 } },
      { id: 'local', protocol: { kind: 'stochasticPhases', b: 0.5, length: { fixed: 4 } }, rule: { kind: 'phaseSigned', lr: 0.01 } },
    ],
  };
  // Temporally local learning on the event engine, asynchronous and faulty.
  const rbmEvent = {
    ...rbm, compare: [rbm.compare[1]], engine: 'event',
    timing: { rateSpread: 2, jitter: 0.3, endpointView: { randomDelay: { min: 0, max: 1 }, drop: 0.1 } }, faults: { dead: 0.1, stuck: 0.1 },
  };
  it('an RBM spec on the event engine: timing (with the endpoint view) and faults read, and are written back where they were', () => {
    const checked = readLegacy(rbmEvent) as Record<string, unknown>;
    expect(checked).toMatchObject({ engine: 'event', timing: { rateSpread: 2, jitter: 0.3 }, endpointView: { randomDelay: { min: 0, max: 1 }, drop: 0.1 }, faults: { dead: 0.1, stuck: 0.1, drop: 0 } });
    const one = toOneSpec(checked);
    expect(one).toMatchObject({ engine: 'event', timing: rbmEvent.timing, faults: { dead: 0.1, stuck: 0.1, drop: 0 } });
    expect(Object.keys(one)).toEqual(['name', 'seed', 'substrate', 'task', 'compare', 'engine', 'timing', 'faults', 'budget']);
    expect(readLegacy(JSON.parse(JSON.stringify(one)))).toEqual(checked);
    // An array-engine spec is written as before: engine "array", no timing.
    expect(toOneSpec(readLegacy(rbm))).not.toHaveProperty('timing');
  });

  const ff = {
    name: 'tiny', substrate: { kind: 'feedforward', layers: [16, 8] }, task: { kind: 'mnist', train: 60, test: 30 }, budget: { steps: 20, evalEvery: 10, bStar: { samples: 5, every: 5 } },
    compare: [{ id: 'ff', rule: { kind: 'ff' } }, { id: 'isd', rule: { kind: 'isd', b: 0.5 } }],
  };
  const ffLegacy = {
    experiment: 'ff', name: 'tiny', data: { train: 60, test: 30 }, layers: [16, 8], steps: 20, evalEvery: 10, bStar: { samples: 5, every: 5 },
    variants: [{ id: 'ff', kind: 'ff' }, { id: 'isd', kind: 'isd', b: 0.5 }],
  };
  it('an FF spec: legacy -> one format -> legacy is the same spec, written where the format says', () => {
    const full = { ...ffLegacy, seed: 3, threshold: 1.5, adam: { lr: 0.002, beta1: 0.8 }, evalTrain: 5, variants: [...ffLegacy.variants, { id: 'a', kind: 'isd', b: 'bstar', weights: 'indicator' }], note: 'why' };
    const checked = readLegacy(full);
    const one = toOneSpec(checked);
    expect(one).toMatchObject({
      name: 'tiny',
      seed: 3,
      substrate: { kind: 'feedforward', layers: [16, 8] },
      task: { kind: 'mnist', train: 60, test: 30 },
      rule: { threshold: 1.5, adam: { lr: 0.002, beta1: 0.8, beta2: 0.999, eps: 1e-8 } },
      compare: [{ id: 'ff', rule: { kind: 'ff' } }, { id: 'isd', rule: { kind: 'isd', b: 0.5, weights: 'paper' } }, { id: 'a', rule: { kind: 'isd', b: 'bstar', weights: 'indicator' } }],
      budget: { steps: 20, evalEvery: 10, evalTrain: 5, bStar: { samples: 5, every: 5 } },
    });
    expect(Object.keys(one)).toEqual(['name', 'seed', 'substrate', 'task', 'rule', 'compare', 'budget']);
    expect(readLegacy(JSON.parse(JSON.stringify(one)))).toEqual(checked);
    // The file's own fields, moved and moved back, are the file (the note included).
    const form = specForms.find((f) => f.substrate === 'feedforward')!;
    expect(form.toLegacy(JSON.parse(JSON.stringify(form.toOne(full))))).toEqual(full);
    expect(readLegacy(ff)).toEqual(readLegacy(ffLegacy));
  });

  it.each([
    ['a resistor budget field', { substrate: { kind: 'resistor' }, budget: { epochs: 0 } }, 'budget.epochs'],
    ['an unknown budget field', { substrate: { kind: 'resistor' }, budget: { epoch: 3 } }, 'budget.epoch'],
    ['an unknown top-level field', { substrate: { kind: 'resistor' }, network: {} }, 'spec.network'],
    ['an endpoint view', { substrate: { kind: 'resistor' }, timing: { endpointView: { delay: -1 } } }, 'timing.endpointView.delay'],
    ['an unknown substrate', { substrate: { kind: 'spin-glass' } }, 'substrate.kind'],
    ['a substrate that is not an object', { substrate: 'resistor' }, 'substrate'],
    ['EP timing', { ...ep, timing: { freeSteps: 0 } }, 'timing.freeSteps'],
    ['EP layers', { ...ep, substrate: { kind: 'hopfield', layers: [784, 10, 9] } }, 'substrate.layers[2]'],
    ['EP per-layer rates', { ...ep, rule: { kind: 'classic', lr: [0.1] } }, 'rule.lr'],
    ['EP digits', { ...ep, task: { kind: 'mnist', train: 9000, test: 2000 } }, 'task'],
    ['EP protocol kind for classic', { ...ep, protocol: { kind: 'sawtooth' } }, 'protocol.kind'],
    ['a sawtooth field with classic EP', { ...ep, protocol: { period: 2 } }, 'protocol.period'],
    ['TCL substeps with classic EP', { ...ep, timing: { riseSubsteps: 2 } }, 'timing.riseSubsteps'],
    ['an unknown EP substrate field', { ...ep, substrate: { kind: 'hopfield', layer: [784, 10] } }, 'substrate.layer'],
    ['an unknown EP protocol field', { ...ep, protocol: { kind: 'twoPhase', beta0: 1 } }, 'protocol.beta0'],
    ['an unknown EP budget field', { ...ep, budget: { epochs: 1, batches: 2 } }, 'budget.batches'],
    ['an unknown EP timing field', { ...ep, timing: { tau: 1 } }, 'timing.tau'],
    ['an EP protocol that is not an object', { ...ep, protocol: 'twoPhase' }, 'protocol'],
    ['an unknown RBM substrate field', { ...rbm, substrate: { kind: 'rbm', visible: 784 } }, 'substrate.visible'],
    ['an unknown RBM budget field', { ...rbm, budget: { gibbsSteps: 400, epochs: 1 } }, 'budget.epochs'],
    ['a TCL sawtooth field', { ...ep, rule: { kind: 'tcl', lr: [0.1, 0.05] }, protocol: { kind: 'sawtooth', rise: 1 } }, 'protocol.rise'],
    ['TCL substeps', { ...ep, rule: { kind: 'tcl', lr: [0.1, 0.05] }, timing: { fallSubsteps: 0 } }, 'timing.fallSubsteps'],
    ['the EP engine', { ...ep, engine: 'reactive' }, 'engine'],
    ['EP faults on the quasi-static path', { ...ep, faults: { dead: 0.1 } }, 'faults'],
    ['an EP batch online', { ...ep, engine: 'event', budget: { batch: 20 } }, 'budget.batch'],
    ['an RBM rate', { ...rbm, compare: [rbm.compare[0], { ...rbm.compare[1], rule: { kind: 'phaseSigned', lr: -1 } }] }, 'compare[1].rule.lr'],
    ['an RBM chain length', { ...rbm, compare: [{ ...rbm.compare[0], protocol: { kind: 'cd', K: 0 } }] }, 'compare[0].protocol.K'],
    ['an RBM phase length', { ...rbm, compare: [{ ...rbm.compare[1], protocol: { kind: 'stochasticPhases', length: { fixed: 0 } } }] }, 'compare[0].protocol.length.fixed'],
    ['an RBM rule on the wrong protocol', { ...rbm, compare: [{ ...rbm.compare[0], rule: { kind: 'phaseSigned', lr: 0.01 } }] }, 'compare[0].protocol.kind'],
    ['an unknown RBM rule', { ...rbm, compare: [{ ...rbm.compare[0], rule: { kind: 'hebbian', lr: 0.01 } }] }, 'compare[0].rule.kind'],
    ['an RBM budget', { ...rbm, budget: { gibbsSteps: 400, evalEvery: 3 } }, 'budget.evalEvery'],
    ['an RBM dataset', { ...rbm, task: { kind: 'bas', size: 9 } }, 'task.size'],
    ['an RBM substrate field', { ...rbm, substrate: { kind: 'rbm', hidden: 0 } }, 'substrate.hidden'],
    ['CD-K on the event engine', { ...rbm, engine: 'event' }, 'compare[0].rule.kind'],
    ['an RBM engine', { ...rbm, engine: 'reactive' }, 'engine'],
    ['RBM timing on the array engine', { ...rbmEvent, engine: 'array', timing: { jitter: 0.2 } }, 'timing'],
    ['RBM faults on the array engine', { ...rbmEvent, engine: undefined, timing: undefined, faults: { dead: 0.2 } }, 'faults'],
    ['an RBM jitter', { ...rbmEvent, timing: { jitter: 1 } }, 'timing.jitter'],
    ['an unknown RBM timing field', { ...rbmEvent, timing: { tau: 1 } }, 'timing.tau'],
    ['an RBM endpoint view', { ...rbmEvent, timing: { endpointView: { randomDelay: { min: 0, max: -1 } } } }, 'timing.endpointView.randomDelay.max'],
    ['an RBM endpoint view on the array engine', { ...rbmEvent, engine: 'array', timing: { endpointView: { delay: 1 } } }, 'timing.endpointView'],
    ['RBM faults', { ...rbmEvent, faults: { stuck: 2 } }, 'faults.stuck'],
    ['an FF b', { ...ff, compare: [{ id: 'x', rule: { kind: 'isd', b: 1 } }] }, 'compare[0].rule.b'],
    ['an FF weighting', { ...ff, compare: [{ id: 'x', rule: { kind: 'isd', weights: 'ones' } }] }, 'compare[0].rule.weights'],
    ['an FF variant kind', { ...ff, compare: [{ id: 'x', rule: { kind: 'bp' } }] }, 'compare[0].rule.kind'],
    ['a field a variant\'s rule does not have', { ...ff, compare: [{ id: 'x', rule: { kind: 'isd', lr: 0.1 } }] }, 'compare[0].rule.lr'],
    ['a b on standard FF', { ...ff, compare: [{ id: 'x', rule: { kind: 'ff', b: 0.5 } }] }, 'compare[0].rule.b'],
    ['an FF variant without its rule', { ...ff, compare: [{ id: 'x' }] }, 'compare[0].rule'],
    ['an unknown FF variant field', { ...ff, compare: [{ id: 'x', rule: { kind: 'ff' }, protocol: {} }] }, 'compare[0].protocol'],
    ['a duplicate FF variant id', { ...ff, compare: [ff.compare[0], ff.compare[0]] }, 'compare[1].id'],
    ['no FF variants', { ...ff, compare: [] }, 'compare'],
    ['an FF layer', { ...ff, substrate: { kind: 'feedforward', layers: [16, 0] } }, 'substrate.layers[1]'],
    ['an unknown FF substrate field', { ...ff, substrate: { kind: 'feedforward', hidden: 16 } }, 'substrate.hidden'],
    ['an FF task of other digits', { ...ff, task: { kind: 'idx', train: 60 } }, 'task.kind'],
    ['too many FF digits', { ...ff, task: { kind: 'mnist', train: 9500, test: 1000 } }, 'task.test'],
    ['an unknown FF task field', { ...ff, task: { kind: 'mnist', images: 'a' } }, 'task.images'],
    ['an Adam rate', { ...ff, rule: { adam: { lr: 5 } } }, 'rule.adam.lr'],
    ['an unknown Adam field', { ...ff, rule: { adam: { momentum: 0.9 } } }, 'rule.adam.momentum'],
    ['an FF threshold', { ...ff, rule: { threshold: 0 } }, 'rule.threshold'],
    ['a kind of the shared FF rule', { ...ff, rule: { kind: 'ff' } }, 'rule.kind'],
    ['an unknown FF rule field', { ...ff, rule: { lr: 0.01 } }, 'rule.lr'],
    ['FF steps off the evaluations', { ...ff, budget: { ...ff.budget, steps: 25 } }, 'budget.steps'],
    ['an unknown FF budget field', { ...ff, budget: { ...ff.budget, epochs: 1 } }, 'budget.epochs'],
    ['FF pilot samples past the split', { ...ff, budget: { ...ff.budget, bStar: { samples: 61 } } }, 'budget.bStar.samples'],
    ['an unknown FF section', { ...ff, protocol: { kind: 'twoPhase' } }, 'spec.protocol'],
    ['an FF engine', { ...ff, engine: 'array' }, 'spec.engine'],
    // A one-format spec without its substrate is not taken for an older layout (whose keys it would miss).
    ['a one-format spec without its substrate', { task: { train: 5 }, budget: { epochs: 2 } }, 'substrate'],
  ])('names the field as the one format writes it: %s', (_what, spec, field) => {
    expect(errorField(spec)).toBe(field);
  });

  it('a small RBM spec in the one format reads as its older layout does', () => {
    const legacy = readRbmSpec({
      experiment: 'rbm', name: 'tiny', dataset: { kind: 'bas', size: 2 }, hidden: 4, gibbsSteps: 400, evalEvery: 200,
      protocols: [{ id: 'cd', kind: 'cdk', K: 1, lr: 0.01 }, { id: 'local', kind: 'local', b: 0.5, length: { fixed: 4 }, lr: 0.01 }],
    });
    expect(readLegacy(rbm)).toEqual(legacy);
  });
});

describe('field moves', () => {
  // Legacy-layout objects of every form: random values at the moved paths and at unmoved ones.
  const value = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean());
  const section = fc.dictionary(fc.constantFrom('kind', 'x', 'protocol', 'K'), value, { minKeys: 1, maxKeys: 3 });
  // Sections that moved fields nest into (an RBM's dataset, an EP rule) are objects in any spec
  // a reader accepts; elsewhere anything goes. Sections are never empty: a section emptied by
  // the moves is dropped, which every reader takes as the same defaults (or the same refusal).
  const legacyObject = (keys: string[]) =>
    fc.record(Object.fromEntries(keys.map((k) => [k, k === 'dataset' || k === 'rule' ? section : fc.oneof(value, section)])), { requiredKeys: [] });

  it.each(specForms.map((f) => [f.substrate, f] as const))('%s: a legacy field is found under its one-format name, and moving back restores the spec', (_s, form) => {
    const tops = [...new Set(form.moves.map(([from]) => from.split('.')[0]).filter((k) => k !== 'compare')), 'seed', 'rule'];
    fc.assert(
      fc.property(legacyObject(tops), (legacy) => {
        const one = toOneLayout(legacy, form.moves);
        expect(toLegacyLayout(one, form.moves)).toEqual(legacy);
        const leaves = (v: unknown, at: string[]): string[][] =>
          v !== null && typeof v === 'object' && Object.keys(v).length > 0 ? Object.entries(v).flatMap(([k, x]) => leaves(x, [...at, k])) : [at];
        for (const path of leaves(legacy, [])) {
          if (path.length === 0) continue;
          const at = (o: unknown, p: string[]) => p.reduce<unknown>((x, t) => (x as Record<string, unknown>)?.[t], o);
          expect(at(one, fieldTokens(oneFieldName(fieldName(path), form.moves)))).toEqual(at(legacy, path));
        }
      }),
    );
  });

  it('a section shared by two places (a spec built in code) is moved at each of them', () => {
    const rule = { kind: 'isd', b: 0.5 };
    const moves: readonly (readonly [string, string])[] = [['variants', 'compare'], ['compare.*.kind', 'compare.*.rule.kind'], ['compare.*.b', 'compare.*.rule.b']];
    const one = { compare: [{ id: 'a', rule }, { id: 'b', rule }] };
    expect(toLegacyLayout(one, moves)).toEqual({ variants: [{ id: 'a', kind: 'isd', b: 0.5 }, { id: 'b', kind: 'isd', b: 0.5 }] });
    expect(one.compare[1].rule).toBe(rule);
  });

  it('field names round-trip through tokens', () => {
    expect(fieldTokens('protocols[12].length.fixed')).toEqual(['protocols', '12', 'length', 'fixed']);
    expect(fieldName(['compare', '3', 'rule', 'lr'])).toBe('compare[3].rule.lr');
  });
});
