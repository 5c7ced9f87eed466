import { readFileSync } from 'fs';
import { join } from 'path';
import { SpecError } from '../../../src/errors';
import { eventsPerGibbsStep, readRbmSpec } from '../../../src/experiments/rbm/rbm-spec';
import { prepareRbm } from '../../../src/experiments/rbm/rbm-experiment';

// The shipped specs in the RBM reader's own layout (the files are in the one format: test/spec).
const shipped = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'spec', 'older-layouts', name), 'utf8'));

const base = {
  name: 'tiny',
  dataset: { kind: 'bas', size: 2 },
  hidden: 3,
  gibbsSteps: 800,
  evalEvery: 400,
  protocols: [
    { id: 'cd', kind: 'cdk', K: 200, lr: 0.005 },
    { id: 'local', kind: 'local', length: { geometric: 20 }, lr: 0.001 },
    { id: 'isd', kind: 'isd', length: { fixed: 20 }, lr: 0.01 },
  ],
};

// Temporally local learning on the event engine.
const event = { ...base, protocols: [base.protocols[1]], engine: 'event' };

function fieldOf(raw: unknown): string {
  try {
    readRbmSpec(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as Error).message;
  }
  throw new Error('expected a SpecError');
}

describe('RBM experiment specs', () => {
  it('the shipped experiments parse, with every protocol at the same budget and evaluations on CD update boundaries', () => {
    for (const file of ['rbm-bas.json', 'rbm-bmnist.json']) {
      const spec = readRbmSpec(shipped(file));
      expect(spec.protocols.map((p) => p.kind)).toEqual(['cdk', 'local', 'local', 'isd', 'cdk']);
      expect(spec.protocols.every((p) => p.id.startsWith(spec.name + '-'))).toBe(true);
      expect(spec.gibbsSteps % spec.evalEvery).toBe(0);
      // The paper's hyper-parameters: K = 200, lr 0.005, and 0.005 / 200 per step for the local rule.
      const [cd, fixed, geo, isd, control] = spec.protocols;
      expect(control).toMatchObject({ K: 200, lr: 0.01 });
      expect(cd).toMatchObject({ K: 200, lr: 0.005 });
      expect(fixed).toMatchObject({ b: 0.5, length: { fixed: 200 }, lr: 0.005 / 200 });
      expect(geo).toMatchObject({ b: 0.5, length: { geometric: 200, step: 1 }, lr: 0.005 / 200 });
      expect(isd).toMatchObject({ b: 0.5, length: { fixed: 200 }, lr: 0.005, batch: 1 });
    }
  });

  it('takes the largest rates whose one update moves a weight by at most 1', () => {
    expect(readRbmSpec({ ...base, protocols: [{ id: 'cd', kind: 'cdk', K: 2, lr: 1 }] }).protocols[0].lr).toBe(1);
    expect(readRbmSpec({ ...base, protocols: [{ id: 'l', kind: 'local', b: 0.25, length: { fixed: 4 }, lr: 0.25 }] }).protocols[0].lr).toBe(0.25);
  });

  it('fills defaults', () => {
    const s = readRbmSpec(base);
    expect(s).toMatchObject({ seed: 1, initStd: 0.01, learnHiddenBias: true, metric: { examples: 500, steps: 80, burnIn: 40 } });
    expect(s.protocols[1]).toMatchObject({ b: 0.5, length: { geometric: 20, step: 1 } });
    expect(s.protocols[2]).toMatchObject({ batch: 1 });
  });

  const bad: [string, unknown, RegExp][] = [
    ['a non-object', 3, /^spec: expected an object/],
    ['an unknown key', { ...base, epochs: 3 }, /^spec.epochs: expected a known key/],
    ['an unknown dataset', { ...base, dataset: { kind: 'cifar' } }, /^dataset.kind: expected one of "bas", "bmnist", got "cifar"/],
    ['a BAS grid too large to enumerate', { ...base, dataset: { kind: 'bas', size: 5 } }, /^dataset.size: expected at most 4/],
    // One update moves a weight by lr x |c(z)|: at b = 0.25 a local step moves up to lr / 0.25.
    ['a CD-K rate whose one update jumps', { ...base, protocols: [{ id: 'cd', kind: 'cdk', K: 2, lr: 1e12 }] }, /^protocols\[0\].lr: expected a rate whose single update moves a weight by at most 1, a unit's log-odds scale \(lr <= 1\), got 1000000000000/],
    ['a local rate too large for its b', { ...base, protocols: [{ id: 'l', kind: 'local', b: 0.25, length: { fixed: 4 }, lr: 0.3 }] }, /^protocols\[0\].lr: expected .* \(lr x max\(1\/b, 1\/\(1-b\)\) = lr x 4.00 <= 1\), got 0.3/],
    ['too many hidden units for exact BAS metrics', { ...base, hidden: 21 }, /^hidden: expected at most 20 hidden units/],
    ['a missing budget', { ...base, gibbsSteps: undefined }, /^gibbsSteps: expected an integer >= 1/],
    ['evaluations between CD updates', { ...base, evalEvery: 300, gibbsSteps: 900 }, /^evalEvery: expected a multiple of 2K = 400 \(protocols\[0\] is CD-200/],
    ['an unknown protocol kind', { ...base, protocols: [{ id: 'x', kind: 'pcd', lr: 1 }] }, /^protocols\[0\].kind: expected one of "cdk", "local", "isd", got "pcd"/],
    ['a negative learning rate', { ...base, protocols: [base.protocols[0], { ...base.protocols[1], lr: -1 }] }, /^protocols\[1\].lr: expected a finite number > 0, got -1/],
    ['b = 1', { ...base, protocols: [{ ...base.protocols[1], b: 1 }] }, /^protocols\[0\].b: expected a finite number in \(0, 1\), got 1/],
    ['non-integer phase lengths', { ...base, protocols: [{ ...base.protocols[1], length: { uniform: [1, 3] } }] }, /^protocols\[0\].length: expected \{fixed: steps\} or \{geometric: mean steps\}/],
    ['a fractional fixed length', { ...base, protocols: [{ ...base.protocols[1], length: { fixed: 2.5 } }] }, /^protocols\[0\].length.fixed: expected an integer >= 1, got 2.5/],
    ['a duplicate id', { ...base, protocols: [base.protocols[1], base.protocols[1]] }, /^protocols\[1\].id: expected a unique id, got "local"/],
    ['an unknown protocol key', { ...base, protocols: [{ ...base.protocols[0], k: 3 }] }, /^protocols\[0\].k: expected a known key/],
    ['a burn-in as long as the chain', { ...base, metric: { steps: 10, burnIn: 10 } }, /^metric.burnIn: expected fewer than metric.steps \(10\), got 10/],
    ['an empty protocol list', { ...base, protocols: [] }, /^protocols: expected a non-empty array/],
    // Found by the spec fuzz test: these ran with no end, or died allocating (RangeError).
    ['a Gibbs budget of years', { ...base, gibbsSteps: 4e15 }, /^gibbsSteps: expected a run of at most a day/],
    ['evaluations of years', { ...base, dataset: { kind: 'bmnist' }, metric: { steps: 1e12 } }, /^metric: expected a run of at most a day/],
    ['a null hidden count (null is not the default)', { ...base, hidden: null }, /^hidden: expected a value \(leave the field out for the default\)/],
    ['a null phase probability', { ...base, protocols: [base.protocols[0], { ...base.protocols[1], b: null }] }, /^protocols\[1\].b: expected a value/],
    ['more hidden units than memory', { ...base, dataset: { kind: 'bmnist' }, hidden: 1e12 }, /^hidden: expected a size that fits this machine/],
    ['more hidden units than a safe integer', { ...base, dataset: { kind: 'bmnist' }, hidden: 1e21 }, /^hidden: expected an integer in \[1, 9007199254740991\], got 1e\+21/],
    // The event engine (temporally local protocols only) and its asynchrony.
    ['timing on the array engine', { ...base, protocols: [base.protocols[1]], timing: { jitter: 0.3 } }, /^timing: expected absent with engine "array" \(.*set engine to "event" for timing\)/],
    ['faults on the array engine', { ...base, protocols: [base.protocols[1]], engine: 'array', faults: { dead: 0.1 } }, /^faults: expected absent with engine "array"/],
    ['an endpoint view on the array engine', { ...base, protocols: [base.protocols[1]], endpointView: { delay: 1 } }, /^endpointView: expected absent with engine "array"/],
    ['CD-K on the event engine', { ...base, engine: 'event' }, /^protocols\[0\].kind: expected "local" with engine "event" \(CD-K and IS-D run on the array engine's Gibbs chain\), got "cdk"/],
    ['an unknown engine', { ...base, engine: 'reactive' }, /^engine: expected one of "array", "event", got "reactive"/],
    ['a jitter of 1', { ...event, timing: { jitter: 1 } }, /^timing.jitter: expected a finite number in \[0, 1\), got 1/],
    ['a rate spread below 1', { ...event, timing: { rateSpread: 0.5 } }, /^timing.rateSpread: expected a finite number >= 1, got 0.5/],
    ['a node period (fixed at one Gibbs step)', { ...event, timing: { nodePeriod: 2 } }, /^timing.nodePeriod: expected a known key \(rateSpread, jitter\)/],
    ['a negative delay', { ...event, endpointView: { delay: -1 } }, /^endpointView.delay: expected a finite number >= 0, got -1/],
    ['a random delay whose max is below its min', { ...event, endpointView: { randomDelay: { min: 2, max: 1 } } }, /^endpointView.randomDelay.max: expected min <= max/],
    ['a sampled view without its period', { ...event, endpointView: { sample: { jitter: 0.1 } } }, /^endpointView.sample.period: expected a finite number > 0/],
    ['an unknown endpoint view key', { ...event, endpointView: { lag: 1 } }, /^endpointView.lag: expected a known key \(delay, randomDelay, sample, drop\)/],
    ['a drop of 1', { ...event, faults: { drop: 1 } }, /^faults.drop: expected a finite number in \[0, 1\), got 1/],
    ['more dead and stuck synapses than synapses', { ...event, faults: { dead: 0.7, stuck: 0.5 } }, /^faults.stuck: expected dead \+ stuck <= 1/],
    ['more synapses than the event engine numbers', { ...event, dataset: { kind: 'bmnist' }, hidden: 2e5 }, /^hidden: expected at most 134217727 synapses \(weights and hidden biases\) with engine "event", got 200000/],
    ['an event run of years', { ...event, gibbsSteps: 4e12, evalEvery: 4e12 }, /^gibbsSteps: expected a run of at most a day/],
  ];
  it.each(bad)('rejects %s with a SpecError naming the field', (_, raw, message) => {
    expect(fieldOf(raw)).toMatch(message);
  });

  it('reads an event-engine spec with timing, endpoint view and faults, defaults filled in; the array engine reads as before', () => {
    const s = readRbmSpec({ ...event, timing: { jitter: 0.3 }, endpointView: { randomDelay: { min: 0, max: 2 } }, faults: { dead: 0.1 } });
    expect(s).toMatchObject({ engine: 'event', timing: { rateSpread: 1, jitter: 0.3 }, endpointView: { randomDelay: { min: 0, max: 2 } }, faults: { dead: 0.1, stuck: 0, drop: 0 } });
    expect(readRbmSpec(event)).not.toHaveProperty('timing');
    // "array", written or left out, is the spec as it read before engines were named.
    const plain = readRbmSpec(base);
    expect(plain).not.toHaveProperty('engine');
    expect(readRbmSpec({ ...base, engine: 'array' })).toEqual(plain);
  });

  it('estimates an event run from its events per Gibbs step', () => {
    // BAS 4 x 4, 16 hidden: 33 units and 272 synapses tick once per step (305 events, measured).
    expect(eventsPerGibbsStep({}, 16, 16)).toBe(305);
    // Delayed views: a message per synapse end and tick of its unit, an event of its own where
    // it acts on arrival (a drop after the delay); a delay alone waits for the synapse's tick
    // (305.005 events per step measured with random delays up to 4 steps).
    expect(eventsPerGibbsStep({ endpointView: { delay: 1, drop: 0.1 } }, 16, 16)).toBe(305 + 2 * 272);
    expect(eventsPerGibbsStep({ endpointView: { delay: 1 } }, 16, 16)).toBe(305);
    expect(eventsPerGibbsStep({ endpointView: { randomDelay: { min: 0, max: 4 } } }, 16, 16)).toBe(305);
    expect(eventsPerGibbsStep({ timing: { rateSpread: 2, jitter: 0 } }, 16, 16)).toBeCloseTo(305 * (1.5 / (2 * Math.log(2))), 9);
  });

  it('prepareRbm checks the budget against the evaluations and the --only ids before any work', () => {
    expect(() => prepareRbm(readRbmSpec({ ...base, gibbsSteps: 1000, evalEvery: 400 }))).toThrow(/^gibbsSteps: expected a multiple of evalEvery \(400\)/);
    expect(() => prepareRbm(readRbmSpec(base), ['local', 'nope'])).toThrow(/^--only: expected protocol ids of tiny \(cd, local, isd\), got "nope"/);
    expect(prepareRbm(readRbmSpec(base), ['isd']).protocols.map((p) => p.id)).toEqual(['isd']);
  });
});
