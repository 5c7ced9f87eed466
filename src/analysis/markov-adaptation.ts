import { SpecError } from '../errors';
import { MemoryKernel } from '../synapses/kernels/memory-kernel';
import { finite, inRange, integer, isRecord, knownKeys, optional, positive } from '../validate';
import { Matrix, expm, get, matvec, solve, zeros } from './dense-matrix';
import { windowedFilter, windowedStateSize } from './windowed-filter';

/**
 * The Markov adaptation model of [TCL] (docs/science.md#markov-kernels), after the
 * energy-speed-accuracy model of Lan et al. 2012: 2 activity rows x methylation m = 0..4.
 *
 * State index = row * 5 + m; row 0 is the active row (its occupancy is the read-out), row 1
 * the inactive one. Rates (authors' conventions):
 *   active row:   m -> m-1 at 1,        m -> m+1 at e*gamma
 *   inactive row: m -> m+1 at 1,        m -> m-1 at e*gamma
 *   rung m:       active -> inactive at RF e^{max(dE,0)}, inactive -> active at RF e^{max(-dE,0)},
 *                 dE(s, m) = 2(1 - m) + ln[(1 + s/18.2)/(1 + s/3000)]
 * Around every plaquette the product of rates one way over the other is gamma^2, so gamma = 1
 * is detailed balance and gamma < 1 drives a cycle current (dissipation) that makes adaptation
 * more exact.
 */
export interface MarkovParams {
  /** Methylation reverse-rate factor; 1 = detailed balance. */
  gamma: number;
  /** Rate factor RF of the activity switches (paper range 1..99). */
  RF: number;
  /** Size of the step in s whose response defines the kernel (authors: 200 by default). */
  step: number;
  /** s before that step. */
  base: number;
  /** Markov time units per unit of synapse time (authors: 5, so their 5-unit response fills the kernel's [0, 1)). */
  timeScale: number;
  /**
   * Support of the kernel in synapse time: 'infinite' (the whole step response; ours) or a
   * length W, K = 0 beyond it (the authors': W = 1, i.e. 5 Markov units; see authorsMarkovConvention).
   * Area and first moment are then taken over [0, W). Infinity in code means 'infinite'.
   */
  window: number | 'infinite';
  /**
   * How the first moment m1 fixes the scale: 'signed' (kappa = T^2 / m1, first moment -1 for
   * every kernel; ours) or 'absolute' (kappa = T^2 / |m1|, the authors'; a kernel whose
   * response does not adapt, m1 < 0 as at gamma = 1, then keeps its sign: first moment +1).
   */
  normalisation: MarkovNormalisation;
  /** Most steps a finite window holds (its ring buffer, 2 numbers each, in every synapse's state). */
  windowSteps: number;
}

/**
 * How a Markov kernel is scaled: to first moment -1 ('signed') or by the first moment's size
 * ('absolute', the authors').
 */
export type MarkovNormalisation = 'signed' | 'absolute';
export const normalisations: readonly MarkovNormalisation[] = ['signed', 'absolute'];

/**
 * Default Markov kernel parameters: gamma 0.01; RF 25, step 200 and 5 Markov units per synapse
 * unit as in the authors' code; infinite window with signed normalisation (ours; see
 * authorsMarkovConvention).
 */
export const defaultMarkov: MarkovParams = { gamma: 1e-2, RF: 25, step: 200, base: 0, timeScale: 5, window: 'infinite', normalisation: 'signed', windowSteps: 2000 };

/** The authors' conventions for their Markov kernels (docs/science.md#the-authors-conventions). */
export const authorsMarkovConvention = { window: 1, normalisation: 'absolute' } as const satisfies Partial<MarkovParams>;

/** The window as a length (Infinity for 'infinite'). */
export const windowLength = (p: Pick<MarkovParams, 'window'>): number => (p.window === 'infinite' ? Infinity : p.window);

/** 'window infinite, signed' or 'window 1, absolute': how figures name the convention. */
export const conventionLabel = (p: Pick<MarkovParams, 'window' | 'normalisation'>): string =>
  `window ${Number.isFinite(windowLength(p)) ? p.window : 'infinite'}, ${p.normalisation} normalisation`;

