// docs/guides/property-testing.md: property-test your own rule on random networks and timings
// with the exported arbitraries (fast-check).
import fc from 'fast-check';
import {
  LearningParams,
  RandomSource,
  SynapseRule,
  VirtualScheduler,
  clampWeight,
  phaseType,
  readResistorSpec,
  resistorAgents,
  solveKirchhoff,
  twoPhase,
} from 'phaseless';
import { resistorSpecArb, timingArb } from 'phaseless/arbitraries';

/** The rule under test: Continual EP (docs/guides/writing-a-rule.md). */
const continualEP: SynapseRule<LearningParams> = {
  name: 'continual-ep',
  reads: ['endpoints', 'modulator'],
  stateSize: 2,
  init(x, o, w0) {
    x[o] = w0;
    x[o + 1] = NaN;
  },
  step(x, o, s, z, _dt, p) {
    const prev = x[o + 1];
    if (z === 1 && !Number.isNaN(prev)) x[o] = clampWeight(x[o] - p.lr * (s - prev), p);
    x[o + 1] = s;
  },
};

const bounds = { wMin: 1e-3, wMax: 1e3 };

/**
 * Properties every conductance rule should keep, on any small connected network and any
 * asynchronous timing: conductances stay finite and within the bounds, and without a nudge
 * (beta = 0) nothing is learnt: Continual EP moves only when s changes within a clamped phase.
 */
export function checkContinualEP(numRuns = 15, seed = 42): void {
  fc.assert(
    fc.property(resistorSpecArb({ maxNodes: 8 }), timingArb({ spreadMax: 3 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (spec, timing, lr) => {
      const net = readResistorSpec(spec);
      const run = (beta: number): Float64Array => {
        const scheduler = new VirtualScheduler();
        const agents = resistorAgents(net, {
          scheduler,
          random: new RandomSource(1),
          timing,
          protocol: twoPhase({ free: 2, clamped: 2, beta }),
          rule: continualEP,
          ruleParams: { lr, ...bounds },
          modulator: phaseType,
          // A warm start: learning then sees the nudge, not the jump from 0 V to equilibrium.
          initial: solveKirchhoff(net),
        });
        scheduler.runUntil(12);
        const k = agents.conductances();
        agents.stop();
        return k;
      };
      const nudged = run(1);
      for (const k of nudged) if (!(Number.isFinite(k) && k >= bounds.wMin && k <= bounds.wMax)) return false;
      const free = run(0);
      return free.every((k, e) => Math.abs(k - net.k[e]) <= 1e-9 * Math.max(1, net.k[e]));
    }),
    // A fixed seed replays the same cases; fast-check prints seed and path on failure.
    { numRuns, seed },
  );
}
