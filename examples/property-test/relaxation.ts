// A property test of your own, with fast-check from your project and the arbitraries of
// 'phaseless/arbitraries' composed freely with it. The property: however the network is wired
// and however unequal and jittered the agents' clocks, every free node relaxes to the exact
// Kirchhoff solution. In your project import from 'phaseless' and 'phaseless/arbitraries'; this
// file imports the sources so that the repository's tests can run it.
import fc from 'fast-check';
import { RandomSource, ResistorSpec, Timing, VirtualScheduler, readResistorSpec, resistorAgents, solveKirchhoff } from '../../src';
import { resistorSpecArb, timingArb } from '../../src/arbitraries';

/** The largest |V - V_Kirchhoff| over the nodes after `until` time units on the agents' own clocks. */
export function relaxationError(raw: ResistorSpec, timing: Timing, seed: number, until: number): number {
  const net = readResistorSpec(raw);
  const scheduler = new VirtualScheduler();
  const agents = resistorAgents(net, { scheduler, random: new RandomSource(seed), timing });
  scheduler.runUntil(until);
  const v = agents.voltages();
  agents.stop();
  const exact = solveKirchhoff(net);
  return Math.max(...v.map((x, i) => Math.abs(x - exact[i])));
}

/** Checks the property on `numRuns` drawn cases from a fixed seed; throws fast-check's report on a counterexample. */
export function checkRelaxation(numRuns: number, seed = 1): number {
  let worst = 0;
  fc.assert(
    fc.property(
      // Small networks with conductances within a factor 4, so 60 time units are ample.
      resistorSpecArb({ minNodes: 4, maxNodes: 8, kMin: 0.5, kMax: 2 }),
      timingArb({ tauMax: 0.1 }),
      fc.integer({ min: 1, max: 1_000_000 }),
      (spec, timing, s) => {
        const err = relaxationError(spec, timing, s, 60);
        worst = Math.max(worst, err);
        return err < 1e-6;
      },
    ),
    { numRuns, seed },
  );
  return worst;
}
