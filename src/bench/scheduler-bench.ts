import { RandomSource } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { median, seconds } from './measure';

export interface SchedulerFigure {
  pending: number;
  nanosecondsPerEvent: number;
}

/**
 * Cost of one event with `pending` recurring actions in the queue: each action reschedules
 * itself after a random interval, so the heap keeps `pending` entries while `events` run.
 */
export function schedulerFigure(pending: number, events: number, runs = 5): SchedulerFigure {
  const ns = median(runs, () => {
    const rng = new RandomSource(3).stream('bench');
    const scheduler = new VirtualScheduler();
    const delays = Float64Array.from({ length: 1024 }, () => 0.5 + rng.uniform());
    let k = 0;
    for (let i = 0; i < pending; i++) {
      scheduler.schedule(function tick() {
        this.schedule(undefined, delays[k++ & 1023]);
      }, delays[i & 1023]);
    }
    let done = 0;
    const wall = seconds(() => {
      while (done < events && scheduler.step()) done++;
    });
    return (wall * 1e9) / done;
  });
  return { pending, nanosecondsPerEvent: ns };
}
