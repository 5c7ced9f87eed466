import { Subject } from '../../src/rx';
import { ClampSignal } from '../../src/streams/clamp-signal';
import { ExamplePresenter } from '../../src/streams/example-presenter';

const sig = (index: number): ClampSignal => ({ t: index, beta: 0, phase: 'free', z: 0, index });

describe('ExamplePresenter', () => {
  it('maps signals to examples cyclically and passes a drive value only when it changes', () => {
    const clock = new Subject<ClampSignal>();
    // Two signals per example (a two-phase clock), three examples.
    const p = new ExamplePresenter(clock, (s) => Math.floor(s.index / 2), 3);
    const data = [5, 5, 7];
    const seen: number[] = [];
    p.drive((ex) => data[ex]).subscribe((v) => seen.push(v));
    for (let k = 0; k < 8; k++) clock.next(sig(k));
    // Examples 0,0,1,1,2,2,0,0: values 5,5,5,5,7,7,5,5, passed on at each change only.
    expect(seen).toEqual([5, 7, 5]);
    expect(p.presented).toBe(3);
    p.stop();
  });

  it('restores a saved state: the restored drive does not repeat the value it last passed', () => {
    const run = (restoreAt?: number) => {
      const clock = new Subject<ClampSignal>();
      const p = new ExamplePresenter(clock, (s) => s.index, 4);
      const data = [1, 1, 2, 2];
      const seen: number[] = [];
      p.drive((ex) => data[ex]).subscribe((v) => seen.push(v));
      return { clock, p, seen, restoreAt };
    };
    const a = run();
    for (let k = 0; k < 3; k++) a.clock.next(sig(k));
    const saved = JSON.parse(JSON.stringify(a.p.state()));
    for (let k = 3; k < 6; k++) a.clock.next(sig(k));
    const b = run();
    b.p.restore(saved);
    expect(b.p.presented).toBe(2);
    for (let k = 3; k < 6; k++) b.clock.next(sig(k));
    // After example 2 (value 2): example 3 (2, not passed), 4 = 0 (1), 5 = 1 (1, not passed).
    expect(b.seen).toEqual([1]);
    expect(a.seen).toEqual([1, 2, 1]);
  });

  it('refuses a state with another number of drives, naming the field', () => {
    const p = new ExamplePresenter(new Subject<ClampSignal>(), (s) => s.index, 2);
    p.drive(() => 0);
    expect(() => p.restore({ presented: 0, drives: { last: '', seen: [] } })).toThrow(/drives\.last/);
  });
});
