/**
 * Fuzz test of the spec readers through the real CLI (issue 11): seeded mutations of every
 * shipped spec and default spec (corpus.ts), each run with a tiny budget, must end in a clean
 * refusal, finite results or a reported divergence (classify.ts): never a stack trace, never a
 * hang, never a typo accepted.
 *
 * Seeds follow the suite's policy (test/support/property-seed.ts): `npm test` runs runs(300)
 * cases from the fixed seed, `npm run test:explore` ten times more from a fresh one. A failure
 * prints the seed and case index; `FC_SEED=<seed> FUZZ_CASES=<i>,<j> npx jest test/fuzz`
 * replays just those cases.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readdirSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join } from 'path';
import seedrandom from 'seedrandom';
import { rngFromFunction } from '../../src/scheduler/random';
import { CliPool, cliPool } from '../support/cli-pool';
import { propertySeed, runs } from '../support/property-runs';
import { Mutation, mutateSpec } from '../support/spec-mutator';
import { Verdict, failures, judge } from './classify';
import { corpus } from './corpus';

/**
 * The CLI refuses runs estimated past LONG_RUN_SECONDS (as it refuses runs past a day), so a
 * mutation that makes a run big must be refused, and an accepted case must end in about that
 * time: CASE_LIMIT_MS of the process's CPU time (test/support/cli-pool.ts; a loaded machine does
 * not count) leaves 15x for estimates and start-up (loading MNIST). A case past it is a hang,
 * or an estimate far from the truth.
 */
const LONG_RUN_SECONDS = 2;
const CASE_LIMIT_MS = 30_000;

interface Case {
  index: number;
  entry: (typeof corpus)[number];
  spec: unknown;
  mutations: Mutation[];
}

/** Case i depends on the seed and i alone, so any one case can be replayed by itself. */
function makeCase(seed: number, index: number): Case {
  const rng = rngFromFunction(seedrandom.alea(`${seed}/spec-fuzz/${index}`));
  const entry = corpus[rng.int(corpus.length)];
  return { index, entry, ...mutateSpec(rng, entry.spec) };
}

function caseIndices(): number[] {
  const only = process.env.FUZZ_CASES;
  if (only) return only.split(',').map(Number);
  return Array.from({ length: runs(300) }, (_, i) => i);
}

/** Runs the cases on a pool, two at a time; each in its own folder, kept only if it failed. */
async function runCases(pool: CliPool, root: string, cases: Iterable<Case>, label: (c: Case) => string): Promise<{ tally: Map<Verdict, number>; failed: string[]; verdicts: Verdict[] }> {
  const tally = new Map<Verdict, number>();
  const failed: string[] = [];
  const verdicts: Verdict[] = [];
  const queue = cases[Symbol.iterator]();
  const lane = async () => {
    for (let item = queue.next(); !item.done; item = queue.next()) {
      const c = item.value;
      const dir = join(root, `case-${c.index}`);
      mkdirSync(dir);
      const specPath = join(dir, 'spec.json');
      writeFileSync(specPath, JSON.stringify(c.spec, null, 2));
      const argv = c.entry.argv.map((a) => (a === 'SPEC' ? specPath : a));
      const o = await pool.run(argv, dir, CASE_LIMIT_MS);
      const j = judge(o, dir, c.spec, argv.includes('--out'));
      tally.set(j.verdict, (tally.get(j.verdict) ?? 0) + 1);
      verdicts[c.index] = j.verdict;
      if (failures.includes(j.verdict)) {
        failed.push(
          `${label(c)}: ${j.verdict}: ${j.why.slice(0, 1500)}\n` +
            `  corpus: ${c.entry.name}; argv: ${c.entry.argv.join(' ')}; ${o.ms} ms\n` +
            `  mutations: ${JSON.stringify(c.mutations)}\n` +
            `  spec: ${JSON.stringify(c.spec).slice(0, 1500)}\n` +
            `  stderr: ${o.err.slice(-1500)}`,
        );
      } else rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all([lane(), lane()]);
  return { tally, failed, verdicts };
}

describe('spec fuzz: mutated specs through the CLI', () => {
  const seed = propertySeed();
  let root = '';
  let pool: CliPool;
  // One pool for both tests: each of its processes compiles the sources and loads MNIST once.
  beforeAll(() => (pool = cliPool(Math.max(1, Math.min(2, cpus().length)), { longRunSeconds: LONG_RUN_SECONDS })));
  afterAll(() => pool.close());
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'phaseless-spec-fuzz-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  // Without this the fuzz could pass on a corpus that no longer runs at all (every mutation of
  // a broken spec is refused), testing refusals only.
  it('the corpus itself, unmutated, runs with finite results within the tiny budget', async () => {
    const { failed, verdicts } = await runCases(pool, root, corpus.map((entry, index) => ({ index, entry, spec: entry.spec, mutations: [] })), (c) => `corpus entry ${c.entry.name}`);
    expect(failed).toEqual([]);
    expect(Object.fromEntries(corpus.map((e, i) => [e.name, verdicts[i]]))).toEqual(Object.fromEntries(corpus.map((e) => [e.name, 'ran'])));
  }, 300_000);

  it(`every case is refused cleanly, runs with finite results or reports divergence (seed ${seed})`, async () => {
    const started = Date.now();
    const indices = caseIndices();
    const cases = (function* () {
      for (const i of indices) yield makeCase(seed, i);
    })();
    const { tally, failed } = await runCases(pool, root, cases, (c) => `case ${c.index} (replay: FC_SEED=${seed} FUZZ_CASES=${c.index})`);
    process.stdout.write(
      `spec fuzz (FC_SEED=${seed}): ${indices.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        [...tally].map(([k, v]) => `${k} ${v}`).join(', ') +
        '\n',
    );
    // A spec name like "../x" must not have written next to the case folders.
    const stray = readdirSync(root).filter((f) => !/^case-\d+$/.test(f));
    expect(stray).toEqual([]);
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, failed.join('\n\n') + '\n');
    expect(failed.slice(0, 20)).toEqual([]);
  }, Math.max(120_000, caseIndices().length * 3_000));
});
