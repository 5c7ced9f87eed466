import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import ts from 'typescript';

/**
 * README's 30-second example must compile against the real sources and print the right
 * voltages. The block is extracted verbatim; only the package import is pointed at src.
 */
const root = resolve(__dirname, '..');
const srcIndex = join(root, 'src', 'index');

function example(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks).toHaveLength(1);
  expect(blocks[0]).toContain("from 'phaseless'");
  return blocks[0];
}

describe('README 30-second example', () => {
  it('type-checks against src', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phaseless-readme-'));
    try {
      const file = join(dir, 'example.ts');
      writeFileSync(file, example().replace(/from 'phaseless'/g, `from ${JSON.stringify(srcIndex)}`));
      const program = ts.createProgram([file], {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        types: ['node'],
        typeRoots: [join(root, 'node_modules', '@types')],
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs and prints the agents voltages and the exact solve, both equal to the hand solution', () => {
    const js = ts.transpileModule(example(), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    const printed: unknown[][] = [];
    const fakeConsole = { log: (...args: unknown[]) => printed.push(args) };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const phaseless = require('../src/index');
    const fakeRequire = (name: string) => {
      if (name === 'phaseless') return phaseless;
      throw new Error(`the example requires ${name}`);
    };
    const module = { exports: {} };
    new Function('require', 'module', 'exports', 'console', js)(fakeRequire, module, module.exports, fakeConsole);

    expect(printed).toHaveLength(1);
    const [agents, exact] = printed[0] as [ArrayLike<number>, ArrayLike<number>];
    // Nodes g, in, a, out. KCL by hand (g = 0, in = 1):
    //   a:   (1 + 2 + 1) Va - Vout = 2 * 1
    //   out: (1 + 1) Vout - Va = 0      ->  Vout = 2/7, Va = 4/7.
    const hand = [0, 1, 4 / 7, 2 / 7];
    expect(agents).toHaveLength(4);
    expect(exact).toHaveLength(4);
    for (let i = 0; i < 4; i++) {
      expect(Math.abs(agents[i] - hand[i])).toBeLessThan(1e-6);
      expect(Math.abs(exact[i] - hand[i])).toBeLessThan(1e-12);
    }
  });
});
