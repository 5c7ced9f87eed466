import { existsSync, readFileSync } from 'fs';
import { hebbian, learningParams, registerRule, rules } from '../../src';
import { join } from 'path';
import { runCli, tempDir } from '../support/cli';

const tmp = tempDir('phaseless-warm-');

/** A tiny learning run (the one of run-command.test.ts) with a one-node-step endpoint delay. */
const small = {
  seed: 4,
  engine: 'event',
  network: { random: { n: 8, meanDegree: 3, kMin: 0.5, kMax: 2, inputs: 2, outputs: 1 } },
  task: { train: 3, test: 5, inputRange: 1, teacherK: [0.1, 10] },
  endpointView: { delay: 0.01 },
  cyclesPerExample: 2,
  epochs: 1,
};

describe('phaseless run with warmStart', () => {
  it('refuses a warmStart that is not true or false, in one line, before any work', async () => {
    const r = await runCli(['run', tmp.file('bad.json', { ...small, warmStart: 'yes' }), '--out', join(tmp.path(), 'bad')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('phaseless: error: warmStart: expected true or false, got "yes"\n');
  });

  it('runs, keeps the field in spec.json, and changes the run (a cold start learns the start-up jump)', async () => {
    const result = async (name: string, warmStart?: boolean) => {
      const out = join(tmp.path(), name);
      const r = await runCli(['run', tmp.file(`${name}.json`, { ...small, ...(warmStart === undefined ? {} : { warmStart }) }), '--out', out]);
      expect(r.code).toBe(0);
      return { spec: JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8')), result: JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) };
    };
    const cold = await result('cold');
    const off = await result('off', false);
    const warm = await result('warm', true);
    expect(cold.spec).not.toHaveProperty('warmStart');
    expect(warm.spec.warmStart).toBe(true);
    expect(off.result.conductances).toEqual(cold.result.conductances);
    expect(warm.result.initialTestError).toBe(cold.result.initialTestError);
    expect(warm.result.conductances).not.toEqual(cold.result.conductances);
  });
});

describe('phaseless run with a registered rule whose build forgets a parameter', () => {
  // A user's rule: its schema has lr only, and its build passes that on to hebbian, which reads the bounds too.
  beforeAll(() => registerRule({ kind: 'forgetful', doc: 'test: hebbian without bounds', params: learningParams(0.01, {}).transform(({ lr }) => ({ lr })), build: (params) => ({ rule: hebbian, params }) }));
  afterAll(() => rules.unregister('forgetful'));

  it('stops before any work, naming the parameter (it used to run with no bounds at all)', async () => {
    const out = join(tmp.path(), 'forgetful');
    const r = await runCli(['run', tmp.file('forgetful.json', { ...small, rule: { kind: 'forgetful' } }), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('phaseless: error: rule.wMin: expected a number (rule hebbian reads it)\n');
    expect(existsSync(out)).toBe(false);
  });
});
