import { Distortion } from '../../streams/operators';
import { meanRateFactor } from '../timing';

/**
 * Events per second of the event engine, measured on small RBMs (5-10 million on one core,
 * synchronous or jittered; docs/rbm-robustness/README.md): the lower end, for time estimates.
 */
export const EVENTS_PER_SECOND = 5e6;

/**
 * The event engine's events per nominal tick period: a tick of every node and synapse, more under
 * rate spread (meanRateFactor), and under an endpoint view a message per synapse end for every
 * tick of its node if delayed, and a read per synapse end and sampling period if sampled (the
 * sampling period in the same time as `tick`).
 */
export function eventsPerTick(nodes: number, synapses: number, rateSpread: number, view?: Distortion, tick = 1): number {
  const rate = meanRateFactor({ rateSpread });
  const delayed = view !== undefined && (view.delay !== undefined || view.randomDelay !== undefined) ? 2 * synapses * rate : 0;
  const sampled = view?.sample !== undefined ? (2 * synapses * tick) / view.sample.period : 0;
  return (nodes + synapses) * rate + delayed + sampled;
}
