import { Observable } from '../rx';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';

/**
 * What a probe watches: a node's state (of example `example` of a batch, default 0), or slot
 * `slot` of a synapse's rule state (0, the default, is the weight).
 */
export type ProbeTarget = { node: number; example?: number } | { synapse: number; slot?: number };

/**
 * When a probe samples: every `every` node periods (default 1), at the end of the instant, after
 * every agent due then has acted; or, with `onChange`, each time the value changes. Either way
 * the current value comes first, on subscribe.
 */
export interface ProbeOptions {
  /** Sample every this many node periods (default 1). */
  every?: number;
  /** Sample at each change instead. */
  onChange?: boolean;
}

/** One probe reading: simulated time and value. */
export interface ProbeSample {
  /** Simulated time. */
  t: number;
  /** The watched value. */
  value: number;
}

/** The sizes a probe target is checked against. */
export interface ProbeShape {
  nodes: number;
  /** Examples of a batch (1 unless batched). */
  examples: number;
  synapses: number;
  stateSize: number;
}

/** Refuses a target outside the network or a slot outside the rule state, naming both. */
export function checkProbe(target: ProbeTarget, opts: ProbeOptions, shape: ProbeShape): void {
  if ('node' in target) {
    if (!Number.isInteger(target.node) || target.node < 0 || target.node >= shape.nodes) {
      throw new RangeError(`probe: node must be an integer in [0, ${shape.nodes}), got ${target.node}`);
    }
    const ex = target.example ?? 0;
    if (!Number.isInteger(ex) || ex < 0 || ex >= shape.examples) {
      throw new RangeError(`probe: example must be an integer in [0, ${shape.examples}) (the batch), got ${ex}`);
    }
  } else {
    if (!Number.isInteger(target.synapse) || target.synapse < 0 || target.synapse >= shape.synapses) {
      throw new RangeError(`probe: synapse must be an integer in [0, ${shape.synapses}), got ${target.synapse}`);
    }
    const slot = target.slot ?? 0;
    if (!Number.isInteger(slot) || slot < 0 || slot >= shape.stateSize) {
      throw new RangeError(`probe: slot must be an integer in [0, ${shape.stateSize}) (the rule's state size), got ${slot}`);
    }
  }
  if (opts.every !== undefined && opts.onChange) throw new RangeError('probe: give either every or onChange, not both');
  if (opts.every !== undefined && !(Number.isInteger(opts.every) && opts.every >= 1)) {
    throw new RangeError(`probe: every must be an integer >= 1 (node periods), got ${opts.every}`);
  }
}

/**
 * Samples read() every `every` node periods as observer events (scheduleObserverAt), so a
 * sample sees the state its instant ends in. The times are accumulated by adding the period,
 * as the agents' clocks do, so a probe started on the engine's grid samples exactly at its steps.
 */
export function periodicProbe(scheduler: VirtualScheduler, period: number, every: number, read: () => number): Observable<ProbeSample> {
  return new Observable<ProbeSample>((out) => {
    out.next({ t: scheduler.now(), value: read() });
    let k = 0;
    return scheduler.scheduleObserverAt(function sample() {
      if (++k % every === 0) out.next({ t: scheduler.now(), value: read() });
      this.scheduleAt(undefined, scheduler.now() + period);
    }, scheduler.now() + period);
  });
}

/** Emits read() on subscribe, then after each event of `changes` at which its value differs from the last emitted. */
export function changeProbe(scheduler: VirtualScheduler, changes: Observable<unknown>, read: () => number): Observable<ProbeSample> {
  return new Observable<ProbeSample>((out) => {
    let last = read();
    out.next({ t: scheduler.now(), value: last });
    return changes.subscribe(() => {
      const v = read();
      // A rule slot may hold NaN until it is first set (a 'no previous value' marker).
      if (v === last || (Number.isNaN(v) && Number.isNaN(last))) return;
      last = v;
      out.next({ t: scheduler.now(), value: v });
    });
  });
}
