import fc from 'fast-check';
import { Observable } from 'rxjs';
import { RandomSource } from '../../src/scheduler/random';
import { VirtualScheduler } from '../../src/scheduler/virtual-scheduler';
import { ClampSignal, Protocol } from '../../src/streams/clamp-signal';
import { clampClock } from '../../src/streams/clock';
import {
  PhaseLength,
  constant,
  phaseLengthSampler,
  reversedSawtooth,
  sawtooth,
  sawtoothAt,
  stochasticPhases,
  triangle,
  twoPhase,
} from '../../src/streams/protocols';
import { expectSpecError } from '../support/spec-error';
import { runs } from '../support/property-runs';

interface Seen extends ClampSignal {
  /** Simulated time at which the emission arrived. */
  at: number;
}

function subscribeOn(source: Observable<ClampSignal>, scheduler: VirtualScheduler): Seen[] {
  const out: Seen[] = [];
  source.subscribe((sig) => out.push({ ...sig, at: scheduler.now() }));
  return out;
}

/** Runs a protocol's signal on a fresh scheduler until `until` (or until `count` emissions). */
function run(protocol: Protocol, until: number, seed: number | string = 1, count?: number): Seen[] {
  const scheduler = new VirtualScheduler();
  const out = subscribeOn(protocol.signal({ scheduler, rng: new RandomSource(seed).stream('clock') }), scheduler);
  if (count === undefined) scheduler.runUntil(until);
  else scheduler.runWhileNot(() => out.length >= count, until);
  return out;
}

/** Independent closed form of a continuous sawtooth of amplitude A, period T, rise fraction r. */
function sawClosed(A: number, T: number, r: number, t: number): number {
  const x = (t % T) / T;
  return x < r ? (A * x) / r : A * (1 - (x - r) / (1 - r));
}


describe('twoPhase', () => {
  it('alternates free (beta 0) for `free` and clamped (beta) for `clamped`, starting free', () => {
    const out = run(twoPhase({ free: 3, clamped: 2, beta: 0.5 }), 24.5);
    const expected: Array<Partial<Seen>> = [];
    let t = 0;
    for (let k = 0; t <= 24.5; k++) {
      const clamped = k % 2 === 1;
      expected.push({ at: t, t, beta: clamped ? 0.5 : 0, phase: clamped ? 'clamped' : 'free', z: clamped ? 1 : 0, index: k });
      t += clamped ? 2 : 3;
    }
    expect(out).toEqual(expected);
    expect(out.map((s) => s.at)).toEqual([0, 3, 5, 8, 10, 13, 15, 18, 20, 23]);
  });

  it('startClamped begins with the clamped phase', () => {
    const out = run(twoPhase({ free: 3, clamped: 2, beta: 1.25, startClamped: true }), 12.5);
    expect(out.map((s) => [s.at, s.beta, s.phase, s.z, s.index])).toEqual([
      [0, 1.25, 'clamped', 1, 0],
      [2, 0, 'free', 0, 1],
      [5, 1.25, 'clamped', 1, 2],
      [7, 0, 'free', 0, 3],
      [10, 1.25, 'clamped', 1, 4],
      [12, 0, 'free', 0, 5],
    ]);
  });

  it('reports its period and kind', () => {
    const p = twoPhase({ free: 3, clamped: 2, beta: 0.5 });
    expect(p.kind).toBe('twoPhase');
    expect(p.period).toBe(5);
  });

  it('phase k starts at the sum of the earlier phase lengths, for any lengths', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.boolean(),
        (free, clamped, beta, startClamped) => {
          const horizon = 20 * (free + clamped);
          const out = run(twoPhase({ free, clamped, beta, startClamped }), horizon);
          let t = 0;
          out.forEach((s, k) => {
            const isClamped = (k % 2 === 1) !== startClamped;
            expect(Math.abs(s.at - t)).toBeLessThanOrEqual(1e-9 * horizon);
            expect(s.t).toBe(s.at);
            expect(s.beta).toBe(isClamped ? beta : 0);
            expect(s.phase).toBe(isClamped ? 'clamped' : 'free');
            t += isClamped ? clamped : free;
          });
          // 20 full periods = 40 phases, plus possibly the one starting exactly at the horizon.
          expect(out.length === 40 || out.length === 41).toBe(true);
        },
      ),
      { numRuns: runs(100) },
    );
  });
});

