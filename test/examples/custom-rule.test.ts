import { copyFileSync, mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { rules } from '../../src/synapses/rules/rule-registry';
import { runCli, tempDir } from '../support/cli';

/**
 * examples/custom-rule: a rule in one file, registered by a plugin named in the spec, runs
 * through `phaseless run` and `phaseless compare` on both engines like a shipped rule.
 */
const example = join(__dirname, '../../examples/custom-rule');
const tmp = tempDir('phaseless-custom-rule-');
const result = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));

afterAll(() => rules.unregister('myContinualEP'));

describe('examples/custom-rule (Continual EP as a plugin)', () => {
  it('runs the shipped spec on the lockstep engine and learns like the classic rule it telescopes to', async () => {
    const out = join(tmp.path(), 'lockstep');
    const r = await runCli(['run', join(example, 'spec.json'), '--engine', 'lockstep', '--out', out]);
    expect(r.err).not.toMatch(/phaseless: error/);
    expect(r.code).toBe(0);
    const own = result(out);
    // The classic rule with the same lr and protocol: summed over a clamped phase Continual EP's
    // steps equal its update, so at this small lr the two end close.
    const spec = JSON.parse(readFileSync(join(example, 'spec.json'), 'utf8'));
    const classicSpec = tmp.file('classic.json', { ...spec, plugins: undefined, rule: { ...spec.rule, kind: 'classic' } });
    const outC = join(tmp.path(), 'classic');
    expect((await runCli(['run', classicSpec, '--engine', 'lockstep', '--out', outC])).code).toBe(0);
    const classic = result(outC);
    expect(own.errorRatio).toBeLessThan(0.5);
    expect(Math.abs(own.errorRatio / classic.errorRatio - 1)).toBeLessThan(0.1);
  });

  it('runs on the reactive engine, with the plugin path relative to the spec file, equal to lockstep', async () => {
    copyFileSync(join(example, 'continual-ep.js'), join(tmp.path(), 'continual-ep.js'));
    // A second file that registers a taken kind is refused, naming the plugin.
    const spec0 = JSON.parse(readFileSync(join(example, 'spec.json'), 'utf8'));
    const clash = await runCli(['run', tmp.file('clash.json', { ...spec0, budget: { epochs: 1 } }), '--out', join(tmp.path(), 'clash')]);
    expect(clash.code).toBe(2);
    expect(clash.err).toMatch(/^phaseless: error: plugins\[0\]: expected a plugin that registers its kinds \(rule kind "myContinualEP" is already registered/);
    rules.unregister('myContinualEP'); // as a fresh process would start
    const spec = JSON.parse(readFileSync(join(example, 'spec.json'), 'utf8'));
    const short = tmp.file('short.json', { ...spec, budget: { epochs: 2 } });
    const outs = ['reactive', 'lockstep'].map((engine) => join(tmp.path(), `short-${engine}`));
    for (const [i, engine] of ['reactive', 'lockstep'].entries()) {
      const r = await runCli(['run', short, '--engine', engine, '--out', outs[i]]);
      expect(r.code).toBe(0);
    }
    const [re, ls] = outs.map(result);
    expect(re.errorRatio).toBeLessThan(1);
    // Same events in the same order under synchronous timing: the engines agree.
    expect(Math.abs(re.finalTestError / ls.finalTestError - 1)).toBeLessThan(1e-6);
  });

  it('joins compare as an arm of its own', async () => {
    const spec = JSON.parse(readFileSync(join(example, 'spec.json'), 'utf8'));
    const short = tmp.file('compare.json', { ...spec, plugins: [join(example, 'continual-ep.js')], budget: { epochs: 1 } });
    const out = join(tmp.path(), 'compare');
    const r = await runCli(['compare', short, '--engine', 'lockstep', '--out', out]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(rows[0].name).toBe("myContinualEP (the spec's rule)");
    expect(rows[0].errorRatio).toBeLessThan(1);
    expect(rows.length).toBe(10);
  });

  it("a plugin rule's unknown field is refused like a shipped rule's", async () => {
    const spec = JSON.parse(readFileSync(join(example, 'spec.json'), 'utf8'));
    const bad = tmp.file('bad.json', { ...spec, plugins: [join(example, 'continual-ep.js')], rule: { kind: 'myContinualEP', lr: 0.3, momentum: 1 } });
    const r = await runCli(['run', bad, '--out', join(tmp.path(), 'bad')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('phaseless: error: rule.momentum: expected a known key (lr, wMin, wMax), got "momentum"\n');
    const missing = tmp.file('missing.json', { ...spec, plugins: ['./nowhere.js'] });
    const m = await runCli(['run', missing, '--out', join(tmp.path(), 'missing')]);
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/^phaseless: error: plugins\[0\]: expected the path of a plugin module \(\.js\) that exists, got "\/.*nowhere\.js"\n$/);
  });
  it('runs on a second substrate: EP on MNIST (the quasi-static path), where it telescopes to classic EP exactly', async () => {
    const out = join(tmp.path(), 'ep-own');
    // As a fresh process: the plugin unregistered, and loaded again from a copy beside the spec.
    rules.unregister('myContinualEP');
    const dir = join(tmp.path(), 'ep');
    mkdirSync(dir);
    copyFileSync(join(example, 'continual-ep.js'), join(dir, 'continual-ep.js'));
    copyFileSync(join(example, 'ep-spec.json'), join(dir, 'ep-spec.json'));
    const r = await runCli(['run', join(dir, 'ep-spec.json'), '--out', out]);
    expect(r.err).not.toMatch(/phaseless: error/);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/rule myContinualEP/);
    const spec = JSON.parse(readFileSync(join(example, 'ep-spec.json'), 'utf8'));
    const outC = join(tmp.path(), 'ep-classic');
    const classicSpec = tmp.file('ep-classic.json', { ...spec, plugins: undefined, name: 'c', rule: { kind: 'classic', lr: spec.rule.lr } });
    expect((await runCli(['run', classicSpec, '--out', outC])).code).toBe(0);
    const metrics = (d: string) => readFileSync(join(d, 'metrics.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const own = metrics(out);
    const classic = metrics(outC);
    expect(own.length).toBe(3);
    // On the two-phase cycle, -lr (s_t - s_{t-1}) over the nudged phase is -lr (s_nudged - s_free).
    own.forEach((row, k) => {
      expect(row.testError).toBe(classic[k].testError);
      expect(Math.abs(row.trainCost - classic[k].trainCost)).toBeLessThanOrEqual(1e-9 * classic[k].trainCost);
    });
    expect(own[2].trainCost).toBeLessThan(own[0].trainCost);
    // The rule's lr holds the layers' rates: a single rate is refused, naming it.
    const withLr = await runCli(['run', tmp.file('ep-lr.json', { ...spec, plugins: [join(dir, 'continual-ep.js')], rule: { kind: 'myContinualEP', lr: 0.1 } })]);
    expect(withLr.err).toBe('phaseless: error: rule.lr: expected an array of 2 numbers >= 0 (one per weight layer), got 0.1\n');
  });

  it('joins an EP comparison as an arm beside classic EP (phaseless compare of an EP spec)', async () => {
    const spec = JSON.parse(readFileSync(join(example, 'ep-spec.json'), 'utf8'));
    const arms = [{ id: 'own', rule: { kind: 'myContinualEP' } }, { id: 'classic', rule: { kind: 'classic' } }];
    const file = tmp.file('ep-compare.json', { ...spec, plugins: [join(example, 'continual-ep.js')], budget: { epochs: 1, batch: 20 }, compare: arms });
    const out = join(tmp.path(), 'ep-compare');
    const r = await runCli(['compare', file, '--out', out]);
    expect(r.err).not.toMatch(/phaseless: error/);
    expect(r.code).toBe(0);
    const cmp = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(cmp.arms.map((a: { rule: string }) => a.rule)).toEqual(['myContinualEP', 'classic']);
    // It telescopes to classic EP on the two-phase cycle: the same errors.
    expect(cmp.arms[0].rows[0].finalTestError).toBe(cmp.arms[1].rows[0].finalTestError);
  });
});
