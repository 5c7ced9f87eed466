// docs/guides/embedding.md: run a network inside your own program: an external stream as an
// input, a warm start, probes, stepping, running until a condition, stopping.
import { BehaviorSubject } from 'rxjs';
import { ProbeSample, RandomSource, StopReason, VirtualScheduler, reactiveEngine, readResistorSpec, resistorSubstrate, solveKirchhoff } from 'phaseless';

export function embed(): { settled: number; afterStep: number; samples: ProbeSample[]; events: number; end: StopReason } {
  const net = readResistorSpec({
    nodes: ['g', 'in', 'a', 'out'],
    edges: [{ a: 'g', b: 'a', k: 1 }, { a: 'in', b: 'a', k: 2 }, { a: 'a', b: 'out', k: 1 }, { a: 'out', b: 'g', k: 1 }],
    ground: 'g',
    inputs: [{ node: 'in', v: 1 }],
    outputs: [{ node: 'out', target: 0.3 }],
  });
  const scheduler = new VirtualScheduler();
  // The input voltage comes from outside: whatever you push is seen at the scheduler's current time.
  const input = new BehaviorSubject(1);
  const timing = { tau: 0.05, nodePeriod: 0.01, synapsePeriod: 0.01, rateSpread: 2, jitter: 0.3 };
  const engine = reactiveEngine(resistorSubstrate(net, { tau: timing.tau }), {
    scheduler,
    random: new RandomSource(7),
    timing,
    driveOf: (node) => (node === net.sources[0] ? input : undefined), // others: the spec's values
    // Warm start: every node at the free equilibrium (nodes start at 0 otherwise).
    initial: solveKirchhoff(net),
  });
  const out = net.outputs[0];
  const samples: ProbeSample[] = [];
  // The output's voltage every 10 node periods (0.1 time units); subscribing does not change the run.
  const probe = engine.probe({ node: out }, { every: 10 }).subscribe((s) => samples.push(s));

  scheduler.runUntil(1);
  input.next(2); // a step in the input, at t = 1
  const target = solveKirchhoff(net, { sourceV: Float64Array.of(2) })[out];
  // Run until the output is within 1e-3 of its new equilibrium (checked after every event), at most to t = 10.
  scheduler.runUntil(10, () => Math.abs(engine.read({ node: out }) - target) < 1e-3);
  const settled = scheduler.now();
  scheduler.step(); // exactly one more event
  const afterStep = scheduler.now();
  probe.unsubscribe();
  engine.stop(); // every agent, and the clamp clock the engine made
  const end = scheduler.runUntil(Infinity); // 'idle': nothing left to run
  return { settled, afterStep, samples, events: scheduler.eventCount, end };
}