describe('sawtooth (continuous)', () => {
  it('samples equal the closed form at the emission times k * period / 200', () => {
    const A = 2;
    const T = 10;
    const r = 0.1;
    const out = run(sawtooth({ period: T, rise: r, amplitude: A }), 3 * T);
    expect(out.length).toBe(601);
    out.forEach((s, k) => {
      expect(s.at).toBe(k * (T / 200)); // the k-th sample at exactly k * sampleDt
      expect(s.t).toBe(s.at);
      expect(Math.abs(s.beta - sawClosed(A, T, r, s.at))).toBeLessThanOrEqual(1e-9);
    });
    // Spot values: the peak at rise * T, half way down the fall, the trough at T.
    const at = (t: number) => out.find((s) => Math.abs(s.at - t) < 1e-12)!;
    expect(at(1).beta).toBeCloseTo(2, 12);
    expect(at(5.5).beta).toBeCloseTo(1, 12);
    expect(at(0.5).beta).toBeCloseTo(1, 12);
    expect(at(10).beta).toBeCloseTo(0, 12);
  });

  it('labels rise (z = 1) and fall (z = 0) and counts cycles, for any shape', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.integer({ min: 5, max: 80 }),
        (T, r, A, m) => {
          const dt = T / m;
          const out = run(sawtooth({ period: T, rise: r, amplitude: A, sampleDt: dt }), 3 * T - dt / 2);
          expect(out.length).toBe(3 * m);
          out.forEach((s, k) => {
            expect(Math.abs(s.at - k * dt)).toBeLessThanOrEqual(1e-12 * T * 3);
            expect(Math.abs(s.beta - sawClosed(A, T, r, s.t))).toBeLessThanOrEqual(1e-9 * Math.max(1, A));
            const x = (s.t % T) / T;
            if (Math.abs(x - r) > 1e-9 && x > 1e-9 && x < 1 - 1e-9) {
              expect(s.phase).toBe(x < r ? 'rise' : 'fall');
              expect(s.z).toBe(x < r ? 1 : 0);
              expect(s.index).toBe(Math.floor(s.t / T));
            }
          });
        },
      ),
      { numRuns: runs(60) },
    );
  });

  it('sawtoothAt matches the independent closed form', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (T, r, A, t) => {
          const v = sawtoothAt({ period: T, rise: r, amplitude: A }, t);
          expect(Math.abs(v.beta - sawClosed(A, T, r, t))).toBeLessThanOrEqual(1e-7 * Math.max(1, A));
          expect(v.beta).toBeGreaterThanOrEqual(0);
          expect(v.beta).toBeLessThanOrEqual(A * (1 + 1e-12));
        },
      ),
    );
  });
});

