import Ajv2020 from 'ajv/dist/2020';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { readEpSpec } from '../../src/experiments/ep/ep-spec';
import { readLearnSpec } from '../../src/learning/learn-spec';
import { readProtocolSpec } from '../../src/learning/protocol-spec';
import { readRuleSpec } from '../../src/learning/rule-spec';
import { readRbmSpec } from '../../src/experiments/rbm/rbm-spec';
import { readFfSpec } from '../../src/ff/ff-spec';
import { specLayout } from '../../src/spec/one-spec';
import { oneSpecSchema } from '../../src/spec/one-spec-schema';

/** The schema `phaseless schema` prints, checked with an independent validator (ajv). */
const validate = new Ajv2020({ strict: false }).compile(oneSpecSchema());
const ok = (spec: unknown) => (validate(spec) ? 'valid' : JSON.stringify(validate.errors).slice(0, 300));
const root = join(__dirname, '../..');
const json = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));

/** Reads a spec as the CLI does (the resistor rule and protocol through their registries too). */
function read(raw: unknown): void {
  const { form, legacy } = specLayout(raw);
  if (form.substrate === 'hopfield') readEpSpec(legacy);
  else if (form.substrate === 'rbm') readRbmSpec(legacy);
  else if (form.substrate === 'feedforward') readFfSpec(legacy);
  else {
    const s = readLearnSpec(legacy);
    readRuleSpec(s.rule, 'rule', readProtocolSpec(s.protocol).phaseProbability);
  }
}

const ep = { substrate: { kind: 'hopfield' }, rule: { kind: 'classic', lr: [0.1, 0.05] } };
const rbm = {
  name: 'tiny', substrate: { kind: 'rbm', hidden: 4 }, task: { kind: 'bas', size: 2 }, budget: { gibbsSteps: 400, evalEvery: 200 },
  compare: [{ id: 'cd', protocol: { kind: 'cd', K: 1 }, rule: { kind: 'classic', lr: 0.01 } }],
};
const ff = {
  name: 'tiny', substrate: { kind: 'feedforward', layers: [16, 8] }, task: { kind: 'mnist', train: 60, test: 30 }, budget: { steps: 20, evalEvery: 10, bStar: { samples: 5, every: 5 } },
  compare: [{ id: 'ff', rule: { kind: 'ff' } }, { id: 'isd', rule: { kind: 'isd', b: 'bstar' } }],
};

