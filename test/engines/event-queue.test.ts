import fc from 'fast-check';
import { CalendarQueue } from '../../src/engines/event/calendar-queue';
import { EventQueue } from '../../src/engines/event/event-queue';

/** Pops everything: (time, seq) pairs in order. */
describe('event queues', () => {
  it('the calendar queue pops in exactly the 4-ary heap order (time, then seq), whatever its bucket width and ring', () => {
    const op = fc.oneof(
      fc.record({ push: fc.double({ min: 0, max: 50, noNaN: true }) }),
      fc.record({ push: fc.integer({ min: 0, max: 20 }) }), // ties
      fc.constant({ pop: true }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.integer({ min: 1, max: 64 }), (ops, width, buckets) => {
        const heap = new EventQueue(4);
        const cal = new CalendarQueue(width, buckets, 0);
        let now = 0;
        let seq = 0;
        for (const o of ops) {
          if ('push' in o) {
            // Events are scheduled at or after the current time, as on the scheduler.
            const t = now + o.push;
            heap.push(t, seq, seq);
            cal.push(t, seq, seq);
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
          expect([cal.headTime(), cal.headSeq()]).toEqual([heap.headTime(), heap.headSeq()]);
          heap.pop();
          cal.pop();
        }
        expect(cal.headTime()).toBe(Infinity);
      }),
    );
  });
});
