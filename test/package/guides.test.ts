import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { runWithRest } from '../../examples/custom-protocol/resting-sawtooth';

/**
 * The code of docs/guides: every file type-checks against the current sources (as `phaseless`
 * and `phaseless/arbitraries`, mapped in docs/guides/code/tsconfig.json), and each guide's
 * functions run and do what its text says. A guide whose code is an example's
 * (clamp-protocol.md: examples/custom-protocol) is checked here on that example's file.
 */
const code = path.resolve(__dirname, '../../docs/guides/code');

/**
 * A guide's module, transpiled, with `phaseless` resolved to the sources. Its types are checked
 * by the first test (with docs/guides/code/tsconfig.json); the project's own tsconfig does not
 * see the guides, which import `phaseless` by name.
 */
function loadGuide<T>(name: string): T {
  const source = fs.readFileSync(path.join(code, `${name}.ts`), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const resolve = (id: string): unknown =>
    id === 'phaseless' ? require('../../src') : id === 'phaseless/arbitraries' ? require('../../src/arbitraries') : require(id);
  /* eslint-enable @typescript-eslint/no-require-imports */
  const mod = { exports: {} as T };
  new Function('require', 'module', 'exports', js)(resolve, mod, mod.exports);
  return mod.exports;
}

describe('docs/guides code', () => {
  it('type-checks (tsc --strict)', () => {
    const configFile = path.join(code, 'tsconfig.json');
    const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (!config) throw new Error(`${configFile} not readable`);
    const program = ts.createProgram(config.fileNames, config.options);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${path.relative(code, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ` : '';
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    });
    expect(errors).toEqual([]);
  });

  it('writing-a-rule: Continual EP learns the target, and registers as a kind', () => {
    const guide = loadGuide<{ trainOnce(): { before: number; after: number }; registerContinualEP(): void }>('rule');
    const { before, after } = guide.trainOnce();
    expect(after).toBeLessThan(before / 10);
    guide.registerContinualEP();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readRule, rules } = require('../../src') as typeof import('../../src');
    expect(readRule({ kind: 'myContinualEP', lr: 0.1 }, { field: 'rule' }).params.lr).toBe(0.1);
    rules.unregister('myContinualEP');
  });

  it('memory-kernel: the high-pass kernel learns from the sawtooth like the chemotaxis kernel', () => {
    const guide = loadGuide<{ responseTable(): { highPass: number; chemotaxis: number }[]; registerHighPass(): void }>('kernel');
    const [small, mid, large] = guide.responseTable();
    expect(small.highPass).toBe(0); // below A_min = theta tau_f
    expect(mid.highPass).toBeGreaterThan(0.8); // linear regime: dw ~ A
    expect(Math.abs(mid.highPass - mid.chemotaxis)).toBeLessThan(0.1);
    expect(large.highPass).toBeLessThan(0.1); // above A_max = theta tau_s the fall passes too
    guide.registerHighPass();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readRule, kernels } = require('../../src') as typeof import('../../src');
    expect(readRule({ kind: 'tcl', theta: 1, kernel: { kind: 'highPass', B: 10 } }, { field: 'rule' }).tauK).toBe(0.1);
    kernels.unregister('highPass');
  });

  it('clamp-protocol: the resting sawtooth runs through a learning spec and learns', () => {
    const r = runWithRest(2);
    expect(r.finalTestError).toBeLessThan(r.initialTestError);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readLearnSpec, prepareLearn, protocols, SpecError } = require('../../src') as typeof import('../../src');
    const bad = () => prepareLearn(readLearnSpec({ protocol: { kind: 'restingSawtooth', period: 5, rise: 0.1, rest: 5, amplitude: 5 } }));
    expect(bad).toThrow(SpecError);
    expect(bad).toThrow(/^protocol.rest: expected a rest shorter than the period/);
    protocols.unregister('restingSawtooth');
  });

  it('embedding: external input, warm start, probes, run until a condition, step, stop', () => {
    const guide = loadGuide<{ embed(): { settled: number; afterStep: number; samples: { t: number; value: number }[]; end: string } }>('embedding');
    const r = guide.embed();
    expect(r.settled).toBeGreaterThan(1);
    expect(r.settled).toBeLessThan(10);
    expect(r.afterStep).toBeGreaterThanOrEqual(r.settled);
    expect(r.samples[0].t).toBe(0);
    // Warm start: before the step the output sits at its equilibrium for input 1 (2/7 here).
    for (const s of r.samples.filter((x) => x.t < 1)) expect(Math.abs(s.value - r.samples[0].value)).toBeLessThan(1e-9);
    expect(r.end).toBe('idle');
  });

  it('embedding, snapshots: a run restored from its JSON snapshot continues bit for bit', () => {
    const guide = loadGuide<{ resume(): { straight: Float64Array; resumed: Float64Array; restoredAt: number; events: number } }>('snapshot');
    const r = guide.resume();
    expect(r.restoredAt).toBe(3.7);
    expect(Array.from(r.resumed)).toEqual(Array.from(r.straight));
    expect(r.resumed.every((x, e) => Object.is(x, r.straight[e]))).toBe(true);
    expect(r.events).toBeGreaterThan(1000);
  });

  it('property-testing: the Continual EP properties hold', () => {
    const guide = loadGuide<{ checkContinualEP(numRuns: number): void }>('property-test');
    expect(() => guide.checkContinualEP(10)).not.toThrow();
  });
});