describe('sawtooth (quantised, `levels`)', () => {
  /** Independent expectation: L rise levels A/L..A, then L fall levels (L-1)A/L..0, per cycle. */
  function expectedSteps(T: number, r: number, A: number, L: number, cycles: number) {
    const riseStep = (r * T) / L;
    const fallStep = ((1 - r) * T) / L;
    const steps: Array<{ t: number; beta: number; phase: string; z: number; index: number }> = [];
    for (let c = 0; c < cycles; c++) {
      for (let i = 1; i <= L; i++) steps.push({ t: c * T + (i - 1) * riseStep, beta: (A * i) / L, phase: 'rise', z: 1, index: c });
      for (let i = L - 1; i >= 0; i--) {
        steps.push({ t: c * T + r * T + (L - 1 - i) * fallStep, beta: (A * i) / L, phase: 'fall', z: 0, index: c });
      }
    }
    return steps;
  }

  function compare(out: Seen[], exp: ReturnType<typeof expectedSteps>, scale: number) {
    expect(out.length).toBe(exp.length);
    out.forEach((s, k) => {
      expect(Math.abs(s.at - exp[k].t)).toBeLessThanOrEqual(1e-9 * scale);
      expect(s.t).toBe(s.at);
      expect(s.beta).toBeCloseTo(exp[k].beta, 12);
      expect([s.phase, s.z, s.index]).toEqual([exp[k].phase, exp[k].z, exp[k].index]);
    });
  }

  it('the [TCL] MNIST shape: 9 levels up in 10% of the period, 9 down in 90%', () => {
    const T = 10;
    const out = run(sawtooth({ period: T, rise: 0.1, amplitude: 2, levels: 9 }), 3 * T - 0.01);
    compare(out, expectedSteps(T, 0.1, 2, 9, 3), T);
    const cycle0 = out.filter((s) => s.index === 0);
    const riseLevels = new Set(cycle0.filter((s) => s.phase === 'rise').map((s) => Math.round((s.beta * 9) / 2)));
    const fallLevels = new Set(cycle0.filter((s) => s.phase === 'fall').map((s) => Math.round((s.beta * 9) / 2)));
    expect([...riseLevels].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...fallLevels].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // It reaches the amplitude and ends free.
    expect(Math.max(...cycle0.map((s) => s.beta))).toBeCloseTo(2, 12);
    expect(cycle0[cycle0.length - 1].beta).toBe(0);
  });

  it('emits exactly at step boundaries for any period, rise, amplitude and L', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        (T, r, A, L) => {
          const minStep = (Math.min(r, 1 - r) * T) / L;
          const out = run(sawtooth({ period: T, rise: r, amplitude: A, levels: L }), 3 * T - minStep / 2);
          compare(out, expectedSteps(T, r, A, L, 3), 3 * T);
        },
      ),
      { numRuns: runs(100) },
    );
  });

  it('a lead puts a free segment of that length before each rise: cycles of lead + period, levels shifted by it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (T, r, L, leadFrac) => {
          const lead = leadFrac * T;
          const cycle = lead + T;
          const minStep = Math.min(lead, (Math.min(r, 1 - r) * T) / L);
          const out = run(sawtooth({ period: T, rise: r, amplitude: 1, levels: L, lead }), 3 * cycle - minStep / 2);
          // The independent expectation: per cycle, the free lead, then the sawtooth's 2L steps moved by it.
          const exp: ReturnType<typeof expectedSteps> = [];
          for (let c = 0; c < 3; c++) {
            exp.push({ t: c * cycle, beta: 0, phase: 'free', z: 0, index: c });
            for (const s of expectedSteps(T, r, 1, L, 1)) exp.push({ ...s, t: c * cycle + lead + s.t, index: c });
          }
          compare(out, exp, 3 * cycle);
          // The closed form agrees in the middle of every segment.
          out.forEach((s, k) => {
            const next = k + 1 < out.length ? out[k + 1].at : 3 * cycle;
            const mid = sawtoothAt({ period: T, rise: r, amplitude: 1, levels: L, lead }, (s.at + next) / 2);
            expect(mid.beta).toBeCloseTo(s.beta, 12);
            expect([mid.phase, mid.index]).toEqual([s.phase, s.index]);
          });
        },
      ),
      { numRuns: runs(60) },
    );
  });

  it('each emitted level equals sawtoothAt in the middle of its step', () => {
    const p = { period: 7, rise: 0.3, amplitude: 1.5, levels: 4 };
    const out = run(sawtooth(p), 2 * p.period - 0.01);
    out.forEach((s, k) => {
      const next = k + 1 < out.length ? out[k + 1].at : 2 * p.period;
      const mid = sawtoothAt(p, (s.at + next) / 2);
      expect(mid.beta).toBeCloseTo(s.beta, 12);
      expect(mid.phase).toBe(s.phase);
    });
  });

  it('levels = 1 is a square wave: amplitude for rise * T, then 0', () => {
    const out = run(sawtooth({ period: 4, rise: 0.25, amplitude: 3, levels: 1 }), 11.9);
    expect(out.map((s) => [s.at, s.beta])).toEqual([
      [0, 3],
      [1, 0],
      [4, 3],
      [5, 0],
      [8, 3],
      [9, 0],
    ]);
  });
});