export const LEVELS = 5;
export const STATES = 2 * LEVELS;
export const ACTIVE = (m: number): number => m;
export const INACTIVE = (m: number): number => LEVELS + m;

/**
 * The energy difference dE(s, m) in kT that sets the activity switching rates at signal s and
 * methylation level m ([TCL] after [LAN]; docs/science.md#markov-kernels).
 */
export function deltaE(s: number, m: number): number {
  return 2 * (1 - m) + Math.log((1 + s / 18.2) / (1 + s / 3000));
}

/**
 * The box the kernel is computed in: outside it the generator's rates span more than double
 * precision holds (RF 1e-300 made the stationary solve singular, gamma 1e300 or a base of 9e15
 * a stack trace or a solve that never ended), and it holds the paper's ranges with room
 * (gamma 1e-8..1, RF 1..99, steps of a few hundred).
 */
export const MARKOV_LIMITS = { gamma: [1e-12, 1e3], RF: [1e-3, 1e3], signal: 1e4, timeScale: [1e-3, 1e3] } as const;

export function checkMarkovParams(p: MarkovParams, field = 'markov'): MarkovParams {
  inRange(`${field}.gamma`, p.gamma, ...MARKOV_LIMITS.gamma);
  inRange(`${field}.RF`, p.RF, ...MARKOV_LIMITS.RF);
  inRange(`${field}.step`, p.step, -MARKOV_LIMITS.signal, MARKOV_LIMITS.signal);
  if (p.step === 0) throw new SpecError(`${field}.step`, 'a non-zero step in s (it defines the kernel)', p.step);
  inRange(`${field}.base`, p.base, -MARKOV_LIMITS.signal, MARKOV_LIMITS.signal);
  for (const [name, s] of [
    ['base', p.base],
    ['base + step', p.base + p.step],
  ] as const) {
    if (!(s > -18.2)) throw new SpecError(`${field}.${name}`, 'a signal > -18.2 (the log-sensing term needs 1 + s/18.2 > 0)', s);
  }
  inRange(`${field}.timeScale`, p.timeScale, ...MARKOV_LIMITS.timeScale);
  if (p.window !== 'infinite' && p.window !== Infinity) positive(`${field}.window`, p.window);
  if (!normalisations.includes(p.normalisation)) throw new SpecError(`${field}.normalisation`, `one of ${normalisations.join(', ')}`, p.normalisation);
  integer(`${field}.windowSteps`, p.windowSteps, 1);
  return p;
}

/** Reads {gamma, RF, step, base, timeScale, window, normalisation, windowSteps} over the defaults (spec files, CLI). */
export function readMarkovParams(v: unknown, field: string, base: MarkovParams = defaultMarkov): MarkovParams {
  if (v === undefined) return checkMarkovParams({ ...base }, field);
  if (!isRecord(v)) throw new SpecError(field, `an object {${Object.keys(defaultMarkov).join(', ')}}`, v);
  knownKeys(field, v, Object.keys(defaultMarkov));
  const p = { ...base };
  for (const [k, x] of Object.entries(v)) if (x !== undefined) (p as Record<string, unknown>)[k] = x;
  for (const k of ['gamma', 'RF', 'step', 'base', 'timeScale'] as const) p[k] = optional(v[k], base[k], (x) => finite(`${field}.${k}`, x));
  if (v.window !== undefined && v.window !== 'infinite' && v.window !== Infinity) p.window = finite(`${field}.window`, v.window);
  return checkMarkovParams(p, field);
}

/** Generator G with G[i][j] = rate j -> i and columns summing to zero (dp/dt = G p). */
export function generator(p: Pick<MarkovParams, 'gamma' | 'RF'>, s: number): Matrix {
  const G = zeros(STATES);
  const n = STATES;
  const up = Math.E * p.gamma;
  const rate = (from: number, to: number, r: number) => {
    G.a[to * n + from] += r;
    G.a[from * n + from] -= r;
  };
  for (let m = 0; m < LEVELS; m++) {
    if (m > 0) {
      rate(ACTIVE(m), ACTIVE(m - 1), 1);
      rate(INACTIVE(m), INACTIVE(m - 1), up);
    }
    if (m < LEVELS - 1) {
      rate(ACTIVE(m), ACTIVE(m + 1), up);
      rate(INACTIVE(m), INACTIVE(m + 1), 1);
    }
    const dE = deltaE(s, m);
    rate(ACTIVE(m), INACTIVE(m), p.RF * Math.exp(Math.max(dE, 0)));
    rate(INACTIVE(m), ACTIVE(m), p.RF * Math.exp(Math.max(-dE, 0)));
  }
  return G;
}

