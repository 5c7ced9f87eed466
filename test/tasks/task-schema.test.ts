import Ajv2020 from 'ajv/dist/2020';
import { readLearnSpec } from '../../src/learning/learn-spec';
import { learnSpecSchema } from '../../src/learning/learn-spec-schema';
import { runCli } from '../support/cli';

/** The schema `phaseless schema` prints, checked with an independent validator, against the reader. */
const validate = new Ajv2020({ strict: false }).compile(learnSpecSchema());
const ex = { inputs: [1, 2], targets: [0.5] };

describe('the schema describes the data task fields as the reader reads them', () => {
  it.each([
    ['a CSV file', { file: 'examples.csv' }],
    ['train and test files', { file: 'train.csv', testFile: 'test.csv' }],
    ['a file split by the seed', { file: 'examples.csv', testFraction: 0.3 }],
    ['inline examples', { examples: [ex, ex] }],
    ['inline train and test', { examples: [ex], test: [ex] }],
    ['a teacher', { train: 4, test: 4 }],
  ])('accepts %s, as the reader does', (_name, task) => {
    expect(validate({ task })).toBe(true);
    expect(() => readLearnSpec({ task })).not.toThrow();
  });

  it.each([
    ['file and examples', { file: 'a.csv', examples: [ex] }],
    ['a teacher field with a file', { file: 'a.csv', train: 3 }],
    ['testFile with examples', { examples: [ex], testFile: 'b.csv' }],
    ['a string input', { examples: [{ inputs: ['1'], targets: [1] }] }],
    ['an example without targets', { examples: [{ inputs: [1] }] }],
    ['testFraction 1', { file: 'a.csv', testFraction: 1 }],
  ])('refuses %s, as the reader does', (_name, task) => {
    expect(validate({ task })).toBe(false);
    expect(() => readLearnSpec({ task })).toThrow();
  });

  it('`phaseless schema` prints the CSV convention', async () => {
    const r = await runCli(['schema']);
    // The resistor alternative of the one format's schema.
    const resistor = JSON.parse(r.out).oneOf.find((s: { properties: { substrate: { properties: { kind: { const: string } } } } }) => s.properties.substrate.properties.kind.const === 'resistor');
    const task = resistor.properties.task;
    expect(task.oneOf.map((s: { properties: object }) => Object.keys(s.properties))).toEqual([
      ['train', 'test', 'inputRange', 'teacherK', 'teacher'],
      ['file', 'testFile', 'testFraction'],
      ['examples', 'test', 'testFraction'],
    ]);
    expect(task.oneOf[1].description).toMatch(/in:<node> for each network input and out:<node> for each output/);
  });
});
