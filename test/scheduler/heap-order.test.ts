import fc from 'fast-check';
import { EventHeap } from '../../src/scheduler/event-heap';
import { EventQueue } from '../../src/engines/event/event-queue';

/**
 * The one heap, with either kind of item (the event engine's int32 ids in EventQueue, the
 * scheduler's objects in EventHeap), pops in the order a sort of the pushed (time, seq) pairs
 * gives, with pushes and pops interleaved, ties in time, insertion numbers out of order (a
 * restored snapshot pushes its recorded ones) and growth from a tiny capacity. The reference is
 * Array.prototype.sort over what is still pending, not the heap.
 */
type Pair = [time: number, seq: number];

const time = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 2 }, // siblings tied in time, so seq decides
  fc.integer({ min: 0, max: 20 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);
// seq = drawn * 1024 + push index: unique, in no particular order, up to 2^50 (the scheduler's observer lane is large too).
// More pushes than pops, so the heap grows a few levels deep while it is popped.
const op = fc.oneof(
  { arbitrary: fc.record({ push: time, seqHigh: fc.integer({ min: 0, max: 2 ** 40 }) }), weight: 3 },
  { arbitrary: fc.constant({ pop: true as const }), weight: 2 },
);
const ops = fc.array(op, { maxLength: 400 });

const byKey = (a: Pair, b: Pair) => a[0] - b[0] || a[1] - b[1];

/** A heap under test, its item kind hidden: push a pair, pop returning the pair its item stood for. */
interface Subject {
  size(): number;
  push(p: Pair): void;
  pop(): Pair;
  pending(): Pair[];
}

function intHeap(): Subject {
  const heap = new EventQueue(1);
  const pairs: Pair[] = [];
  return {
    size: () => heap.size,
    push: (p) => heap.push(p[0], p[1], pairs.push(p) - 1),
    pop: () => {
      const [t, s, item] = [heap.headTime(), heap.headSeq(), heap.headItem()];
      heap.pop();
      // The int item is the pair's index: it must have travelled with its own key.
      expect([t, s]).toEqual(pairs[item]);
      return pairs[item];
    },
    pending: () => {
      const out: Pair[] = [];
      heap.forEach((t, s, item) => {
        expect([t, s]).toEqual(pairs[item]);
        out.push(pairs[item]);
      });
      return out;
    },
  };
}

function objectHeap(): Subject {
  const heap = new EventHeap<{ pair: Pair }>();
  return {
    size: () => heap.size,
    push: (p) => heap.push(p[0], p[1], { pair: p }),
    pop: () => {
      const [t, s] = [heap.peekTime(), heap.peekSeq()];
      const item = heap.pop()!;
      expect([t, s]).toEqual(item.pair);
      return item.pair;
    },
    pending: () => {
      const out: Pair[] = [];
      heap.forEach((t, s, item) => {
        expect([t, s]).toEqual(item.pair);
        out.push(item.pair);
      });
      return out;
    },
  };
}

describe.each([
  ['EventQueue (int32 items, the event engine)', intHeap],
  ['EventHeap (object items, the scheduler)', objectHeap],
])('%s', (_, make) => {
  it('pops in the order of a sort of the pending (time, seq) pairs, pushes and pops interleaved', () => {
    fc.assert(
      fc.property(ops, (list) => {
        const heap = make();
        let pending: Pair[] = [];
        list.forEach((o, k) => {
          if ('push' in o) {
            const p: Pair = [o.push, o.seqHigh * 1024 + k];
            heap.push(p);
            pending.push(p);
          } else if (pending.length > 0) {
            const first = [...pending].sort(byKey)[0];
            expect(heap.pop()).toBe(first);
            pending = pending.filter((p) => p !== first);
          }
          expect(heap.size()).toBe(pending.length);
        });
        expect([...heap.pending()].sort(byKey)).toEqual([...pending].sort(byKey));
        const rest: Pair[] = [];
        while (heap.size() > 0) rest.push(heap.pop());
        expect(rest).toEqual([...pending].sort(byKey));
      }),
    );
  });
});

it('an empty heap reads as empty and pops nothing', () => {
  const ints = new EventQueue(1);
  ints.pop();
  expect([ints.size, ints.headTime(), ints.headSeq()]).toEqual([0, Infinity, -1]);
  ints.push(3, 0, 7);
  expect([ints.size, ints.headTime(), ints.headSeq(), ints.headItem()]).toEqual([1, 3, 0, 7]);
  const objs = new EventHeap<string>();
  expect(objs.pop()).toBeUndefined();
  objs.push(1, 5, 'a');
  objs.clear();
  expect([objs.size, objs.peekTime(), objs.pop()]).toEqual([0, Infinity, undefined]);
});
