import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { checkRobustnessPoint, levelOf, robustnessAxes, runSpecOf, studyTauF, RobustnessPoint } from '../../src/learning/robustness';
import { sweepPoints } from '../../src/analysis/sweep-spec';
import { commands } from '../../src/cli/commands';
import { parseCommandLine } from '../../src/cli/program';
import { robustnessSweep } from '../../src/cli/robustness-command';
import { robustnessBreaks, robustnessStats } from '../../src/analysis/robustness-summary';
import { runCli, tempDir } from '../support/cli';
import { folderContents } from '../support/run-folder';

/**
 * `phaseless robustness`: the points of a study (level 0 once per rule and seed, each axis's
 * levels in its own units), a tiny study end to end, its resume, and the one-line errors.
 */
const tmp = tempDir('phaseless-robustness-');
const tiny = {
  network: { random: { n: 8, meanDegree: 3, kMin: 0.5, kMax: 2, inputs: 2, outputs: 1 } },
  task: { train: 2, test: 3, inputRange: 1, teacherK: [0.1, 10] },
  epochs: 1,
  cyclesPerExample: 1,
};
const FILES = ['sweep.json', 'points.ndjson', 'summary.json', 'robustness.svg', 'robustness-drop.svg', 'robustness-dead.svg'];
const argv = (spec: string, out: string) => ['robustness', spec, '--axes', 'drop,dead', '--levels', '3', '--seeds', '1,2', '--rules', 'tcl,classic', '--workers', '0', '--out', out];

describe('robustness points', () => {
  it('level 0 of every axis is the one baseline run; levels are in the axis units, scaled to tau_f', () => {
    const a = checkRobustnessPoint({ spec: tiny, axis: 'delay', step: 0, levels: 5, rule: 'tcl', seed: 1 });
    const b = checkRobustnessPoint({ spec: tiny, axis: 'drop', step: 0, levels: 5, rule: 'tcl', seed: 1 });
    expect(a).toEqual(b);
    expect(a.axis).toBe('baseline');
    const top = checkRobustnessPoint({ spec: tiny, axis: 'delay', step: 4, levels: 5, rule: 'tcl', seed: 1 });
    expect(levelOf(top)).toBe(1);
    expect(runSpecOf(top).endpointView).toEqual({ randomDelay: { min: 0, max: studyTauF(top.spec) } });
    expect(runSpecOf(top).engine).toBe('event');
    const clock = checkRobustnessPoint({ spec: tiny, axis: 'clock', step: 2, levels: 5, rule: 'classic', seed: 1 });
    expect(runSpecOf(clock).clockView).toEqual({ randomDelay: { min: 0, max: 0.5 * studyTauF(clock.spec) } });
    expect(robustnessAxes.spread.level(0, 5, 8)).toBe(1);
    expect(runSpecOf(checkRobustnessPoint({ spec: tiny, axis: 'spread', step: 4, levels: 5, rule: 'classic', seed: 2 })).timing.rateSpread).toBe(8);
    expect(runSpecOf(checkRobustnessPoint({ spec: tiny, axis: 'dead', step: 2, levels: 5, rule: 'phaseSigned', seed: 2 })).faults).toEqual({ dead: 0.25, stuck: 0, drop: 0 });
  });

  it('a maximum other than the default applies to its own axis only', () => {
    const max = { delay: 10, drop: 0.99 };
    const top = checkRobustnessPoint({ spec: tiny, axis: 'delay', step: 4, levels: 5, max, rule: 'tcl', seed: 1 });
    expect(top.max).toBe(10);
    expect(runSpecOf(top).endpointView).toEqual({ randomDelay: { min: 0, max: 10 * studyTauF(top.spec) } });
    expect(checkRobustnessPoint({ spec: tiny, axis: 'dead', step: 2, levels: 5, max, rule: 'tcl', seed: 1 }).max).toBeUndefined();
    expect(checkRobustnessPoint({ spec: tiny, axis: 'delay', step: 0, levels: 5, max, rule: 'tcl', seed: 1 })).toEqual(checkRobustnessPoint({ spec: tiny, axis: 'drop', step: 0, levels: 5, rule: 'tcl', seed: 1 }));
    expect(() => checkRobustnessPoint({ axis: 'drop', step: 1, max: { drop: 1 }, rule: 'tcl' })).toThrow(/^point\.max: expected a maximum drop level in \(0, 1\), got 1/);
  });

  it('refuses a bad point naming the field', () => {
    expect(() => checkRobustnessPoint({ axis: 'wind', step: 1, rule: 'tcl' })).toThrow(/^point\.axis: expected one of spread, clock, jitter, delay, drop, stuck, dead/);
    expect(() => checkRobustnessPoint({ axis: 'drop', step: 5, levels: 5, rule: 'tcl' })).toThrow(/^point\.step: expected a level index < levels \(5\)/);
    expect(() => checkRobustnessPoint({ axis: 'drop', step: 1, rule: 'backprop' })).toThrow(/^point\.rule: expected one of classic, phaseSigned, tcl/);
  });

  it('breaks: the first level whose mean ratio reaches 1, or where a seed diverges; cut-off outputs apart', () => {
    const r = (axis: string, level: number, errorRatio?: number, extra = {}) => ({ axis, level, rule: 'tcl', seed: 1, errorRatio, finalTestError: errorRatio, ...extra }) as never;
    const stats = robustnessStats([r('baseline', 0, 0.2), r('dead', 0.25, 0.5), r('dead', 0.5, undefined, { failed: 'cut', cutOff: true }), r('drop', 0.45, 0.3), r('drop', 0.9, 1.2)]);
    const breaks = robustnessBreaks(stats);
    expect(breaks.find((b) => b.axis === 'dead')).toMatchObject({ baseline: 0.2, breaksAt: undefined, doublesAt: 0.25, cutOffAt: 0.5 });
    expect(breaks.find((b) => b.axis === 'drop')).toMatchObject({ breaksAt: 0.9, doublesAt: 0.9 });
  });
});

