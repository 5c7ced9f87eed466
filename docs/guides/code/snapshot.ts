// docs/guides/embedding.md#snapshots: snapshot a run as JSON, restore it into a freshly built
// engine (here after a trip through a string, as a file or another process would hand it over)
// and run on: the same trajectories as the run that was never interrupted, bit for bit.
import { RandomSource, Snapshot, VirtualScheduler, eventEngine, readResistorSpec, readRule, resistorSubstrate, sawtooth } from 'phaseless';

export function resume(): { straight: Float64Array; resumed: Float64Array; restoredAt: number; events: number } {
  const net = readResistorSpec({
    nodes: ['g', 'in', 'a', 'out'],
    edges: [{ a: 'g', b: 'a', k: 1 }, { a: 'in', b: 'a', k: 2 }, { a: 'a', b: 'out', k: 1 }, { a: 'out', b: 'g', k: 1 }],
    ground: 'g',
    inputs: [{ node: 'in', v: 1 }],
    outputs: [{ node: 'out', target: 0.3 }],
  });
  const { rule, params } = readRule({ kind: 'tcl', lr: 0.5, theta: 1e-3 }, { field: 'rule' });
  // One function builds the run: a snapshot holds state, not the spec, so the restored run is
  // built exactly as the original was (the engine refuses a snapshot of anything else).
  const build = () => {
    const scheduler = new VirtualScheduler();
    const timing = { tau: 0.06, nodePeriod: 0.02, synapsePeriod: 0.02, rateSpread: 2, jitter: 0.3 };
    const engine = eventEngine(resistorSubstrate(net, { tau: timing.tau }), {
      scheduler,
      random: new RandomSource(7),
      protocol: sawtooth({ period: 0.5, rise: 0.1, amplitude: 2, levels: 4 }),
      timing,
      endpointView: { randomDelay: { min: 0, max: 0.02 }, drop: 0.1 },
      rule,
      ruleParams: params,
    });
    return { scheduler, engine };
  };

  const first = build();
  first.scheduler.runUntil(3.7);
  const json = JSON.stringify(first.engine.snapshot()); // to a file, a database, another process
  first.scheduler.runUntil(10); // the uninterrupted run, for comparison
  const straight = first.engine.weights();
  first.engine.stop();

  const second = build();
  second.engine.restore(JSON.parse(json) as Snapshot);
  const restoredAt = second.scheduler.now(); // 3.7: the run goes on from there
  second.scheduler.runUntil(10);
  const resumed = second.engine.weights();
  const events = second.scheduler.eventCount; // counted from the original run's start
  second.engine.stop();
  return { straight, resumed, restoredAt, events };
}