describe('reversedSawtooth and triangle', () => {
  it('reversedSawtooth(rise r) is the sawtooth with rise 1 - r (continuous and quantised)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
        (T, r, levels) => {
          const p = { period: T, rise: r, amplitude: 1, levels, sampleDt: T / 40 };
          const rev = run(reversedSawtooth(p), 2 * T);
          const fwd = run(sawtooth({ ...p, rise: 1 - r }), 2 * T);
          expect(rev).toEqual(fwd);
          if (levels === undefined) {
            for (const s of rev) expect(Math.abs(s.beta - sawClosed(1, T, 1 - r, s.t))).toBeLessThanOrEqual(1e-9);
          }
        },
      ),
      { numRuns: runs(50) },
    );
    const rp = reversedSawtooth({ period: 10, rise: 0.1, amplitude: 1 });
    expect(rp.kind).toBe('reversedSawtooth');
    expect(rp.params.rise).toBe(0.1);
    expect(rp.period).toBe(10);
  });

  it('the reversed [TCL] sawtooth rises slowly and falls fast', () => {
    const out = run(reversedSawtooth({ period: 10, rise: 0.1, amplitude: 1, levels: 9 }), 9.99);
    const rise = out.filter((s) => s.phase === 'rise');
    const fall = out.filter((s) => s.phase === 'fall');
    expect(fall[0].at).toBeCloseTo(9, 9); // rises over 90% of the period
    expect(rise[1].at - rise[0].at).toBeCloseTo(1, 9);
    expect(fall[1].at - fall[0].at).toBeCloseTo(1 / 9, 9);
  });

  it('triangle is the closed form with rise 1/2, and symmetric in time', () => {
    const T = 8;
    const A = 3;
    const out = run(triangle({ period: T, amplitude: A, sampleDt: T / 64 }), T);
    expect(out.length).toBe(65);
    out.forEach((s, k) => {
      expect(Math.abs(s.beta - sawClosed(A, T, 0.5, s.t))).toBeLessThanOrEqual(1e-12);
      expect(s.beta).toBeCloseTo(out[64 - k].beta, 12); // beta(t) = beta(T - t)
    });
    expect(out[32].beta).toBeCloseTo(A, 12);
    expect(triangle({ period: T, amplitude: A }).kind).toBe('triangle');
  });
});

