import fc from 'fast-check';
import { VirtualScheduler } from '../../src/scheduler/virtual-scheduler';
import { EventQueue } from '../../src/engines/event/event-queue';
import { runs } from '../support/property-runs';

/**
 * An attached EventSource (the event engine's queue) merged with the scheduler's own actions:
 * runUntil without a predicate runs a source's events in bursts; with one, one event at a time.
 * Both must run the same events in the same order, stop at the same event on stop(), and agree
 * with the (time, insertion number) order of all events.
 */
type Plan = { gap: number; spawnSource: boolean; spawnAction: boolean; stop: boolean }[];

function run(plan: Plan, horizon: number, stepwise: boolean): string[] {
  const scheduler = new VirtualScheduler();
  const queue = new EventQueue(4);
  const log: string[] = [];
  let k = 0;
  // Event number k follows plan[k % plan.length]: it may queue a source event, an action, or stop.
  const act = (label: string) => {
    const p = plan[k++ % plan.length];
    log.push(`${label}@${scheduler.now()}#${k}`);
    // A bounded run (zero gaps could spawn forever at one time).
    if (k > 400) return;
    if (p.spawnSource) queue.push(scheduler.now() + p.gap, scheduler.nextSeq(), k);
    if (p.spawnAction) scheduler.schedule(() => act('action'), p.gap / 2);
    if (p.stop) scheduler.stop();
  };
  scheduler.attachSource({
    headTime: () => queue.headTime(),
    headSeq: () => queue.headSeq(),
    runHead: () => {
      const item = queue.headItem();
      queue.pop();
      act(`source${item}`);
    },
  });
  for (let i = 0; i < 3; i++) queue.push(i * 0.5, scheduler.nextSeq(), -i);
  scheduler.schedule(() => act('action'), 0.25);
  // Run to the horizon, carrying on after every stop.
  for (let rounds = 0; rounds < 1000; rounds++) {
    const why = stepwise ? scheduler.runUntil(horizon, () => false) : scheduler.runUntil(horizon);
    log.push(`end:${why}@${scheduler.now()}`);
    if (why !== 'stopped') break;
  }
  return log;
}

describe('attached event sources', () => {
  it('runUntil runs the same events in the same order in bursts as one at a time, stops included', () => {
    const step = fc.record({
      gap: fc.oneof(fc.constant(0), fc.constant(0.5), fc.double({ min: 0, max: 2, noNaN: true })),
      spawnSource: fc.boolean(),
      spawnAction: fc.boolean(),
      stop: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.double({ min: 0.5, max: 8, noNaN: true }), (plan, horizon) => {
        const burst = run(plan, horizon, false);
        expect(burst).toEqual(run(plan, horizon, true));
        // The events ran in time order.
        const times = burst.filter((l) => !l.startsWith('end')).map((l) => Number(l.split('@')[1].split('#')[0]));
        times.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(i > 0 ? times[i - 1] : 0));
      }),
      { numRuns: runs(150) },
    );
  });
});
