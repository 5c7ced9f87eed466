/**
 * The fuzz corpus: every shipped spec and the default spec of each command that reads one,
 * each with a tiny budget and the command line that runs it. The budget is capped BEFORE the
 * mutations, so the budget fields are mutated too (a mutated epochs 1e12 must be refused by
 * the size and time checks, not run).
 */
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { experiments } from '../../src/analysis/experiments';
import { defaultRelaxSpec } from '../../src/experiments/relax';
import { defaultLearnSpec } from '../../src/learning/learn-spec';
import { formOfLegacy, specLayout } from '../../src/spec/one-spec';

const root = resolve(__dirname, '../..');
const shipped = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, path), 'utf8'));

export interface CorpusEntry {
  name: string;
  spec: unknown;
  /** The command line, with SPEC for the spec file's path; every output goes to ./out. */
  argv: string[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v ?? {}) as Obj;

/** A learning run of 1 epoch on 2 train and 2 test examples, on at most 16 nodes. */
function tinyLearn(spec: Obj): Obj {
  const net = obj(spec.network);
  const random = net.random ? { random: { ...obj(net.random), n: Math.min(Number(obj(net.random).n ?? 16), 16) } } : net;
  return { ...spec, epochs: 1, evalEvery: 1, cyclesPerExample: 1, task: { ...obj(spec.task), train: 2, test: 2 }, ...(spec.network ? { network: random } : {}) };
}

/** EP: 1 epoch on 20 + 20 digits, a hidden layer of 16. */
function tinyEp(spec: Obj): Obj {
  const layers = spec.layers as number[];
  // Online (engine "event") learning has no batch.
  const batch = spec.engine === 'event' ? {} : { batch: 10 };
  return { ...spec, data: { train: 20, test: 20 }, epochs: 1, ...batch, layers: layers.map((n, i) => (i === 0 || i === layers.length - 1 ? n : 16)) };
}

/** RBM: 40 Gibbs steps per protocol on 3x3 bars and stripes or 50 binarised digits. */
function tinyRbm(spec: Obj): Obj {
  const protocols = (spec.protocols as Obj[]).map((p) => {
    const q: Obj = { ...p };
    if (q.K !== undefined) q.K = 10;
    const len = obj(q.length);
    if (len.fixed !== undefined) q.length = { fixed: 10 };
    if (len.geometric !== undefined) q.length = { geometric: 10 };
    return q;
  });
  const dataset = obj(spec.dataset);
  const small = dataset.kind === 'bas' ? { ...dataset, size: 3 } : { ...dataset, train: 50, test: 20 };
  const metric = spec.metric === undefined ? {} : { metric: { examples: 10, finalExamples: 10, steps: 8, burnIn: 4 } };
  return { ...spec, dataset: small, hidden: 8, gibbsSteps: 40, evalEvery: 20, protocols, ...metric };
}

/** FF: 10 steps of a 784-16-8 network on 40 + 20 digits, b* from 5 pilot samples. */
function tinyFf(spec: Obj): Obj {
  return { ...spec, data: { train: 40, test: 20 }, layers: [16, 8], steps: 10, evalEvery: 5, evalTrain: 0, bStar: { samples: 5, every: 5 } };
}

/** A shipped spec (one format) in its reader's layout, for the tiny* budgets above. */
const legacyOf = (s: Obj): Obj => specLayout(s).legacy as Obj;
/** A spec of an older layout written in the one format: the format users write, so the one fuzzed. */
const oneOf = (s: Obj): Obj => formOfLegacy(s).toOne(s);

const learnSpecs: [string, Obj][] = [
  // The embedded default, written out in full so that every field can be mutated.
  ['default', JSON.parse(JSON.stringify(defaultLearnSpec))],
  ['classic-64-phase1', legacyOf(shipped('experiments/classic-64-phase1.json'))],
  ['classic-64-phase20', legacyOf(shipped('experiments/classic-64-phase20.json'))],
  ['markov-network', legacyOf(shipped('docs/analysis/markov-network.json'))],
  // Its plugin path is relative to the shipped file: made absolute, as the spec moves.
  ['custom-rule', { ...legacyOf(shipped('examples/custom-rule/spec.json')), plugins: [join(root, 'examples/custom-rule/continual-ep.js')] }],
  ['faults', legacyOf(shipped('experiments/learn-faults.json'))],
];

const sweep = (experiment: keyof typeof experiments, extra: Obj): Obj => ({
  experiment,
  base: JSON.parse(JSON.stringify(experiments[experiment].defaults)),
  ...extra,
});

const sweepWith = (experiment: keyof typeof experiments, base: Obj, extra: Obj): Obj => {
  const s = sweep(experiment, extra);
  return { ...s, base: { ...obj(s.base), ...base } };
};

export const corpus: CorpusEntry[] = [
  ...learnSpecs.map(([name, s]) => ({ name: `run ${name}`, spec: oneOf(tinyLearn(s)), argv: ['run', 'SPEC', '--out', 'out'] })),
  // Spec files of the older layout keep working: one is fuzzed as written then.
  { name: 'run default (older layout)', spec: tinyLearn(learnSpecs[0][1]), argv: ['run', 'SPEC', '--out', 'out'] },
  { name: 'compare default', spec: oneOf(tinyLearn(learnSpecs[0][1])), argv: ['compare', 'SPEC', '--out', 'out'] },
  { name: 'seeds default', spec: oneOf(tinyLearn(learnSpecs[0][1])), argv: ['seeds', 'SPEC', '--seeds', '1', '--workers', '1', '--out', 'out'] },
  { name: 'schema custom-rule', spec: oneOf(learnSpecs[4][1]), argv: ['schema', 'SPEC'] },
  ...['ep-mnist-classic', 'ep-mnist-tcl', 'ep-mnist-linear'].map((n) => ({
    name: `ep ${n}`,
    spec: oneOf(tinyEp(legacyOf(shipped(`experiments/${n}.json`)))),
    argv: ['ep', 'SPEC', '--out', 'out'],
  })),
  { name: 'ep online (event engine)', spec: oneOf(tinyEp(legacyOf(shipped('docs/ep-robustness/base.json')))), argv: ['ep', 'SPEC', '--out', 'out'] },
  { name: 'ff ff-mnist', spec: oneOf(tinyFf(legacyOf(shipped('experiments/ff-mnist.json')))), argv: ['ff', 'SPEC', '--out', 'out'] },
  ...['rbm-bas', 'rbm-bmnist'].map((n) => ({ name: `rbm ${n}`, spec: oneOf(tinyRbm(legacyOf(shipped(`experiments/${n}.json`)))), argv: ['rbm', 'SPEC', '--out', 'out'] })),
  // One robustness point off its baseline: the whole learning spec sits inside the point.
  {
    name: 'sweep robustness',
    spec: sweepWith('robustness', { spec: tinyLearn(learnSpecs[0][1]) }, { grid: { axis: ['drop'], step: [1], rule: ['tcl'], seed: [1] } }),
    argv: ['sweep', 'SPEC', '--workers', '0', '--out', 'out'],
  },
  { name: 'relax default', spec: { ...defaultRelaxSpec, duration: 6, reports: 2 }, argv: ['relax', 'SPEC'] },
  // The analysis commands' own sweeps (src/cli/analysis-command.ts), one point each.
  { name: 'sweep range', spec: sweep('range', { random: { count: 1, seed: 1, params: { tauF: { logUniform: [0.1, 5] }, tauS: { logUniform: [0.5, 50] } } } }), argv: ['sweep', 'SPEC', '--workers', '0', '--out', 'out'] },
  { name: 'sweep offset', spec: sweep('offset', { random: { count: 1, seed: 1, params: { tauF: { logUniform: [0.1, 5] }, tauS: { logUniform: [5, 30] } } } }), argv: ['sweep', 'SPEC', '--workers', '0', '--out', 'out'] },
  { name: 'sweep convergence', spec: sweep('convergence', { grid: { tauF: [0.01, 8] } }), argv: ['sweep', 'SPEC', '--workers', '0', '--out', 'out'] },
  // 40 amplitudes (of 150): the Markov kernel's point would otherwise be estimated past the
  // fuzz test's long-run limit, and every case of it refused.
  {
    name: 'sweep markov',
    spec: sweepWith('markov', { amplitudes: 40 }, { random: { count: 1, seed: 1, params: { gamma: { logUniform: [1e-8, 1] }, RF: { integer: [1, 99] }, step: { integer: [5, 250] } } } }),
    argv: ['sweep', 'SPEC', '--workers', '0', '--out', 'out'],
  },
  {
    name: 'sweep markov-step200',
    spec: (() => {
      const shippedSpec = shipped('docs/analysis/markov-step200.json');
      return { ...shippedSpec, base: { ...obj(shippedSpec.base), amplitudes: 40 }, random: { ...obj(shippedSpec.random), count: 1 } };
    })(),
    argv: ['sweep', 'SPEC', '--workers', '0', '--out', 'out'],
  },
];
