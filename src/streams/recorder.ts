import { Observable, Subscription } from 'rxjs';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';

/** A recorded trace: simulated times and values, appended as the run goes. */
export interface Trace<T> {
  readonly times: number[];
  readonly values: T[];
  readonly subscription: Subscription;
}

/** Records every `every`-th value of a stream with its simulated arrival time. */
export function record<T>(source: Observable<T>, scheduler: VirtualScheduler, every = 1): Trace<T> {
  const times: number[] = [];
  const values: T[] = [];
  let k = 0;
  const subscription = source.subscribe((v) => {
    if (k++ % every !== 0) return;
    times.push(scheduler.now());
    values.push(v);
  });
  return { times, values, subscription };
}
