import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { withPluginPaths } from '../../src/cli/spec-file';
import { readEpSpec } from '../../src/experiments/ep/ep-spec';
import { readRbmSpec } from '../../src/experiments/rbm/rbm-spec';
import { readFfSpec } from '../../src/ff/ff-spec';
import { specLayout } from '../../src/spec/one-spec';

/**
 * Every shipped EP, RBM and FF spec (and its older layout), and specs that lean on the defaults,
 * read to exactly the object (key order included) the readers gave when their fields were
 * checked by hand: read-unchanged.json holds those objects as JSON. `UPDATE_READ_FIXTURE=1`
 * rewrites it (only when a reader's output is meant to change).
 */
const root = join(__dirname, '../..');
const fixture = join(__dirname, 'read-unchanged.json');
const json = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));

const tinyRbm = {
  experiment: 'rbm', name: 'tiny', dataset: { kind: 'bas', size: 2 }, hidden: 3, gibbsSteps: 800, evalEvery: 400,
  protocols: [
    { id: 'cd', kind: 'cdk', K: 200, lr: 0.005 },
    { id: 'local', kind: 'local', length: { geometric: 20 }, lr: 0.001 },
    { id: 'isd', kind: 'isd', length: { fixed: 20 }, lr: 0.01 },
  ],
};
const written: [string, unknown, string][] = [
  ['ep classic, all defaults', { rule: { kind: 'classic' } }, 'ep'],
  ['ep tcl, all defaults', { experiment: 'ep-mnist', rule: { kind: 'tcl' } }, 'ep'],
  ['ep tcl, partial sections', { rule: { kind: 'tcl', g: 'linear', kernel: { B: 10 }, protocol: { levels: 3 }, filterStart: 'rest', thresholds: { weights: [0, 1], biases: [2, 3] } }, betaSign: 'positive', data: { test: 5 } }, 'ep'],
  ['ep on IDX files', { rule: { kind: 'classic' }, data: { kind: 'idx', images: 'a', labels: 'b', train: 50, test: 5 }, layers: [784, 10], lr: [0.2], batch: 5 }, 'ep'],
  ['ep on IDX files with a test set', { rule: { kind: 'classic' }, data: { test: 7, labels: 'b', testLabels: 'd', kind: 'idx', images: 'a', testImages: 'c' } }, 'ep'],
  ['ep one format', { substrate: { kind: 'hopfield', layers: [784, 20, 20, 10] }, rule: { kind: 'tcl', lr: [1, 2, 3], thresholds: { weights: [0, 1, 2], biases: [2, 3, 4] } }, protocol: { kind: 'sawtooth', rise: 0.2 }, timing: { riseSubsteps: 2 } }, 'ep'],
  ['rbm with defaults', tinyRbm, 'rbm'],
  ['rbm on bMNIST files', { ...tinyRbm, dataset: { kind: 'bmnist', labels: 'l', images: 'i', train: 10 }, metric: { steps: 50 }, learnHiddenBias: false, initStd: 0, seed: 4, note: 'x' }, 'rbm'],
  ['rbm one format', { name: 'tiny', substrate: { kind: 'rbm' }, task: { kind: 'bmnist', metric: { burnIn: 3 } }, budget: { gibbsSteps: 400, evalEvery: 200 }, compare: [{ id: 'l', protocol: { kind: 'stochasticPhases', b: 0.25, length: { step: 2, geometric: 8 } }, rule: { kind: 'isd', lr: 0.1, batch: 3 } }] }, 'rbm'],
  ['ff with defaults', { experiment: 'ff', name: 'tiny', steps: 20, evalEvery: 10, variants: [{ id: 'ff', kind: 'ff' }, { id: 'isd', kind: 'isd' }] }, 'ff'],
  [
    'ff with every field',
    {
      note: 'x', variants: [{ kind: 'isd', b: 'bstar', id: 'b', weights: 'indicator' }, { id: 'h', b: 0.25, kind: 'isd' }], bStar: { every: 7, samples: 20 }, adam: { eps: 1e-6, lr: 0.002 },
      evalTrain: 5, layers: [16, 8, 4], threshold: 1.5, seed: 9, data: { test: 30, train: 60 }, evalEvery: 5, steps: 10, name: 'all', experiment: 'ff',
    },
    'ff',
  ],
];

const readers: Record<string, (raw: unknown) => unknown> = { ep: readEpSpec, rbm: readRbmSpec, ff: readFfSpec };

function read(raw: unknown, reader: string): string {
  const r = readers[reader](raw);
  return JSON.stringify(r).split(root).join('<root>');
}

function cases(): [string, string][] {
  const out: [string, string][] = [];
  // An EP comparison (ep-mnist-compare.json) is read arm by arm, each as a whole EP spec (test/cli/ep-compare.test.ts).
  const shipped = readdirSync(join(root, 'experiments'))
    .filter((f) => (f.startsWith('ep-') || f.startsWith('rbm-') || f.startsWith('ff-')) && !(f.startsWith('ep-') && 'compare' in (json(join(root, 'experiments', f)) as object)))
    .map((f) => `experiments/${f}`);
  for (const file of [...shipped, 'examples/custom-rule/ep-spec.json']) {
    const raw = withPluginPaths(json(join(root, file)), join(root, file));
    out.push([file, read(raw, file.startsWith('experiments/ff-') ? 'ff' : specLayout(raw).form.substrate === 'hopfield' ? 'ep' : 'rbm')]);
  }
  for (const f of readdirSync(join(__dirname, 'older-layouts')).filter((x) => x.includes('ep-') || x.startsWith('rbm-') || x.startsWith('ff-'))) {
    const shippedFile = f === 'custom-rule-ep-spec.json' ? 'examples/custom-rule/ep-spec.json' : `experiments/${f}`;
    const raw = withPluginPaths(json(join(__dirname, 'older-layouts', f)), join(root, shippedFile));
    out.push([`older-layouts/${f}`, read(raw, f.startsWith('rbm-') ? 'rbm' : f.startsWith('ff-') ? 'ff' : 'ep')]);
  }
  for (const [what, raw, reader] of written) out.push([what, read(raw, reader)]);
  return out;
}

describe('the EP, RBM and FF readers', () => {
  if (process.env.UPDATE_READ_FIXTURE) writeFileSync(fixture, JSON.stringify(Object.fromEntries(cases()), null, 1) + '\n');
  const expected = json(fixture) as Record<string, string>;
  it.each(cases())('%s reads to the same object as before', (what, got) => {
    expect(got).toBe(expected[what]);
  });
  it('every fixture is still read', () => {
    expect(cases().map(([w]) => w).sort()).toEqual(Object.keys(expected).sort());
  });
});