/** The distinct learning runs a `phaseless robustness` command line would compute, as JSON. */
function runsOf(argv: string[]): Set<string> {
  const { args } = parseCommandLine(commands, ['robustness', ...argv]);
  const sweep = robustnessSweep(args as never);
  return new Set(sweepPoints(sweep).map((p) => JSON.stringify(runSpecOf(p.point as unknown as RobustnessPoint))));
}

describe('the default study and --full', () => {
  it('with no flags: 7 axes x 3 levels x 3 rules, seed 1, every run one of the full study of docs/robustness.md', () => {
    const quick = runsOf([]);
    const full = runsOf(['--full']);
    // 3 rules x seeds x (one baseline + 7 axes x the levels above 0).
    expect(quick.size).toBe(3 * 1 * (1 + 7 * 2));
    expect(full.size).toBe(3 * 3 * (1 + 7 * 4));
    for (const run of quick) expect(full.has(run)).toBe(true);
    const seeds = [...full].map((r) => JSON.parse(r).seed);
    expect(new Set(seeds)).toEqual(new Set([1, 2, 3]));
  });

  it('--levels and --seeds apply with or without --full', () => {
    const { args } = parseCommandLine(commands, ['robustness', '--full', '--levels', '4']);
    expect(robustnessSweep(args as never).grid).toMatchObject({ step: [0, 1, 2, 3], seed: [1, 2, 3] });
    const { args: quick } = parseCommandLine(commands, ['robustness', '--seeds', '5,6']);
    expect(robustnessSweep(quick as never).grid).toMatchObject({ step: [0, 1, 2], seed: [5, 6] });
  });
});

