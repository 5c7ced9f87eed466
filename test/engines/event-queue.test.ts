import fc from 'fast-check';
import { CalendarQueue } from '../../src/engines/event/calendar-queue';
import { EventQueue } from '../../src/engines/event/event-queue';
import { RunCalendarQueue } from '../../src/engines/event/run-calendar-queue';

/** Pops everything: (time, seq) pairs in order. */
describe('event queues', () => {
  it.each([
    ['the calendar queue', CalendarQueue],
    ['the calendar queue with runs', RunCalendarQueue],
  ])('%s pops in exactly the 4-ary heap order (time, then seq), whatever its bucket width and ring', (_, Calendar) => {
    const op = fc.oneof(
      fc.record({ push: fc.double({ min: 0, max: 50, noNaN: true }) }),
      fc.record({ push: fc.integer({ min: 0, max: 20 }) }), // ties
      fc.constant({ pop: true }),
    );
    fc.assert(
      // Insertion numbers increase with each push on the scheduler; a restore pushes the saved
      // entries in no particular order (shuffled: a seq drawn from far ahead, never repeated).
      fc.property(fc.array(op, { maxLength: 300 }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.integer({ min: 1, max: 64 }), fc.boolean(), (ops, width, buckets, shuffled) => {
        const heap = new EventQueue(4);
        const cal = new Calendar(width, buckets, 0);
        let now = 0;
        let seq = 0;
        for (const o of ops) {
          if ('push' in o) {
            // Events are scheduled at or after the current time, as on the scheduler.
            const t = now + o.push;
            const s = shuffled ? (seq * 7919) % 10007 : seq;
            heap.push(t, s, seq);
            cal.push(t, s, seq);
            seq++;
          } else if (heap.size > 0) {
            expect([cal.headTime(), cal.headSeq(), cal.headItem()]).toEqual([heap.headTime(), heap.headSeq(), heap.headItem()]);
            now = heap.headTime();
            heap.pop();
            cal.pop();
          }
          expect(cal.size).toBe(heap.size);
        }
        while (heap.size > 0) {
          expect([cal.headTime(), cal.headSeq(), cal.headItem()]).toEqual([heap.headTime(), heap.headSeq(), heap.headItem()]);
          heap.pop();
          cal.pop();
        }
        expect(cal.headTime()).toBe(Infinity);
      }),
    );
  });
});