describe('stochasticPhases', () => {
  const PHASES = 20_000;

  it('phase types are Bernoulli(b), independent from phase to phase', () => {
    const b = 0.3;
    const out = run(stochasticPhases({ b, beta: 0.8, length: { fixed: 1 } }), PHASES - 0.5, 'bern');
    expect(out.length).toBe(PHASES);
    const wrong = out.filter(
      (s, k) => s.at !== k || s.index !== k || s.beta !== (s.z === 1 ? 0.8 : 0) || s.phase !== (s.z === 1 ? 'clamped' : 'free'),
    );
    expect(wrong).toEqual([]);
    const clamped = out.filter((s) => s.z === 1).length / PHASES;
    expect(Math.abs(clamped - b)).toBeLessThanOrEqual(5 * Math.sqrt((b * (1 - b)) / PHASES));
    // No alternation: consecutive phases share a type with probability b^2 + (1-b)^2.
    let same = 0;
    for (let k = 1; k < PHASES; k++) if (out[k].z === out[k - 1].z) same++;
    const q = b * b + (1 - b) * (1 - b);
    expect(Math.abs(same / (PHASES - 1) - q)).toBeLessThanOrEqual(5 * Math.sqrt((q * (1 - q)) / (PHASES - 1)));
  });

  it.each([0, 1])('b = %p gives only one phase type', (b) => {
    const out = run(stochasticPhases({ b, beta: 1, length: { fixed: 2 } }), 100);
    expect(out.length).toBe(51);
    expect(out.every((s) => s.z === b)).toBe(true);
  });

  /** Lengths of PHASES consecutive phases (differences of emission times). */
  function lengths(length: PhaseLength, seed: string): number[] {
    const out = run(stochasticPhases({ b: 0.5, beta: 1, length }), Infinity, seed, PHASES + 1);
    expect(out.length).toBe(PHASES + 1);
    return out.slice(1).map((s, k) => s.at - out[k].at);
  }

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('{fixed: T} phases all last T', () => {
    const ls = lengths({ fixed: 2.5 }, 'fixed');
    expect(ls.every((l) => l === 2.5)).toBe(true);
  });

  it('{geometric: m} phases have mean length m, in whole steps', () => {
    const m = 5;
    const ls = lengths({ geometric: m }, 'geo');
    expect(ls.every((l) => Math.abs(l - Math.round(l)) < 1e-6 && l >= 1 - 1e-6)).toBe(true);
    // A geometric count of steps with q = 1/m: sd sqrt(1 - q) / q.
    const q = 1 / m;
    expect(Math.abs(mean(ls) - m)).toBeLessThanOrEqual((5 * Math.sqrt(1 - q)) / q / Math.sqrt(PHASES));
  });

  it('{geometric: m, step: s} phases are multiples of s with mean m', () => {
    const m = 3;
    const step = 0.25;
    const ls = lengths({ geometric: m, step }, 'geo-step');
    expect(ls.every((l) => Math.abs(l / step - Math.round(l / step)) < 1e-6 && l >= step - 1e-9)).toBe(true);
    const q = step / m;
    expect(Math.abs(mean(ls) - m)).toBeLessThanOrEqual((5 * step * Math.sqrt(1 - q)) / q / Math.sqrt(PHASES));
  });

  // Found by the spec fuzz test (an RBM protocol of length {geometric: 1e300}): the sampler's
  // log(1 - 1/mean) is 0 there and lengths came out -Infinity in the middle of a run.
  it('{geometric: m} with a mean past 1e15 steps is refused when read', () => {
    expectSpecError(() => phaseLengthSampler('len', { geometric: 1e300 }), 'len.geometric');
    expectSpecError(() => phaseLengthSampler('len', { geometric: 1e17, step: 10 }), 'len.geometric');
    expect(Number.isFinite(phaseLengthSampler('len', { geometric: 1e15 })(new RandomSource(1).stream('x')))).toBe(true);
  });

  it('{uniform: [a, b]} phases lie in [a, b] with mean (a + b)/2', () => {
    const [a, b] = [2, 6];
    const ls = lengths({ uniform: [a, b] }, 'unif');
    expect(ls.every((l) => l >= a - 1e-9 && l <= b + 1e-9)).toBe(true);
    expect(Math.abs(mean(ls) - (a + b) / 2)).toBeLessThanOrEqual((5 * (b - a)) / Math.sqrt(12) / Math.sqrt(PHASES));
  });

  it('a sampler function sets the lengths; a non-positive length is a SpecError when drawn', () => {
    const seq = [1, 2, 3];
    let i = 0;
    const out = run(stochasticPhases({ b: 0.5, beta: 1, length: () => seq[i++ % 3] }), 12.5);
    expect(out.map((s) => s.at)).toEqual([0, 1, 3, 6, 7, 9, 12]);

    const s = new VirtualScheduler();
    const bad = stochasticPhases({ b: 0.5, beta: 1, length: () => 0 });
    bad.signal({ scheduler: s, rng: new RandomSource(1).stream('clock') }).subscribe({ error: () => undefined });
    expectSpecError(() => s.runUntil(10), 'stochasticPhases.length');
  });

  it('is deterministic in the seed, and different seeds give different phase sequences', () => {
    const p = stochasticPhases({ b: 0.5, beta: 1, length: { geometric: 4 } });
    const a = run(p, 500, 'x');
    expect(run(p, 500, 'x')).toEqual(a);
    expect(run(p, 500, 'y').map((s) => [s.at, s.z])).not.toEqual(a.map((s) => [s.at, s.z]));
  });
});

