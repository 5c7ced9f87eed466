import { Observable, Subscription, filter, map } from '../rx';
import { SpecError } from '../errors';
import { packF64, unpackF64 } from '../engines/snapshot/f64-codec';
import { ClampSignal } from './clamp-signal';

/**
 * What a presenter holds outside the engine, as plain JSON (a checkpoint saves it beside the
 * engine's snapshot): the count of examples presented, and the last value each drive passed on.
 */
export interface PresenterState {
  presented: number;
  /** Per drive, in the order made: the last value it passed (packF64), and whether it passed one. */
  drives: { last: string; seen: boolean[] };
}

/**
 * The data presenter of a learning run: the only phase-aware part besides the clamp clock. It
 * maps each clock signal to the example it presents (the protocol's exampleOf, mod the number
 * of examples) and makes the drives of held and nudged nodes (a pixel, a voltage source, a
 * target) from it. A drive passes a value only when it changes (distinctUntilChanged, its
 * memory kept here, where a checkpoint saves it), so a node sees one message per new example.
 * Subscribes to the clock when made: make it before the engine, in the same order on a
 * restoring run.
 */
export class ExamplePresenter {
  /** The index of the example under way (not reduced mod count): examples begun so far, less one. */
  presented = 0;
  private readonly last: number[] = [];
  private readonly seen: boolean[] = [];
  private readonly example$: Observable<number>;
  private readonly probe: Subscription;

  /**
   * clock: the run's clamp clock; exampleOf: the example index of a signal (BuiltProtocol's,
   * divided by cycles per example if any); count: examples, presented in order, cyclically.
   */
  constructor(clock: Observable<ClampSignal>, exampleOf: (sig: ClampSignal) => number, count: number) {
    this.example$ = clock.pipe(map((sig: ClampSignal) => exampleOf(sig) % count));
    this.probe = clock.subscribe((sig) => (this.presented = exampleOf(sig)));
  }

  /** A drive: value(example) at each new example, passed on only when it changes. */
  drive(value: (example: number) => number): Observable<number> {
    const j = this.seen.push(false) - 1;
    this.last.push(0);
    return this.example$.pipe(
      map(value),
      filter((v) => {
        if (this.seen[j] && v === this.last[j]) return false;
        this.seen[j] = true;
        this.last[j] = v;
        return true;
      }),
    );
  }

  /** Where it stands (see PresenterState). */
  state(): PresenterState {
    return { presented: this.presented, drives: { last: packF64(this.last), seen: [...this.seen] } };
  }

  /** Sets a presenter made like the saved one (the same drives, in the same order) to its state. */
  restore(s: PresenterState): void {
    const last = unpackF64(s.drives.last, this.last.length, 'drives.last');
    if (s.drives.seen.length !== this.seen.length) throw new SpecError('drives.seen', `${this.seen.length} drives`, s.drives.seen.length);
    this.presented = s.presented;
    last.forEach((v, j) => ((this.last[j] = v), (this.seen[j] = s.drives.seen[j] === true)));
  }

  /** Stops following the clock (the drives end with it). */
  stop(): void {
    this.probe.unsubscribe();
  }
}