/** Solves G z = rhs with one equation replaced by sum(z) = total (G is singular, rank n-1). */
function solveWithSum(G: Matrix, rhs: ArrayLike<number>, total: number): Float64Array {
  const n = G.n;
  const a = zeros(n);
  a.a.set(G.a);
  const b = Float64Array.from(rhs);
  for (let j = 0; j < n; j++) a.a[(n - 1) * n + j] = 1;
  b[n - 1] = total;
  return solve(a, b);
}

/** The stationary distribution: G p = 0, sum p = 1. */
export function stationary(G: Matrix): Float64Array {
  return solveWithSum(G, new Float64Array(G.n), 1);
}

/**
 * Steady-state entropy production rate (kT per Markov time unit):
 * sum over pairs i < j of (J_ij - J_ji) ln(J_ij / J_ji), J_ij = G[i][j] p_j the flux j -> i.
 */
export function dissipation(G: Matrix, p: ArrayLike<number> = stationary(G)): number {
  let d = 0;
  for (let i = 0; i < G.n; i++) {
    for (let j = 0; j < i; j++) {
      const jij = get(G, i, j) * p[j];
      const jji = get(G, j, i) * p[i];
      if (jij === 0 && jji === 0) continue;
      d += (jij - jji) * Math.log(jij / jji);
    }
  }
  return d;
}

export const activity = (p: ArrayLike<number>): number => {
  let a = 0;
  for (let m = 0; m < LEVELS; m++) a += p[ACTIVE(m)];
  return a;
};

/** What the step response tells about the kernel (all times in synapse time units). */
export interface MarkovKernelInfo {
  params: MarkovParams;
  /** Active occupancy before the step and long after it. */
  activityBefore: number;
  activityAfter: number;
  /** First moment of da/dt over the window, in Markov time (> 0 for an adapting response). */
  rawMoment: number;
  /** Kernel area I over the window (first moment -1, or +1 under 'absolute' when rawMoment < 0). */
  area: number;
  firstMoment: number;
  /** Slowest relaxation time of the response (the kernel's memory, tau_K). */
  tauK: number;
  /** Steady-state dissipation at s = base, kT per Markov time unit and per synapse time unit. */
  dissipation: number;
  dissipationPerTime: number;
}

interface Realisation {
  info: MarkovKernelInfo;
  /** T G_S: the chain's generator after the step, in synapse time. */
  A: Matrix;
  /** Input vector q = p_before - p_after (zero sum). */
  q: Float64Array;
  /** Read-out row c = -kappa G_S^T 1_active. */
  c: Float64Array;
  /** z with G_S z = q, sum z = 0. */
  z: Float64Array;
  /** e^{A W}: zero for the infinite window. */
  EW: Matrix;
}

/**
 * The kernel of [TCL]: K(tau) = -kappa a'(T tau), the derivative of the active occupancy after
 * the step base -> base + step, with kappa fixing the first moment. With
 * q = p_before - p_after and G = G(base + step): a(t) - a(inf) = 1_a^T e^{G t} q, so
 * a'(t) = 1_a^T G e^{G t} q and, in closed form (z solves G z = q, sum z = 0, so that
 * int_0^L e^{G t} q dt = (e^{G L} - 1) z), over the Markov-time window [0, L = T W):
 *   m1 = int_0^L t a'(t) dt = L 1_a^T e^{G L} q - 1_a^T (e^{G L} - 1) z    (1_a^T z as L -> inf)
 *   int_0^L a'(t) dt = 1_a^T (e^{G L} - 1) q                              (-1_a^T q as L -> inf)
 * kappa = T^2 / m1 (signed: first moment -1) or T^2 / |m1| (absolute), and the area is
 * I = int_0^W K = -(kappa / T) int_0^L a'(t) dt.
 */
