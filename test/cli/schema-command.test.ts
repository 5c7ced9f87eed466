import { runCli, tempDir } from '../support/cli';

const tmp = tempDir('phaseless-schema-');

// `schema spec.json` loads the spec's plugins; it also reads the spec's protocol and rule, so a
// typo there is an error rather than silently passed over (found by the spec fuzz test).
describe('phaseless schema spec.json', () => {
  it('prints the schema of a valid spec', async () => {
    const r = await runCli(['schema', tmp.file('ok.json', { protocol: { kind: 'twoPhase', free: 2, clamped: 2, beta: 1 }, rule: { kind: 'classic', lr: 0.1 } })]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).oneOf).toHaveLength(4);
  });

  it('checks an FF spec with its reader, naming a bad field as the file writes it', async () => {
    const ok = await runCli(['schema', 'experiments/ff-mnist.json']);
    expect([ok.code, ok.err]).toEqual([0, '']);
    expect(JSON.parse(ok.out).oneOf.map((s: { properties: { substrate: { properties: { kind: { const: string } } } } }) => s.properties.substrate.properties.kind.const)).toEqual(['resistor', 'hopfield', 'rbm', 'feedforward']);
    const ff = { name: 'f', substrate: { kind: 'feedforward' }, budget: { steps: 10, evalEvery: 5 }, compare: [{ id: 'x', rule: { kind: 'isd', b: 2 } }] };
    const bad = await runCli(['schema', tmp.file('bad-ff.json', ff)]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^phaseless: error: compare\[0\]\.rule\.b: expected a probability strictly between 0 and 1, or "bstar", got 2\n$/);
  });

  it.each([
    ['protocol', { protocol: { kind: 'twoPhase', free: 2, clamped: 2, beta: 1, fre: 3 } }],
    ['rule', { rule: { kind: 'classic', lr: 0.1, lrr: 1 } }],
    ['rule', { rule: { kind: 'noSuchRule' } }],
  ])('refuses a spec with a bad %s section, naming it', async (section, spec) => {
    const r = await runCli(['schema', tmp.file(`bad-${section}.json`, spec)]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(new RegExp(`^phaseless: error: ${section}\\S*: expected .+\\n$`));
  });
});
