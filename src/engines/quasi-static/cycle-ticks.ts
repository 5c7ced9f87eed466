import { RandomSource } from '../../scheduler/random';
import { ClampSignal, Protocol } from '../../streams/clamp-signal';
import { ClockReader, ClockSegment } from '../../streams/clock-reader';
import { SawtoothParams, sawtooth, twoPhase } from '../../streams/protocols';
import { phaseType } from '../../synapses/rules/classic-two-phase';
import { integer } from '../../validate';

/**
 * One tick of a clamping cycle as a quasi-static network and its synapses live it: the nudge
 * (a fraction of the cycle's signed amplitude) is set, the network takes `relax` relaxation
 * steps (0: the state stays), then every synapse advances its rule by dt with its signal held
 * at the new state (zero-order hold, as a synapse agent on its own clock) and modulator m.
 */
export interface CycleTick {
  beta: number;
  relax: number;
  dt: number;
  /** What a rule that declares 'modulator' reads on this tick (the phase type z by default). */
  m: number;
}

/**
 * The first segments of a deterministic protocol (its first cycle, or the first `count`
 * segments), read through the clock adapter: the substream is never drawn from.
 */
function segments(protocol: Protocol, count?: number): ClockSegment[] {
  const reader = new ClockReader(protocol, new RandomSource(0).stream('clock'));
  const out = count === undefined ? reader.firstCycle() : Array.from({ length: count }, () => reader.next());
  reader.stop();
  return out;
}

/** A quantised sawtooth cycle as the quasi-static network lives it ([TCL]'s MNIST protocol). */
export interface SawtoothCycle {
  /** The clamp protocol, amplitude 1 (the batch's signed beta scales it). */
  protocol: Omit<SawtoothParams, 'amplitude' | 'levels'> & { levels: number };
  /** Relaxation steps after each level change (the quasi-static network). */
  relaxPerLevel: number;
  /** Rule steps per rise level and per fall level. */
  riseSubsteps: number;
  fallSubsteps: number;
}

/**
 * The ticks of one quantised sawtooth cycle ([TCL]): a first tick at the free state (the rules
 * start there, dt = 0), then each level of the protocol in turn, as the clock emits it.
 */
export function sawtoothTicks(c: SawtoothCycle, modulator: (s: ClampSignal) => number = phaseType): CycleTick[] {
  integer('cycle.protocol.levels', c.protocol.levels, 1);
  integer('cycle.relaxPerLevel', c.relaxPerLevel, 1);
  integer('cycle.riseSubsteps', c.riseSubsteps, 1);
  integer('cycle.fallSubsteps', c.fallSubsteps, 1);
  const levels = segments(sawtooth({ ...c.protocol, amplitude: 1 }));
  // The free state: no nudge, phase type z = 0.
  const ticks: CycleTick[] = [{ beta: 0, relax: 0, dt: 0, m: 0 }];
  for (const { signal, duration } of levels) {
    const sub = signal.phase === 'rise' ? c.riseSubsteps : c.fallSubsteps;
    for (let q = 0; q < sub; q++) ticks.push({ beta: signal.beta, relax: q === 0 ? c.relaxPerLevel : 0, dt: duration / sub, m: modulator(signal) });
  }
  return ticks;
}

/**
 * The ticks of classic two-phase EP ([EP]) as a cycle: the free state (relaxed before the
 * cycle), the nudged phase of `nudgedSteps` relaxation steps, and the edge back to the free
 * phase, where a rule with explicit memory (classic) applies its update. Read from the
 * two-phase protocol, one relaxation step per time unit.
 */
export function twoPhaseTicks(nudgedSteps: number, modulator: (s: ClampSignal) => number = phaseType): CycleTick[] {
  integer('nudgedSteps', nudgedSteps, 1);
  const [free, nudged] = segments(twoPhase({ free: 1, clamped: nudgedSteps, beta: 1 }), 2);
  return [
    { beta: free.signal.beta, relax: 0, dt: 0, m: modulator(free.signal) },
    { beta: nudged.signal.beta, relax: nudged.duration, dt: nudged.duration, m: modulator(nudged.signal) },
    // The next cycle's free phase begins: state unchanged until the next example is loaded.
    { beta: free.signal.beta, relax: 0, dt: 0, m: modulator(free.signal) },
  ];
}