function realise(params: MarkovParams): Realisation {
  const p = checkMarkovParams({ ...params });
  const T = p.timeScale;
  const G0 = generator(p, p.base);
  const G = generator(p, p.base + p.step);
  const p0 = stationary(G0);
  const pS = stationary(G);
  const q = p0.map((v, i) => v - pS[i]);
  // Sum of q is zero up to rounding; make it exact so the zero-sum subspace is invariant.
  const drift = q.reduce((s, v) => s + v, 0) / q.length;
  for (let i = 0; i < q.length; i++) q[i] -= drift;
  const z = solveWithSum(G, q, 0);
  const W = windowLength(p);
  const A = { n: STATES, a: G.a.map((v) => v * T) };
  // e^{A W} = e^{G L}: what the window cuts off (zero for the infinite window).
  const EW = Number.isFinite(W) ? expm({ n: STATES, a: A.a.map((v) => v * W) }) : zeros(STATES);
  const EWq = matvec(EW, q);
  const EWz = matvec(EW, z);
  const rawMoment = (Number.isFinite(W) ? T * W * activity(EWq) : 0) - activity(EWz) + activity(z);
  const rise = activity(EWq) - activity(q);
  if (!(Math.abs(rawMoment) > 1e-12)) {
    throw new SpecError('markov', `a response with a non-zero first moment of da/dt (it fixes the kernel's scale); got ${rawMoment} for ${JSON.stringify(p)}`);
  }
  const kappa = (T * T) / (p.normalisation === 'absolute' ? Math.abs(rawMoment) : rawMoment);
  const c = new Float64Array(STATES);
  for (let j = 0; j < STATES; j++) {
    let s = 0;
    for (let m = 0; m < LEVELS; m++) s += get(G, ACTIVE(m), j);
    c[j] = -kappa * s;
  }
  const sigma = dissipation(G0, p0);
  const info: MarkovKernelInfo = {
    params: p,
    activityBefore: activity(p0),
    activityAfter: activity(pS),
    rawMoment,
    area: (-kappa / T) * rise,
    firstMoment: (-kappa * rawMoment) / (T * T),
    tauK: slowestTime(A, q, pS),
    dissipation: sigma,
    dissipationPerTime: sigma * T,
  };
  return { info, A, q, c, z, EW };
}

/**
 * Slowest decay time of e^{A t} q (power iteration on e^{A h}, stationary part projected out):
 * the memory of the kernel, the analogue of 1/B for the chemotaxis kernel.
 */
function slowestTime(A: Matrix, q: Float64Array, pS: Float64Array): number {
  // h: a few times the fastest time scale, so the fast modes vanish in one step.
  let rateMax = 0;
  for (let i = 0; i < A.n; i++) rateMax = Math.max(rateMax, -get(A, i, i));
  let h = 1 / rateMax;
  let v: Float64Array = Float64Array.from(q);
  let rate = 0;
  for (let round = 0; round < 40; round++) {
    const P = expm({ n: A.n, a: A.a.map((x) => x * h) });
    let logGrowth = 0;
    const iters = 60;
    for (let k = 0; k < iters; k++) {
      v = matvec(P, v);
      const sum = v.reduce((s, x) => s + x, 0);
      for (let i = 0; i < v.length; i++) v[i] -= sum * pS[i];
      const norm = Math.hypot(...v);
      if (!(norm > 0)) return 0;
      for (let i = 0; i < v.length; i++) v[i] /= norm;
      if (k >= iters / 2) logGrowth += Math.log(norm);
    }
    rate = -logGrowth / ((iters / 2) * h);
    // Converged once a step decays the slow mode by a factor ~e^-1 or more.
    if (rate * h > 0.5) break;
    h *= 4;
  }
  return 1 / rate;
}

/** Area, first moment, memory time tau_K and dissipation of a Markov adaptation kernel. */
export function markovKernelInfo(params: Partial<MarkovParams> = {}): MarkovKernelInfo {
  return realise({ ...defaultMarkov, ...params }).info;
}

/** K(tau) at the given times (exactly, through e^{A tau}). */
export function markovKernelAt(params: Partial<MarkovParams>, times: readonly number[]): Float64Array {
  const r = realise({ ...defaultMarkov, ...params });
  const W = windowLength(r.info.params);
  return Float64Array.from(times, (tau) => {
    if (tau >= W) return 0;
    const v = matvec(expm({ n: STATES, a: r.A.a.map((x) => x * tau) }), r.q);
    let u = 0;
    for (let j = 0; j < STATES; j++) u += r.c[j] * v[j];
    return u;
  });
}

