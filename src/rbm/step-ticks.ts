import { Subscription } from 'rxjs';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';

/**
 * Ticks at offset, offset + period, offset + 2 period, ... in simulated time. Block Gibbs in the
 * agent engine staggers the layers inside each unit-length step: hidden units at k + 1/4,
 * visible units at k + 1/2, synapses at k + 3/4, the clock's phase edges at integers.
 */
export function stepTicks(scheduler: VirtualScheduler, offset: number, period: number, onTick: () => void): Subscription {
  if (!(offset >= 0) || !(period > 0)) throw new RangeError(`step ticks need offset >= 0 and period > 0, got ${offset}, ${period}`);
  let k = 0;
  const t0 = scheduler.now();
  return scheduler.scheduleAt(function tick() {
    onTick();
    k++;
    // From the tick count, not accumulated additions, so tick times stay exact.
    this.scheduleAt(undefined, t0 + offset + k * period);
  }, t0 + offset);
}
