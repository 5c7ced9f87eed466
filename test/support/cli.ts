import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { commands } from '../../src/cli/commands';
import { main } from '../../src/cli/main';
import { parseCommandLine } from '../../src/cli/program';

/** Runs the CLI's main with stdout and stderr captured. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/**
 * Parses a command line as `phaseless` does and runs the command in this process, its errors
 * thrown rather than printed: for tests of what one command does and which SpecError it raises.
 */
export async function runCommand(argv: string[]): Promise<void> {
  const { def, args } = parseCommandLine(commands, argv);
  await def.run(args);
}

/** A temporary folder for the test file's specs and outputs, removed after all tests. */
export function tempDir(prefix: string): { path: () => string; file: (name: string, content: unknown) => string } {
  let dir = '';
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), prefix))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    path: () => dir,
    file: (name, content) => {
      const p = join(dir, name);
      writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
      return p;
    },
  };
}
