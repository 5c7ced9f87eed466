import fc from 'fast-check';
import { EventHeap } from '../../src/scheduler/event-heap';

describe('EventHeap', () => {
  it('pops in (time, insertion) order for any insertion sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const heap = new EventHeap<number>();
        times.forEach((t, i) => heap.push(t, i, i));
        const expected = times.map((t, i) => [t, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        const got: number[][] = [];
        while (heap.size > 0) {
          const t = heap.peekTime();
          got.push([t, heap.pop()!]);
        }
        expect(got).toEqual(expected);
      }),
    );
  });
});
