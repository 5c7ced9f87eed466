/**
 * Asynchronous-relaxation cases, run in the node worker (test/support/node-worker.ts) because
 * the engine is 4-9x slower inside jest's sandbox: the 100-case convergence property takes
 * 15-30 s there instead of 1-2.5 minutes.
 */
import * as P from '../../../src';
import type * as Phaseless from '../../../src';
import type { ResistorSpec, Timing } from '../../../src';

export interface RelaxCase {
  spec: ResistorSpec;
  timing: Timing;
  seed: number;
  /** Relative tolerance: max |V - V*| / max(max |V*|, max |source v|, 1e-12). */
  tol: number;
  /** Simulated-time cap and the chunk run between checks. */
  cap: number;
  chunk: number;
  /** Also stop after this many events (bounds the wall time of a case that does not converge). */
  maxEvents: number;
}

export interface RelaxOutcome {
  /** Relative error when the run stopped (tolerance reached or cap hit), and one chunk later. */
  errAt: number;
  errAfter: number;
  /** Simulated time and events when it stopped. */
  time: number;
  events: number;
}

/** Relaxes in the free state, in chunks, until the tolerance holds or the cap; then one more chunk. */
export function relaxToTolerance(P: typeof Phaseless, c: RelaxCase): RelaxOutcome {
  const net = P.readResistorSpec(c.spec);
  const exact = P.solveKirchhoff(net);
  let scale = 1e-12;
  for (const x of exact) scale = Math.max(scale, Math.abs(x));
  for (const x of net.sourceV) scale = Math.max(scale, Math.abs(x));
  const scheduler = new P.VirtualScheduler();
  const agents = P.resistorAgents(net, { scheduler, random: new P.RandomSource(c.seed), timing: c.timing });
  const relError = () => {
    const V = agents.voltages();
    let m = 0;
    for (let i = 0; i < V.length; i++) m = Math.max(m, Math.abs(V[i] - exact[i]));
    return m / scale;
  };
  while (relError() > c.tol && scheduler.now() < c.cap && scheduler.eventCount < c.maxEvents) scheduler.runFor(c.chunk);
  const time = scheduler.now();
  const events = scheduler.eventCount;
  const errAt = relError();
  scheduler.runFor(c.chunk);
  const errAfter = relError();
  agents.stop();
  return { errAt, errAfter, time, events };
}

/** The entry the node worker calls (test/support/node-worker.ts). */
export function relaxCase(c: RelaxCase): RelaxOutcome {
  return relaxToTolerance(P, c);
}
