// Runs the rate network on both engines, probes its output and lets it learn its target with
// the classic two-phase rule (see README.md here for how to run it);
// in your project import from 'phaseless'.
import { RandomSource, VirtualScheduler, arrayEngine, classicTwoPhase, phaseType, reactiveEngine, twoPhase } from '../../src';
import { rateNetwork } from './rate-network';

export function learnTarget(engine: 'reactive' | 'array', seed = 1): { before: number; after: number; trace: { t: number; value: number }[] } {
  const rng = new RandomSource(seed).stream('init');
  const sub = rateNetwork({ x: [0.8, -0.3, 0.5], hidden: 4, target: 0.6, w0: () => 0.5 * rng.normal(), tau: 1 });
  const scheduler = new VirtualScheduler();
  const build = engine === 'reactive' ? reactiveEngine : arrayEngine;
  const run = build(sub, {
    scheduler,
    random: new RandomSource(seed),
    timing: { tau: 1, nodePeriod: 0.05, synapsePeriod: 0.05, rateSpread: 1, jitter: 0 },
    // Free for 10 time units (the network settles), then nudged for 10, again and again.
    protocol: twoPhase({ free: 10, clamped: 10, beta: 0.5 }),
    rule: classicTwoPhase,
    ruleParams: { lr: 0.5, wMin: -Infinity, wMax: Infinity },
    modulator: phaseType,
  });
  const y = sub.ids.length - 1;
  const trace: { t: number; value: number }[] = [];
  // The output at the end of every free phase (every 20 time units = 400 node periods, from 10).
  scheduler.runUntil(10);
  const probe = run.probe({ node: y }, { every: 400 }).subscribe((s) => trace.push(s));
  scheduler.runUntil(10 + 20 * 30);
  probe.unsubscribe();
  run.stop();
  const err = (v: number) => Math.abs(v - 0.6);
  return { before: err(trace[0].value), after: err(trace[trace.length - 1].value), trace };
}