describe('phaseless robustness', () => {
  let spec: string;
  let whole: string;
  beforeAll(async () => {
    spec = tmp.file('tiny.json', tiny);
    whole = join(tmp.path(), 'whole');
    const r = await runCli(argv(spec, whole));
    expect(r.err).not.toMatch(/phaseless: error/);
    expect(r.code).toBe(0);
    // The estimate comes first, then the sweep's progress.
    expect(r.err).toMatch(/^robustness: 20 runs to compute \(2 axes x 3 levels x 2 rules x 2 seed\(s\), level 0 once per rule and seed\), estimated \d+ s on 1 worker\(s\) \(\d+ s of run time\)\nsweep robustness: /);
  });

  it('writes one line per run (the baseline once per rule and seed), the summary and a figure per axis', () => {
    const lines = readFileSync(join(whole, 'points.ndjson'), 'utf8').trimEnd().split('\n');
    // 2 rules x 2 seeds x (1 baseline + 2 axes x 2 levels).
    expect(lines).toHaveLength(20);
    const summary = JSON.parse(readFileSync(join(whole, 'summary.json'), 'utf8'));
    expect(summary.experiment).toBe('robustness');
    // 2 axes x 3 levels x 2 rules, each over its 2 seeds.
    expect(summary.stats).toHaveLength(12);
    for (const s of summary.stats) expect(s.n + s.failed + s.cutOff).toBe(2);
    expect(summary.breaks).toHaveLength(4);
    for (const f of FILES.filter((x) => x.endsWith('.svg'))) expect(readFileSync(join(whole, f), 'utf8')).toMatch(/^<svg/);
  });

  it('--resume after an interruption ends as the uninterrupted study does', async () => {
    const cut = join(tmp.path(), 'cut');
    expect((await runCli(argv(spec, cut))).code).toBe(0);
    const lines = readFileSync(join(cut, 'points.ndjson'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(cut, 'points.ndjson'), lines.slice(0, 7).join('\n') + '\n');
    writeFileSync(join(cut, 'status.json'), JSON.stringify({ command: 'robustness', status: 'interrupted', pid: 0 }) + '\n');
    const r = await runCli(['robustness', '--resume', cut, '--workers', '0']);
    expect(r.code).toBe(0);
    // 13 runs of 20 were cut; 'resumed' counts the sweep's points, the baseline once per axis.
    expect(r.out).toMatch(/^robustness: 13 runs computed, 11 resumed/);
    expect(r.err).toMatch(/^robustness: 13 runs to compute \(.*, 7 already in /);
    expect(folderContents(cut, FILES, ['points.ndjson'])).toEqual(folderContents(whole, FILES, ['points.ndjson']));
    expect((await runCli(['robustness', '--resume', cut, '--levels', '4'])).err).toMatch(/^phaseless: error: --levels: expected not given with --resume/);
  });

  it.each([
    [['--axes', 'wind'], /^phaseless: error: --axes\[0\]: expected one of spread, clock, jitter, delay, drop, stuck, dead, got "wind"$/],
    [['--rules', 'tcl,backprop'], /^phaseless: error: --rules\[1\]: expected one of classic, phaseSigned, tcl, got "backprop"$/],
    [['--levels', '1'], /^phaseless: error: --levels: expected an integer >= 2, got 1$/],
    [['--max', 'delay=0'], /^phaseless: error: --max\[0\]: expected a maximum delay level in \(0, 1000\], got 0$/],
    [['--max', 'drop=0.5,wind=3'], /^phaseless: error: --max\[1\]: expected axis=value with axis one of spread, clock, jitter, delay, drop, stuck, dead, got "wind=3"$/],
    [['--max', 'drop=x'], /^phaseless: error: --max\[0\]: expected a number, got "x"$/],
  ])('%j is refused in one line, nothing written', async (flags, message) => {
    const out = join(tmp.path(), 'refused');
    const r = await runCli(['robustness', ...flags, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err.trimEnd()).toMatch(message);
    expect(() => readFileSync(join(out, 'status.json'))).toThrow();
  });
});
