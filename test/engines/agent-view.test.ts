import fc from 'fast-check';
import { BehaviorSubject, Observable, merge, skip, take } from 'rxjs';
import { RandomSource, VirtualScheduler, clampClock, stochasticPhases } from '../../src';
import { distortionArb } from '../../src/arbitraries';
import { AgentView, numberCodec, signalCodec } from '../../src/engines/agent-view';
import { Distortion, distort } from '../../src/streams/operators';
import { runs } from '../support/property-runs';

/**
 * AgentView is distort (src/streams/operators.ts) with its state in one object: on the same
 * stream, seed and distortion, it delivers the same values at the same times, for the clamp clock
 * (every signal distorted) and for an endpoint (the current value first, undistorted).
 */
function clockArrivals(d: Distortion, seed: number, own: boolean): string[] {
  const scheduler = new VirtualScheduler();
  const random = new RandomSource(seed);
  const clock = clampClock(stochasticPhases({ b: 0.5, beta: 1, length: { uniform: [0.05, 0.3] } }), { scheduler, rng: random.stream('clock') });
  const rng = random.stream('view');
  const seen: string[] = [];
  const view$ = own ? new AgentView(d, rng, scheduler, signalCodec, false).of(clock) : clock.pipe(distort(d, rng, scheduler));
  view$.subscribe((s) => seen.push(`${scheduler.now()} ${JSON.stringify(s)}`));
  scheduler.runUntil(5);
  return seen;
}

function endpointArrivals(d: Distortion, seed: number, own: boolean): string[] {
  const scheduler = new VirtualScheduler();
  const random = new RandomSource(seed);
  const state = new BehaviorSubject(0.5);
  const src = random.stream('node');
  // A node publishing on its clock: a value every 0.07.
  scheduler.schedule(function tick() {
    state.next(src.normal());
    this.schedule(undefined, 0.07);
  }, 0.07);
  const rng = random.stream('view');
  const s$: Observable<number> = state;
  const view$ = own ? new AgentView(d, rng, scheduler, numberCodec, true).of(s$) : merge(s$.pipe(take(1)), s$.pipe(skip(1), distort<number>(d, rng, scheduler)));
  const seen: string[] = [];
  view$.subscribe((v) => seen.push(`${scheduler.now()} ${v}`));
  scheduler.runUntil(5);
  return seen;
}

describe('AgentView = distort', () => {
  it('on the clamp clock', () => {
    fc.assert(
      fc.property(distortionArb(), fc.nat(1e6), (d, seed) => {
        const own = clockArrivals(d, seed, true);
        expect(own.length).toBeGreaterThan(0);
        expect(own).toEqual(clockArrivals(d, seed, false));
      }),
      { numRuns: runs(40) },
    );
  });

  it('on an endpoint (current value first)', () => {
    fc.assert(
      fc.property(distortionArb(), fc.nat(1e6), (d, seed) => {
        const own = endpointArrivals(d, seed, true);
        expect(own.length).toBeGreaterThan(1);
        expect(own).toEqual(endpointArrivals(d, seed, false));
      }),
      { numRuns: runs(40) },
    );
  });
});
