import fc from 'fast-check';
import { CycleTick, RuleReplay, sawtoothTicks, twoPhaseTicks } from '../../../src/engines/quasi-static';
import { zeroReplayStats } from '../../../src/engines/quasi-static/rule-replay';
import { chemotaxisKernel } from '../../../src/synapses/kernels/chemotaxis';
import { classicTwoPhase } from '../../../src/synapses/rules/classic-two-phase';
import { TclParams, temporalContrastive } from '../../../src/synapses/rules/temporal-contrastive';
import { SynapseRule } from '../../../src/synapses/synapse-rule';
import { runs } from '../../support/property-runs';

const cycleSpec = { protocol: { period: 2, rise: 0.1, levels: 9 }, relaxPerLevel: 4, riseSubsteps: 1, fallSubsteps: 8 };
const tcl = temporalContrastive(chemotaxisKernel({ B: 20, area: 0 }));
/** The same rule without its declared shortcuts: stepped tick by tick, every synapse. */
const plain = <P>(r: SynapseRule<P>): SynapseRule<P> => ({ ...r, linear: undefined, quiet: undefined });

/** Kept state of each tick when every level relaxes from the free state: one per distinct nudge. */
function keptFromFree(ticks: CycleTick[]): { snap: Int32Array; kept: number } {
  const byBeta = new Map<number, number>();
  const snap = Int32Array.from(ticks, (t, i) => {
    if (i === 0) return 0;
    if (!byBeta.has(t.beta)) byBeta.set(t.beta, byBeta.size + 1);
    return byBeta.get(t.beta)!;
  });
  return { snap, kept: byBeta.size + 1 };
}

/** The rule stepped over the ticks `cycles` times from its initial state; only the last cycle's weight change counts. */
function stepped(ticks: CycleTick[], signal: number[], p: TclParams, cycles: number, rule = tcl): number {
  const x = new Float64Array(rule.stateSize);
  rule.init(x, 0, 0, p);
  for (let c = 0; c < cycles; c++) {
    x[0] = 0;
    ticks.forEach((t, i) => rule.step(x, 0, signal[i], t.m, t.dt, p));
  }
  return x[0];
}

function replayOne<P>(rule: SynapseRule<P>, ticks: CycleTick[], snap: Int32Array, kept: number, start: 'rest' | 'periodic', p: P, sig: Float64Array, w0 = 0) {
  const r = new RuleReplay(rule, ticks, snap, kept, start);
  r.use(p);
  const w = Float64Array.of(w0);
  const stats = zeroReplayStats();
  r.row(w, 0, 1, sig, stats);
  return { dw: w[0] - w0, stats };
}

describe('replaying a rule over a cycle, one synapse at a time', () => {
  it('TCL: equals the rule stepped tick by tick (from rest, or in the steady state of the repeated cycle), with and without its shortcuts', () => {
    const ticks = sawtoothTicks(cycleSpec);
    const { snap, kept } = keptFromFree(ticks);
    let skipped = 0;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: kept, maxLength: kept }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.boolean(),
        fc.constantFrom<'rest' | 'periodic'>('rest', 'periodic'),
        (values, theta, linear, start) => {
          const p: TclParams = { lr: 1, wMin: -Infinity, wMax: Infinity, theta, linear };
          const sig = Float64Array.from(values);
          const signal = Array.from(snap, (k) => values[k]);
          // Four cycles bring the kernel (B T = 40) to its periodic state to double precision.
          const want = stepped(ticks, signal, p, start === 'periodic' ? 4 : 1);
          const fast = replayOne(tcl, ticks, snap, kept, start, p, sig);
          const slow = replayOne(plain(tcl), ticks, snap, kept, start, p, sig);
          expect(Math.abs(slow.dw - want)).toBeLessThanOrEqual(1e-12 + 1e-10 * Math.abs(want));
          expect(Math.abs(fast.dw - want)).toBeLessThanOrEqual(1e-12 + 1e-10 * Math.abs(want));
          // A synapse the rule shows quiet is one the full replay leaves exactly where it was.
          if (fast.stats.replayed === 0) {
            skipped++;
            expect(slow.dw).toBe(0);
          }
        },
      ),
      { numRuns: runs(300) },
    );
    expect(skipped).toBeGreaterThan(0);
  });

  it('a slow kernel (memory of many cycles): the periodic start is the steady state of the cycle repeated, skipping still exact', () => {
    const ticks = sawtoothTicks(cycleSpec);
    const { snap, kept } = keptFromFree(ticks);
    // B T = 1: the memory fades by e^-1 per cycle; 80 cycles reach the steady state.
    const slow = temporalContrastive(chemotaxisKernel({ B: 0.5, area: 0 }));
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: kept, maxLength: kept }), fc.double({ min: 0, max: 0.2, noNaN: true }), (values, theta) => {
        const p: TclParams = { lr: 1, wMin: -Infinity, wMax: Infinity, theta, linear: false };
        const want = stepped(ticks, Array.from(snap, (k) => values[k]), p, 80, slow);
        const got = replayOne(slow, ticks, snap, kept, 'periodic', p, Float64Array.from(values));
        expect(Math.abs(got.dw - want)).toBeLessThanOrEqual(1e-12 + 1e-9 * Math.abs(want));
        if (got.stats.replayed === 0) expect(replayOne(plain(slow), ticks, snap, kept, 'periodic', p, Float64Array.from(values)).dw).toBe(0);
      }),
      { numRuns: runs(60) },
    );
  });

  it('a periodic start needs a rule whose memory is linear, and one that fades', () => {
    const ticks = twoPhaseTicks(4);
    const r = new RuleReplay(classicTwoPhase, ticks, Int32Array.of(0, 1, 1), 2, 'periodic');
    expect(() => r.use({ lr: 1, wMin: -Infinity, wMax: Infinity })).toThrow('start: expected "rest" for rule classic (a periodic start needs a rule whose memory is linear in its signal)');
  });

  it('classic on the two-phase ticks: w -= lr (s_nudged - s_free), linear shortcut or stepped', () => {
    const ticks = twoPhaseTicks(4);
    const snap = Int32Array.of(0, 1, 1);
    fc.assert(
      fc.property(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), (sf, sn, lr) => {
        const p = { lr, wMin: -Infinity, wMax: Infinity };
        const sig = Float64Array.of(sf, sn);
        const want = -lr * (sn - sf);
        for (const rule of [classicTwoPhase, plain(classicTwoPhase)]) {
          expect(Math.abs(replayOne(rule, ticks, snap, 2, 'rest', p, sig, 0.3).dw - want)).toBeLessThanOrEqual(1e-15 + 1e-12 * Math.abs(want));
        }
      }),
      { numRuns: runs(100) },
    );
  });

  it('linear g on a closed cycle in its periodic state moves a weight by much less than the thresholded rule', () => {
    const ticks = sawtoothTicks(cycleSpec);
    const { snap, kept } = keptFromFree(ticks);
    // A signal proportional to the nudge, as a synapse's s_beta - s_free to first order.
    const sig = Float64Array.from({ length: kept }, (_, k) => (k === 0 ? 0 : ticks[snap.indexOf(k)].beta));
    const base = { lr: 1, wMin: -Infinity, wMax: Infinity };
    const lin = replayOne(tcl, ticks, snap, kept, 'periodic', { ...base, theta: 0, linear: true }, sig).dw;
    const thr = replayOne(tcl, ticks, snap, kept, 'periodic', { ...base, theta: 1, linear: false }, sig).dw;
    expect(-thr).toBeGreaterThan(0.5);
    expect(Math.abs(lin)).toBeLessThan(0.02 * -thr);
  });
});
