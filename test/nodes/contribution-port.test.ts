import { ContributionPort } from '../../src/nodes/contribution-port';
import { Contribution } from '../../src/nodes/node-dynamics';

describe('ContributionPort', () => {
  it('gives a subscriber the current contribution, then every update, each as its own object', () => {
    const p = new ContributionPort(1, 2);
    const got: Contribution[] = [];
    const sub = p.subscribe((c) => got.push(c));
    p.set(3, 4);
    p.set(5, 6);
    sub.unsubscribe();
    p.set(7, 8);
    expect(got).toEqual([
      { g: 1, i: 2 },
      { g: 3, i: 4 },
      { g: 5, i: 6 },
    ]);
    expect(got[1]).not.toBe(got[2]);
  });

  it('writes into the attached reader slots at once and on every publish, until detached', () => {
    const p = new ContributionPort(1, 2);
    const slots = [0, 0, 0, 0];
    expect(p.attachSlots(slots, 2)).toBe(true);
    expect(slots).toEqual([0, 0, 1, 2]);
    expect(p.attachSlots([0, 0], 0)).toBe(false); // one reader per port
    p.set(0.5, -0.25);
    expect(slots).toEqual([0, 0, 0.5, -0.25]);
    p.detachSlots(slots);
    p.set(9, 9);
    expect(slots).toEqual([0, 0, 0.5, -0.25]);
  });

  it('completes its subscribers; a late subscriber gets the last contribution and completion; publishing after is ignored', () => {
    const p = new ContributionPort(0, 0);
    const slots = [0, 0];
    p.attachSlots(slots, 0);
    let done = 0;
    p.subscribe({ complete: () => done++ });
    p.set(1, 1);
    p.complete();
    p.set(2, 2);
    expect(slots).toEqual([1, 1]);
    const late: Contribution[] = [];
    p.subscribe({ next: (c) => late.push(c), complete: () => done++ });
    expect(late).toEqual([{ g: 1, i: 1 }]);
    expect(done).toBe(2);
  });
});