describe('the one format JSON Schema', () => {
  it('accepts every shipped spec (the plugin rule apart: its kind is registered by its plugin)', () => {
    for (const f of readdirSync(join(root, 'experiments'))) expect([f, ok(json(`experiments/${f}`))]).toEqual([f, 'valid']);
    expect(ok(json('examples/custom-rule/ep-spec.json'))).toBe('valid');
  });

  it('refuses the older layouts (they have no substrate)', () => {
    for (const f of readdirSync(join(__dirname, 'older-layouts'))) expect(ok(JSON.parse(readFileSync(join(__dirname, 'older-layouts', f), 'utf8')))).not.toBe('valid');
  });

  // Each spec the schema refuses, the reader refuses too.
  it.each([
    ['an unknown substrate', { substrate: { kind: 'spin-glass' } }],
    ['a resistor budget of 0 epochs', { substrate: { kind: 'resistor' }, budget: { epochs: 0 } }],
    ['a resistor field at the top level', { substrate: { kind: 'resistor' }, epochs: 3 }],
    ['an unknown resistor rule', { substrate: { kind: 'resistor' }, rule: { kind: 'backprop' } }],
    ['EP timing', { ...ep, timing: { freeSteps: 0 } }],
    ['an EP engine', { ...ep, engine: 'reactive' }],
    ['an EP time step of 0', { ...ep, engine: 'event', timing: { step: 0 } }],
    ['an EP nudge of 0', { ...ep, protocol: { beta: 0 } }],
    ['an RBM without a budget', { ...rbm, budget: undefined }],
    ['an RBM rule on the wrong protocol', { ...rbm, compare: [{ id: 'x', protocol: { kind: 'cd', K: 1 }, rule: { kind: 'phaseSigned', lr: 0.01 } }] }],
    ['an RBM phase length of 0', { ...rbm, compare: [{ id: 'x', protocol: { kind: 'stochasticPhases', length: { fixed: 0 } }, rule: { kind: 'phaseSigned', lr: 0.01 } }] }],
    ['bars and stripes of side 5', { ...rbm, task: { kind: 'bas', size: 5 } }],
    ['a TCL field on classic EP', { ...ep, rule: { kind: 'classic', lr: [0.1, 0.05], g: 'linear' } }],
    ['an EP rate below 0', { ...ep, rule: { kind: 'classic', lr: [0.1, -1] } }],
    ['IDX digits without their images', { ...ep, task: { kind: 'idx', labels: 'l.idx' } }],
    ['an unknown TCL kernel field', { ...ep, rule: { kind: 'tcl', lr: [0.1, 0.05], kernel: { tau: 1 } } }],
    ['an unknown field of a registered TCL kernel', { ...ep, rule: { kind: 'tcl', lr: [0.1, 0.05], kernel: { kind: 'sampled', width: 3 } } }],
    ['an unregistered TCL kernel kind', { ...ep, rule: { kind: 'tcl', lr: [0.1, 0.05], kernel: { kind: 'gauss' } } }],
    ['a bMNIST threshold above 1', { ...rbm, task: { kind: 'bmnist', threshold: 2 } }],
    ['an RBM phase probability of 1', { ...rbm, compare: [{ id: 'x', protocol: { kind: 'stochasticPhases', b: 1, length: { fixed: 2 } }, rule: { kind: 'phaseSigned', lr: 0.01 } }] }],
    ['an RBM without a name', { ...rbm, name: undefined }],
    ['an RBM engine of its own', { ...rbm, engine: 'reactive' }],
    ['an RBM jitter of 1', { ...rbm, engine: 'event', timing: { jitter: 1 } }],
    ['an RBM rate spread below 1', { ...rbm, engine: 'event', timing: { rateSpread: 0.5 } }],
    ['an RBM endpoint view delay below 0', { ...rbm, engine: 'event', timing: { endpointView: { delay: -1 } } }],
    ['RBM faults above 1', { ...rbm, engine: 'event', faults: { dead: 2 } }],
    ['an FF spec without a name', { ...ff, name: undefined }],
    ['an FF spec without a budget', { ...ff, budget: undefined }],
    ['an FF spec without variants', { ...ff, compare: undefined }],
    ['an FF variant without its rule', { ...ff, compare: [{ id: 'ff' }] }],
    ['an FF variant of an unknown kind', { ...ff, compare: [{ id: 'x', rule: { kind: 'bp' } }] }],
    ['an FF b of 1', { ...ff, compare: [{ id: 'x', rule: { kind: 'isd', b: 1 } }] }],
    ['a b on standard FF', { ...ff, compare: [{ id: 'x', rule: { kind: 'ff', b: 0.5 } }] }],
    ['an FF task of IDX files', { ...ff, task: { kind: 'idx', train: 60, test: 30 } }],
    ['an FF layer of 0 units', { ...ff, substrate: { kind: 'feedforward', layers: [16, 0] } }],
    ['an Adam lr above 1', { ...ff, rule: { adam: { lr: 2 } } }],
    ['an FF rule kind', { ...ff, rule: { kind: 'ff' } }],
    ['an FF engine', { ...ff, engine: 'array' }],
    ['an unknown FF budget field', { ...ff, budget: { ...ff.budget, epochs: 1 } }],
  ])('refuses %s, as the reader does', (_what, spec) => {
    const s = JSON.parse(JSON.stringify(spec));
    expect(ok(s)).not.toBe('valid');
    expect(() => read(s)).toThrow();
  });

  it.each([
    ['an empty resistor spec (all defaults)', { substrate: { kind: 'resistor' } }],
    ['a resistor spec with an endpoint view', { substrate: { kind: 'resistor' }, timing: { endpointView: { delay: 0.01 } }, budget: { epochs: 2 } }],
    ['classic EP with defaults', ep],
    ['TCL EP with its sawtooth', { ...ep, rule: { kind: 'tcl', lr: [0.1, 0.05] }, protocol: { kind: 'sawtooth', period: 3, levels: 5 }, timing: { fallSubsteps: 4 } }],
    ['a small RBM', rbm],
    [
      'classic EP online on the event engine, asynchronous and faulty',
      {
        ...ep, substrate: { kind: 'hopfield', layers: [784, 16, 10] }, task: { kind: 'mnist', train: 100, test: 100 }, engine: 'event',
        timing: { freeSteps: 10, step: 0.02, rateSpread: 2, jitter: 0.3, endpointView: { randomDelay: { min: 0, max: 0.05 } } }, faults: { dead: 0.1, stuck: 0.1 },
      },
    ],
    ['TCL EP on a 4-layer network with its thresholds', { ...ep, substrate: { kind: 'hopfield', layers: [784, 20, 20, 10] }, rule: { kind: 'tcl', lr: [1, 2, 3], kernel: { B: 10 }, thresholds: { weights: [0, 1, 2], biases: [2, 3, 4] } } }],
    ['EP on IDX files with a test set', { ...ep, task: { kind: 'idx', images: 'a', labels: 'b', testImages: 'c', testLabels: 'd', train: 50, test: 5 }, budget: { batch: 5 } }],
    ['an RBM with a note and its metric', { ...rbm, note: 'why', task: { kind: 'bmnist', train: 100, test: 10, metric: { examples: 5, steps: 10, burnIn: 2 } } }],
    ['an RBM on bMNIST with IS-D', { ...rbm, task: { kind: 'bmnist', train: 100, test: 10 }, compare: [{ id: 'isd', protocol: { kind: 'stochasticPhases', length: { geometric: 4 } }, rule: { kind: 'isd', lr: 0.01, batch: 2 } }] }],
    [
      'temporally local learning on the event engine, asynchronous and faulty',
      {
        ...rbm, compare: [{ id: 'l', protocol: { kind: 'stochasticPhases', length: { fixed: 4 } }, rule: { kind: 'phaseSigned', lr: 0.01 } }], engine: 'event',
        timing: { rateSpread: 2, jitter: 0.3, endpointView: { randomDelay: { min: 0, max: 1 }, sample: { period: 0.5, jitter: 0.1 }, drop: 0.1 } }, faults: { dead: 0.1, stuck: 0.1, drop: 0.05, seed: 3 },
      },
    ],
    ['a small FF spec', ff],
    ['an FF spec with every section', { ...ff, note: 'why', seed: 3, rule: { threshold: 1.5, adam: { lr: 0.002, eps: 1e-6 } }, budget: { ...ff.budget, evalTrain: 5, bStar: { samples: 5, every: 5 } }, compare: [...ff.compare, { id: 'a', rule: { kind: 'isd', b: 0.7, weights: 'indicator' } }] }],
  ])('accepts %s, as the reader does', (_what, spec) => {
    expect(ok(spec)).toBe('valid');
    expect(() => read(spec)).not.toThrow();
  });

  it('describes every field of the EP, RBM and FF alternatives, as their readers declare them', () => {
    const undescribed: string[] = [];
    const walk = (s: Record<string, unknown>, at: string): void => {
      for (const alt of ((s.oneOf ?? s.anyOf) as Record<string, unknown>[] | undefined) ?? [s]) {
        for (const [k, v] of Object.entries((alt.properties as Record<string, Record<string, unknown>> | undefined) ?? {})) {
          if (k !== 'kind' && typeof v.description !== 'string') undescribed.push(`${at}${k}`);
          walk(v, `${at}${k}.`);
          if (v.items) walk(v.items as Record<string, unknown>, `${at}${k}[].`);
        }
      }
    };
    const [, hopfield, rbmSchema, feedforward] = oneSpecSchema().oneOf as Record<string, unknown>[];
    walk(hopfield, 'hopfield: ');
    walk(rbmSchema, 'rbm: ');
    walk(feedforward, 'feedforward: ');
    expect(undescribed).toEqual([]);
  });
});