describe('constant', () => {
  it.each([
    [0.7, 1],
    [0, 0],
  ])('beta %p: one emission at time 0 with z %p, then nothing', (beta, z) => {
    const scheduler = new VirtualScheduler();
    const out = subscribeOn(constant({ beta }).signal({ scheduler, rng: new RandomSource(1).stream('clock') }), scheduler);
    scheduler.runUntil(1e6);
    expect(out).toEqual([{ at: 0, t: 0, beta, phase: 'constant', z, index: 0 }]);
    expect(scheduler.pending).toBe(0);
  });
});

describe('bad protocol parameters throw a SpecError naming the field', () => {
  const saw = { period: 10, rise: 0.1, amplitude: 1 };
  const cases: Array<[string, () => unknown]> = [
    ['twoPhase.free', () => twoPhase({ free: 0, clamped: 1, beta: 1 })],
    ['twoPhase.free', () => twoPhase({ free: NaN, clamped: 1, beta: 1 })],
    ['twoPhase.clamped', () => twoPhase({ free: 1, clamped: -1, beta: 1 })],
    ['twoPhase.clamped', () => twoPhase({ free: 1, clamped: Infinity, beta: 1 })],
    ['twoPhase.beta', () => twoPhase({ free: 1, clamped: 1, beta: -0.1 })],
    ['twoPhase.free', () => twoPhase({ free: '1' as unknown as number, clamped: 1, beta: 1 })],
    ['stochasticPhases.b', () => stochasticPhases({ b: 1.5, beta: 1, length: { fixed: 1 } })],
    ['stochasticPhases.b', () => stochasticPhases({ b: -0.1, beta: 1, length: { fixed: 1 } })],
    ['stochasticPhases.b', () => stochasticPhases({ b: NaN, beta: 1, length: { fixed: 1 } })],
    ['stochasticPhases.beta', () => stochasticPhases({ b: 0.5, beta: -1, length: { fixed: 1 } })],
    ['stochasticPhases.length.fixed', () => stochasticPhases({ b: 0.5, beta: 1, length: { fixed: 0 } })],
    ['stochasticPhases.length.geometric', () => stochasticPhases({ b: 0.5, beta: 1, length: { geometric: -2 } })],
    ['stochasticPhases.length.geometric', () => stochasticPhases({ b: 0.5, beta: 1, length: { geometric: 0.5 } })],
    ['stochasticPhases.length.step', () => stochasticPhases({ b: 0.5, beta: 1, length: { geometric: 5, step: 0 } })],
    ['stochasticPhases.length.uniform[0]', () => stochasticPhases({ b: 0.5, beta: 1, length: { uniform: [0, 1] } })],
    ['stochasticPhases.length.uniform[1]', () => stochasticPhases({ b: 0.5, beta: 1, length: { uniform: [1, NaN] } })],
    ['stochasticPhases.length.uniform', () => stochasticPhases({ b: 0.5, beta: 1, length: { uniform: [3, 2] } })],
    ['stochasticPhases.length', () => stochasticPhases({ b: 0.5, beta: 1, length: {} as PhaseLength })],
    ['stochasticPhases.length', () => stochasticPhases({ b: 0.5, beta: 1, length: null as unknown as PhaseLength })],
    ['stochasticPhases.length', () => stochasticPhases({ b: 0.5, beta: 1, length: 5 as unknown as PhaseLength })],
    [
      'stochasticPhases.length.uniform',
      () => stochasticPhases({ b: 0.5, beta: 1, length: { uniform: 4 } as unknown as PhaseLength }),
    ],
    ['sawtooth.period', () => sawtooth({ ...saw, period: 0 })],
    ['sawtooth.rise', () => sawtooth({ ...saw, rise: 0 })],
    ['sawtooth.rise', () => sawtooth({ ...saw, rise: 1 })],
    ['sawtooth.rise', () => sawtooth({ ...saw, rise: 1.2 })],
    ['sawtooth.lead', () => sawtooth({ ...saw, lead: -1 })],
    ['sawtooth.lead', () => sawtooth({ ...saw, lead: NaN })],
    ['sawtooth.rise', () => sawtooth({ ...saw, rise: NaN })],
    ['sawtooth.amplitude', () => sawtooth({ ...saw, amplitude: -1 })],
    ['sawtooth.levels', () => sawtooth({ ...saw, levels: 0 })],
    ['sawtooth.levels', () => sawtooth({ ...saw, levels: 2.5 })],
    ['sawtooth.sampleDt', () => sawtooth({ ...saw, sampleDt: 0 })],
    ['reversedSawtooth.rise', () => reversedSawtooth({ ...saw, rise: 0 })],
    ['reversedSawtooth.period', () => reversedSawtooth({ ...saw, period: -1 })],
    ['triangle.period', () => triangle({ period: 0, amplitude: 1 })],
    ['triangle.levels', () => triangle({ period: 1, amplitude: 1, levels: -1 })],
    ['constant.beta', () => constant({ beta: -1 })],
    ['constant.beta', () => constant({ beta: Infinity })],
  ];
  it.each(cases)('%s', (field, f) => expectSpecError(f, field));
});

