import { Cell } from '../../src/streams/cell';

describe('Cell', () => {
  it('gives a subscriber the current value, then every update, until it unsubscribes', () => {
    const c = new Cell(1);
    const got: number[] = [];
    const sub = c.subscribe((v) => got.push(v));
    c.next(2);
    c.next(3);
    sub.unsubscribe();
    c.next(4);
    expect(got).toEqual([1, 2, 3]);
    expect(c.value).toBe(4);
  });

  it('tracks whether anybody listens', () => {
    const c = new Cell('a');
    expect(c.observed).toBe(false);
    const sub = c.subscribe(() => undefined);
    expect(c.observed).toBe(true);
    sub.unsubscribe();
    expect(c.observed).toBe(false);
  });

  it('lets a subscriber unsubscribe another during a publish: the others still get it, the unsubscribed one not', () => {
    const c = new Cell(0);
    const got: string[] = [];
    // eslint-disable-next-line prefer-const
    let second: { unsubscribe(): void } | undefined;
    c.subscribe((v) => {
      got.push(`first ${v}`);
      if (v === 1) second?.unsubscribe();
    });
    second = c.subscribe((v) => got.push(`second ${v}`));
    c.subscribe((v) => got.push(`third ${v}`));
    c.next(1);
    c.next(2);
    // 'second' unsubscribed before 1 reached it (as with an RxJS Subject); 'third' is not skipped.
    expect(got).toEqual(['first 0', 'second 0', 'third 0', 'first 1', 'third 1', 'first 2', 'third 2']);
  });

  it('completes its subscribers, and a late subscriber gets the last value and completion', () => {
    const c = new Cell(5);
    let done = 0;
    c.subscribe({ complete: () => done++ });
    c.next(6);
    c.complete();
    c.next(7);
    const late: number[] = [];
    c.subscribe({ next: (v) => late.push(v), complete: () => done++ });
    expect(late).toEqual([6]);
    expect(done).toBe(2);
  });

  it('attached sinks share the subscribers list and its order, get the current value, and count as observers', () => {
    const c = new Cell(1);
    const got: string[] = [];
    c.subscribe((v) => got.push(`sub ${v}`));
    const sink = { next: (v: number) => got.push(`sink ${v}`) };
    c.attach(sink);
    c.subscribe((v) => got.push(`late ${v}`));
    c.next(2);
    c.detach(sink);
    c.next(3);
    expect(got).toEqual(['sub 1', 'sink 1', 'late 1', 'sub 2', 'sink 2', 'late 2', 'sub 3', 'late 3']);
    const d = new Cell(0);
    d.attach({ next: () => undefined });
    expect(d.observed).toBe(true);
  });
});
