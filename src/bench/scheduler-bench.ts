import { CalendarQueue } from '../engines/event/calendar-queue';
import { EventQueue } from '../engines/event/event-queue';
import { RandomSource } from '../scheduler/random';
import { VirtualScheduler } from '../scheduler/virtual-scheduler';
import { wallAndCpuSeconds } from './measure';

export interface SchedulerFigure {
  pending: number;
  /** Wall time per event (median of the runs). */
  nanosecondsPerEvent: number;
  /** CPU time per event (median of the runs): the figure to trust when the machine is shared. */
  cpuNanosecondsPerEvent: number;
}

/** The medians of runs of f, each returning wall and CPU nanoseconds per event. */
function medians(pending: number, runs: number, f: () => { wall: number; cpu: number }): SchedulerFigure {
  const xs = Array.from({ length: runs }, f);
  const mid = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return { pending, nanosecondsPerEvent: mid(xs.map((x) => x.wall)), cpuNanosecondsPerEvent: mid(xs.map((x) => x.cpu)) };
}

/** The pending sizes the scheduler and queue figures are measured at (issue 13: 1e3 to 1e6). */
export const PENDING_SIZES = [1e3, 1e4, 1e5, 1e6];

/** Timed events per figure: at least 1e6, and every pending entry popped twice at 1e6. */
export const eventsFor = (pending: number): number => Math.max(1e6, 2 * pending);

/** 1024 intervals in [0.5, 1.5), the same in every figure. */
function intervals(): Float64Array {
  const rng = new RandomSource(3).stream('bench');
  return Float64Array.from({ length: 1024 }, () => 0.5 + rng.uniform());
}

/**
 * Cost of one event with `pending` recurring actions in the queue: each action reschedules
 * itself after a random interval, so the heap keeps `pending` entries while `events` run.
 * `pending` untimed events run first: the queue starts as `pending` entries in schedule order,
 * and only after each has been popped and pushed once is it the steady mix the timed part
 * measures (without this, a figure at 1e6 would time mostly that first pass).
 */
export function schedulerFigure(pending: number, events = eventsFor(pending), runs = 5): SchedulerFigure {
  const delays = intervals();
  return medians(pending, runs, () => {
    const scheduler = new VirtualScheduler();
    let k = 0;
    for (let i = 0; i < pending; i++) {
      scheduler.schedule(function tick() {
        this.schedule(undefined, delays[k++ & 1023]);
      }, delays[i & 1023]);
    }
    for (let w = 0; w < pending && scheduler.step(); w++);
    let done = 0;
    const { wall, cpu } = wallAndCpuSeconds(() => {
      while (done < events && scheduler.step()) done++;
    });
    return { wall: (wall * 1e9) / done, cpu: (cpu * 1e9) / done };
  });
}

/**
 * The event engine's heap alone (EventQueue, int32 items; the scheduler's EventHeap is the same
 * heap with object items): one event is a pop of the head and a push of its item after a
 * random interval, so `pending` entries stay queued. Warmed up like schedulerFigure.
 */
export function queueFigure(pending: number, events = eventsFor(pending), runs = 5): SchedulerFigure {
  const delays = intervals();
  return medians(pending, runs, () => {
    const heap = new EventQueue(pending);
    let seq = 0;
    let k = 0;
    for (let i = 0; i < pending; i++) heap.push(delays[i & 1023], seq++, i);
    const hold = (n: number) => {
      for (let e = 0; e < n; e++) {
        const t = heap.headTime();
        const item = heap.headItem();
        heap.pop();
        heap.push(t + delays[k++ & 1023], seq++, item);
      }
    };
    hold(pending);
    const { wall, cpu } = wallAndCpuSeconds(() => hold(events));
    return { wall: (wall * 1e9) / events, cpu: (cpu * 1e9) / events };
  });
}

/**
 * The event engine's queue as the engine builds it (CalendarQueue: a ring of buckets with the
 * current bucket in an EventQueue), on queueFigure's workload. Sized as the engine sizes it
 * (calendarFor in event-engine.ts): buckets of the shortest interval x min(1, 32 / pending), a
 * ring spanning the longest interval. Its own loop, not queueFigure's with another class, so
 * each loop sees one class only, as in the engine.
 */
export function calendarFigure(pending: number, events = eventsFor(pending), runs = 5): SchedulerFigure {
  const delays = intervals();
  const width = 0.5 * Math.min(1, 32 / pending);
  return medians(pending, runs, () => {
    const queue = new CalendarQueue(width, Math.ceil(1.5 / width) + 1, 0);
    let seq = 0;
    let k = 0;
    for (let i = 0; i < pending; i++) queue.push(delays[i & 1023], seq++, i);
    const hold = (n: number) => {
      for (let e = 0; e < n; e++) {
        const t = queue.headTime();
        const item = queue.headItem();
        queue.pop();
        queue.push(t + delays[k++ & 1023], seq++, item);
      }
    };
    hold(pending);
    const { wall, cpu } = wallAndCpuSeconds(() => hold(events));
    return { wall: (wall * 1e9) / events, cpu: (cpu * 1e9) / events };
  });
}