describe('clampClock', () => {
  const protocol = stochasticPhases({ b: 0.5, beta: 1, length: { geometric: 3 } });
  const ctx = (scheduler: VirtualScheduler) => ({ scheduler, rng: new RandomSource(11).stream('clock') });

  it('every subscriber sees the identical stochastic sequence, drawn once', () => {
    const s = new VirtualScheduler();
    const clock = clampClock(protocol, ctx(s));
    const a = subscribeOn(clock, s);
    const b = subscribeOn(clock, s);
    s.runUntil(300);
    expect(a.length).toBeGreaterThan(50);
    expect(b).toEqual(a);
    // The same sequence a lone subscriber of the bare protocol gets from the same seed.
    const ref = new VirtualScheduler();
    const lone = subscribeOn(protocol.signal(ctx(ref)), ref);
    ref.runUntil(300);
    expect(a).toEqual(lone);
  });

  it('without the clock, two subscribers would draw different phases (the test has teeth)', () => {
    const s = new VirtualScheduler();
    const bare = protocol.signal(ctx(s));
    const a = subscribeOn(bare, s);
    const b = subscribeOn(bare, s);
    s.runUntil(300);
    expect(b.map((x) => [x.at, x.z])).not.toEqual(a.map((x) => [x.at, x.z]));
  });

  it('a late subscriber first receives the current value, then the same sequence', () => {
    const s = new VirtualScheduler();
    const clock = clampClock(protocol, ctx(s));
    const early = subscribeOn(clock, s);
    s.runUntil(100.5);
    const current = early[early.length - 1];
    expect(current.at).toBeLessThanOrEqual(100.5);
    const late = subscribeOn(clock, s);
    // Synchronously on subscription, before any further event.
    expect(late).toEqual([{ ...current, at: 100.5 }]);
    const seenBefore = early.length;
    s.runUntil(300);
    expect(late.slice(1)).toEqual(early.slice(seenBefore));
    expect(early.length).toBeGreaterThan(seenBefore);
  });
});
