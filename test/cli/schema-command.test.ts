import { runCli, tempDir } from '../support/cli';

const tmp = tempDir('phaseless-schema-');

// `schema spec.json` loads the spec's plugins; it also reads the spec's protocol and rule, so a
// typo there is an error rather than silently passed over (found by the spec fuzz test).
describe('phaseless schema spec.json', () => {
  it('prints the schema of a valid spec', async () => {
    const r = await runCli(['schema', tmp.file('ok.json', { protocol: { kind: 'twoPhase', free: 2, clamped: 2, beta: 1 }, rule: { kind: 'classic', lr: 0.1 } })]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).oneOf).toHaveLength(3);
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
