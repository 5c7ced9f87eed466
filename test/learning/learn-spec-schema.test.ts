import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'fs';
import { join } from 'path';
import { defaultLearnSpec, learnSpecKeys, readLearnSpec } from '../../src/learning/learn-spec';
import { learnSpecSchema } from '../../src/learning/learn-spec-schema';
import { readRuleSpec } from '../../src/learning/rule-spec';
import { readProtocolSpec } from '../../src/learning/protocol-spec';

/** The JSON Schema that `phaseless schema` prints, checked with an independent validator. */
const validate = new Ajv2020({ strict: false }).compile(learnSpecSchema());
const ok = (spec: unknown) => {
  const valid = validate(spec);
  return valid ? 'valid' : JSON.stringify(validate.errors);
};
const file = (p: string) => JSON.parse(readFileSync(join(__dirname, '../..', p), 'utf8'));

describe('learnSpecSchema', () => {
  it('covers exactly the fields the spec reader knows', () => {
    expect(Object.keys(learnSpecSchema().properties as object)).toEqual(learnSpecKeys());
  });

  // The schema of the older learning-spec layout (the one format's resistor schema is built from it).
  it('accepts the default spec and the shipped resistor specs in the older layout', () => {
    expect(ok(JSON.parse(JSON.stringify(defaultLearnSpec)))).toBe('valid');
    for (const p of ['test/spec/older-layouts/classic-64-phase1.json', 'test/spec/older-layouts/classic-64-phase20.json']) expect(ok(file(p))).toBe('valid');
  });

  // Each spec the schema refuses, the reader refuses too (and the other way round).
  const cases: [string, Record<string, unknown>][] = [
    ['an unknown rule kind', { rule: { kind: 'backprop' } }],
    ['an unknown rule field', { rule: { kind: 'tcl', treshold: 1 } }],
    ['a negative learning rate', { rule: { kind: 'classic', lr: -1 } }],
    ['a bad g', { rule: { kind: 'tcl', g: 'relu' } }],
    ['an unknown kernel', { rule: { kind: 'tcl', kernel: { kind: 'gauss' } } }],
    ['a kernel field of another kernel', { rule: { kind: 'tcl', kernel: { kind: 'integralFeedback', area: 0.1 } } }],
    ['a rise outside (0, 1)', { protocol: { kind: 'sawtooth', period: 5, rise: 1.5, amplitude: 5 } }],
    ['a missing protocol field', { protocol: { kind: 'twoPhase', free: 1, beta: 1 } }],
    ['an unknown top-level field', { epocs: 3 }],
    ['a warmStart that is not a boolean', { warmStart: 'yes' }],
  ];
  it.each(cases)('refuses %s, as the reader does', (_name, spec) => {
    expect(ok(spec)).not.toBe('valid');
    const read = () => {
      const s = readLearnSpec(spec);
      readRuleSpec(s.rule, 'rule');
      readProtocolSpec(s.protocol, 'protocol');
    };
    expect(read).toThrow();
  });

  it('accepts what the reader accepts, with and without defaults', () => {
    for (const spec of [
      { rule: { kind: 'tcl', kernel: { kind: 'integralFeedback', B: 10 }, theta: 0.1 } },
      { rule: { kind: 'phaseSigned', b: 0.3 }, protocol: { kind: 'stochasticPhases', b: 0.3, beta: 1, length: { fixed: 2 } } },
      { protocol: { kind: 'triangle', period: 4, amplitude: 2, levels: 5 } },
      { warmStart: true },
    ]) {
      expect(ok(spec)).toBe('valid');
      const s = readLearnSpec(spec);
      expect(() => readRuleSpec(s.rule, 'rule')).not.toThrow();
      expect(() => readProtocolSpec(s.protocol, 'protocol')).not.toThrow();
    }
  });
});