/** Propagators over dt with s held: e^{A dt} and (int_0^dt e^{A r} dr) q, from one 11 x 11 exponential. */
function propagator(A: Matrix, q: Float64Array, dt: number): { E: Float64Array; f: Float64Array } {
  const n = A.n;
  const big = zeros(n + 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) big.a[i * (n + 1) + j] = A.a[i * n + j] * dt;
    big.a[i * (n + 1) + n] = q[i] * dt;
  }
  const X = expm(big);
  const E = new Float64Array(n * n);
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) E[i * n + j] = X.a[i * (n + 1) + j];
    f[i] = X.a[i * (n + 1) + n];
  }
  return { E, f };
}

/**
 * The Markov kernel as a memory filter for any synapse rule: the state y (10 numbers) obeys the
 * chain's master equation after the step, y' = T G_S y + q s(t), and u = c^T y, whose impulse
 * response is exactly K above. With s held over dt the step y <- e^{A dt} y + F q s is exact;
 * the propagator is computed once per distinct dt (a regular clock reuses it; a jittered clock
 * pays one 11 x 11 matrix exponential per tick). A finite window cuts K at W exactly
 * (windowed-filter.ts), at the price of the window's inputs in the state.
 */
export function markovKernel(params: Partial<MarkovParams> = {}): MemoryKernel & { readonly info: MarkovKernelInfo } {
  const r = realise({ ...defaultMarkov, ...params });
  const n = STATES;
  const p = r.info.params;
  const T = p.timeScale;
  // Keyed by the exact dt: a key rounded to fewer digits would hand a propagator computed for a
  // neighbouring dt to whichever run asks second, so results would depend on what ran before.
  const cache = new Map<number, { E: Float64Array; f: Float64Array }>();
  let lastDt = NaN;
  let last = propagator(r.A, r.q, 1);
  const advance = (y: Float64Array, yo: number, s: number, dt: number, out: Float64Array): void => {
    if (dt !== lastDt) {
      let prop = cache.get(dt);
      if (!prop) {
        prop = propagator(r.A, r.q, dt);
        if (cache.size > 64) cache.clear();
        cache.set(dt, prop);
      }
      last = prop;
      lastDt = dt;
    }
    const { E, f } = last;
    for (let i = 0; i < n; i++) {
      let v = f[i] * s;
      for (let j = 0; j < n; j++) v += E[i * n + j] * y[yo + j];
      out[i] = v;
    }
  };
  // Steady state under constant s0: A y = -q s0, i.e. y = -(s0 / T) z.
  const rest = (x: Float64Array, o: number, s0: number): void => {
    for (let i = 0; i < n; i++) x[o + i] = (-s0 / T) * r.z[i];
  };
  const W = windowLength(p);
  if (Number.isFinite(W)) {
    const capacity = p.windowSteps;
    const f = windowedFilter({ n, c: r.c, EW: r.EW.a, window: W, capacity, advance }, rest);
    // The ring holds the inputs of one window: ceil(W / dt) ticks and the one straddling its edge.
    const checkTick = (dtMin: number, field: string): void => {
      const need = Math.ceil(W / dtMin) + 1;
      if (!(need <= capacity)) throw new SpecError(`${field}.windowSteps`, `at least ${need}: the window ${W} spans that many synapse ticks of ${dtMin}`, capacity);
    };
    // Its ring's head, count and queued time are bookkeeping, not linear in the signal.
    return { name: 'markov', stateSize: windowedStateSize(n, capacity), info: r.info, rest: f.rest, step: f.step, checkTick, nonlinearState: true };
  }
  const tmp = new Float64Array(n);
  return {
    name: 'markov',
    stateSize: n,
    info: r.info,
    rest,
    step(x, o, s, dt) {
      advance(x, o, s, dt, tmp);
      let u = 0;
      for (let i = 0; i < n; i++) {
        x[o + i] = tmp[i];
        u += r.c[i] * tmp[i];
      }
      return u;
    },
  };
}
