import { Distortion } from '../../streams/operators';
import { meanRateFactor } from '../timing';
import { readAtTick } from './endpoint-views';

/**
 * Events per second of the event engine, measured on small RBMs (5-10 million on one core,
 * synchronous or jittered; docs/rbm-robustness/README.md): the lower end, for time estimates.
 */
export const EVENTS_PER_SECOND = 5e6;

/**
 * What a value on a delayed endpoint view costs when it waits for its synapse's tick instead of
 * arriving as an event (readAtTick), in events: about 0.45 measured on bars and stripes (4x4,
 * 16 hidden, random delays up to 4 and 64 steps: 72 against 112 µs per Gibbs step when each
 * arrival was an event, 2026-11-29).
 */
export const READ_MESSAGE_COST = 0.5;

/** Messages per nominal tick period on delayed endpoint views: one per synapse end per tick of its node. */
function messagesPerTick(synapses: number, rate: number, view?: Distortion): number {
  return view !== undefined && (view.delay !== undefined || view.randomDelay !== undefined) ? 2 * synapses * rate : 0;
}

/**
 * The event engine's events per nominal tick period: a tick of every node and synapse, more under
 * rate spread (meanRateFactor), and under an endpoint view a message per synapse end for every
 * tick of its node if delayed (unless it waits for the synapse's tick, readAtTick), and a read
 * per synapse end and sampling period if sampled (the sampling period in the same time as `tick`).
 */
export function eventsPerTick(nodes: number, synapses: number, rateSpread: number, view?: Distortion, tick = 1): number {
  const rate = meanRateFactor({ rateSpread });
  const delayed = view !== undefined && !readAtTick(view) ? messagesPerTick(synapses, rate, view) : 0;
  const sampled = view?.sample !== undefined ? (2 * synapses * tick) / view.sample.period : 0;
  return (nodes + synapses) * rate + delayed + sampled;
}

/** Estimated seconds of the event engine per nominal tick period: its events, and the messages that wait for a tick at READ_MESSAGE_COST. */
export function eventSecondsPerTick(nodes: number, synapses: number, rateSpread: number, view?: Distortion, tick = 1): number {
  const read = view !== undefined && readAtTick(view) ? READ_MESSAGE_COST * messagesPerTick(synapses, meanRateFactor({ rateSpread }), view) : 0;
  return (eventsPerTick(nodes, synapses, rateSpread, view, tick) + read) / EVENTS_PER_SECOND;
}
