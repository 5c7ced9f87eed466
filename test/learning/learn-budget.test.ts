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
