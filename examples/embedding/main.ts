// A network inside your own program (see README.md here): your code pushes the input through an
// RxJS Subject, advances simulated time event by event, watches the output with probes, and
// saves the run as JSON to continue it in a fresh engine. Prints one JSON line.
// In your project import from 'phaseless'; this file imports the sources so that the
// repository's tests can run it.
import { Subject } from 'rxjs';
import { ProbeSample, RandomSource, Snapshot, VirtualScheduler, reactiveEngine, readResistorSpec, resistorSubstrate } from '../../src';

// Source 'in' -(2)- a -(1)- out -(1)- ground, and a -(1)- ground.
const net = readResistorSpec({
  nodes: ['g', 'in', 'a', 'out'],
  edges: [{ a: 'g', b: 'a', k: 1 }, { a: 'in', b: 'a', k: 2 }, { a: 'a', b: 'out', k: 1 }, { a: 'out', b: 'g', k: 1 }],
  ground: 'g',
  inputs: [{ node: 'in', v: 0 }],
  outputs: [{ node: 'out', target: 0 }],
});
const out = net.outputs[0];
// Unequal, jittered agent clocks: what a snapshot must carry on is more than node voltages.
const timing = { tau: 0.05, nodePeriod: 0.01, synapsePeriod: 0.01, rateSpread: 2, jitter: 0.3 };

/** One run, built the same way each time (a snapshot holds state, not how the run was built). */
function build() {
  const scheduler = new VirtualScheduler();
  const input = new Subject<number>(); // yours: the engine sees each value from the instant you push it
  const engine = reactiveEngine(resistorSubstrate(net, { tau: timing.tau }), {
    scheduler,
    random: new RandomSource(7),
    timing,
    driveOf: (node) => (node === net.sources[0] ? input : undefined),
  });
  return { scheduler, input, engine };
}

/** Pushes v, then steps event by event to time `until`; returns how many events ran. */
function hold(run: ReturnType<typeof build>, v: number, until: number): number {
  run.input.next(v);
  let events = 0;
  while (run.scheduler.step(until)) events++; // your own per-event work would go here
  return events;
}

const inputs = [1, -0.5, 2, 0.25]; // one per 2 time units
const main = build();
let periodic: ProbeSample | undefined;
let changed: ProbeSample | undefined;
let changes = 0;
// Every 10 node periods (0.1 time units), and at every change of the output voltage.
main.engine.probe({ node: out }, { every: 10 }).subscribe((s) => (periodic = s));
main.engine.probe({ node: out }, { onChange: true }).subscribe((s) => ((changed = s), changes++));

const segments = [];
let json = '';
for (const [i, v] of inputs.entries()) {
  const events = hold(main, v, 2 * (i + 1));
  const read = main.engine.read({ node: out });
  segments.push({ input: v, t: main.scheduler.now(), events, read, periodic, changed, changes });
  // After the second input: save the whole run as a string (a file, another process...).
  if (i === 1) json = JSON.stringify(main.engine.snapshot());
}
const straight = main.engine.states();
main.engine.stop();

// A fresh engine takes the snapshot at t = 4, and your program pushes the remaining inputs as before.
const resumed = build();
resumed.engine.restore(JSON.parse(json) as Snapshot);
const restoredAt = resumed.scheduler.now();
for (const [i, v] of inputs.entries()) if (i > 1) hold(resumed, v, 2 * (i + 1));
const continued = resumed.engine.states();
resumed.engine.stop();

const identical = straight.every((x, n) => Object.is(x, continued[n]));
console.log(JSON.stringify({ segments, restoredAt, snapshotBytes: json.length, identical }));
