// Uses the resting sawtooth of resting-sawtooth.ts three ways (see README.md here) and prints
// one JSON line: the clock's samples, what the protocol does to a small network, and a learning
// run that names the protocol by its registered kind. In your project import from 'phaseless'.
import { ClampSignal, RandomSource, VirtualScheduler, clampClock, reactiveEngine, readResistorSpec, resistorSubstrate } from '../../src';
import { restingSawtooth, runWithRest } from './resting-sawtooth';

const p = { period: 5, rise: 0.1, rest: 1, amplitude: 5 };

// 1. The clock alone: the samples it emits over two cycles (one every period / 200).
const scheduler = new VirtualScheduler();
const emitted: ClampSignal[] = [];
const clock = clampClock(restingSawtooth(p), { scheduler, rng: new RandomSource(1).stream('clock') });
const sub = clock.subscribe((s) => emitted.push(s));
scheduler.runUntil(2 * p.period);
sub.unsubscribe();
const signals = [4, 8, 30, 150, 170, 199, 200, 208].map((k) => emitted[k]);

// 2. The protocol on a network, no learning: the source at 1 V drives node a, the output is
// nudged toward 1 with the clock's beta. Where beta = 0 (the rest) the output must sit at the
// free equilibrium, elsewhere it must follow the nudged one.
const net = readResistorSpec({
  nodes: ['g', 'in', 'a', 'out'],
  edges: [{ a: 'g', b: 'a', k: 1 }, { a: 'in', b: 'a', k: 2 }, { a: 'a', b: 'out', k: 1 }, { a: 'out', b: 'g', k: 1 }],
  ground: 'g',
  inputs: [{ node: 'in', v: 1 }],
  outputs: [{ node: 'out', target: 1 }],
});
// Nodes 25 times faster than the clock's samples (period / 200 = 0.025), so the output has
// settled by the time of each read below (0.02 after a sample).
const timing = { tau: 0.001, nodePeriod: 0.001, synapsePeriod: 0.001, rateSpread: 1, jitter: 0 };
const sched2 = new VirtualScheduler();
const engine = reactiveEngine(resistorSubstrate(net, { tau: timing.tau }), { scheduler: sched2, random: new RandomSource(1), timing, protocol: restingSawtooth(p) });
const output: { t: number; v: number }[] = [];
for (const t of [1.02, 2.52, 3.92, 4.52, 4.97]) {
  sched2.runUntil(t);
  output.push({ t, v: engine.read({ node: net.outputs[0] }) });
}
engine.stop();

// 3. Registered as kind "restingSawtooth", named in a learning spec like a shipped protocol.
const learning = runWithRest(2);

console.log(JSON.stringify({ params: p, signals, output, learning }));
