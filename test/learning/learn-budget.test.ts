import { setLongRunLimit } from '../../src/budget';
import { SpecError } from '../../src/errors';
import { compareArms, prepareCompare } from '../../src/learning/compare';
import { prepareLearn } from '../../src/learning/learn';
import { learnBudget } from '../../src/learning/learn-budget';
import { defaultLearnSpec, readLearnSpec } from '../../src/learning/learn-spec';
import { expectSpecError } from '../support/spec-error';

describe('learning run budget: checked from the spec, before anything is built', () => {
  it.each([
    ['a billion nodes', { network: { random: { n: 1e9, meanDegree: 4, kMin: 0.5, kMax: 2, inputs: 3, outputs: 2 } } }, 'network.random.n', /fits this machine/],
    ['a billion examples', { task: { train: 1e9, test: 20, inputRange: 1, teacherK: [0.1, 10] } }, 'task.train', /fits this machine/],
    ['a trillion epochs', { epochs: 1e12 }, 'epochs', /at most a day/],
    ['a picosecond node clock', { timing: { ...defaultLearnSpec.timing, nodePeriod: 1e-12 } }, 'timing.nodePeriod', /at most a day/],
    // Found by the spec fuzz test: the fastest agents tick rateSpread times as often; it ran with no end.
    ['a rate spread of 9e15', { timing: { ...defaultLearnSpec.timing, rateSpread: 9007199254740994 } }, 'timing.rateSpread', /at most a day/],
  ])('%s is refused at once, naming %s', (_name, patch, field, message) => {
    const spec = readLearnSpec(patch);
    const started = Date.now();
    expectSpecError(() => prepareLearn(spec), field);
    expect(() => prepareLearn(spec)).toThrow(message);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('allowLongRun waives the time estimate, never the memory one', () => {
    const long = readLearnSpec({ epochs: 1e12, allowLongRun: true });
    expect(() => prepareLearn(long)).not.toThrow();
    expectSpecError(() => prepareLearn(readLearnSpec({ allowLongRun: true, task: { train: 1e9, test: 20, inputRange: 1, teacherK: [0.1, 10] } })), 'task.train');
  });

  it('counts nodes and synapses as the generators make them, and scales with the work', () => {
    const b = learnBudget(defaultLearnSpec);
    expect(b.nodes).toBe(16);
    expect(b.synapses).toBe(32);
    const twice = learnBudget(readLearnSpec({ epochs: 60 }));
    expect(twice.seconds / b.seconds).toBeGreaterThan(1.9);
    expect(learnBudget(readLearnSpec({ engine: 'lockstep' })).seconds).toBeLessThan(b.seconds);
  });
});

// compare runs its arms one after the other: each arm alone under the limit is not enough
// (found by the spec fuzz test: the default compare ran ~10x its one-arm estimate).
describe('compare budget: the sum over its arms', () => {
  afterEach(() => setLongRunLimit());

  it('refuses a compare whose arms together pass the limit though each alone does not', () => {
    const base = readLearnSpec({ epochs: 2 });
    const seconds = compareArms(base).map((arm) => learnBudget({ ...base, protocol: arm.protocol, rule: arm.rule }).seconds);
    const longest = Math.max(...seconds);
    const total = seconds.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(longest);
    setLongRunLimit((longest + total) / 2);
    expect(() => prepareCompare(base)).toThrow(SpecError);
    expect(() => prepareCompare(base)).toThrow(/expected a run of at most .* \(\d+ arms of 2 epochs is estimated at/);
    setLongRunLimit(total * 1.01);
    expect(prepareCompare(base).arms.length).toBe(seconds.length);
  });
});
