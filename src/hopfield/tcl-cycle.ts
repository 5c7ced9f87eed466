import { SpecError } from '../errors';
import { RandomSource } from '../scheduler/random';
import { ClockReader } from '../streams/clock-reader';
import { SawtoothParams, sawtooth } from '../streams/protocols';
import { ChemotaxisParams, chemotaxisCoefficients } from '../synapses/kernels/chemotaxis';
import { integer } from '../validate';
import { BatchState } from './batch-relaxation';
import { LayeredNetwork } from './layered-network';

/**
 * One tick of a clamping cycle as the network and its synapses live it: the nudge (a fraction
 * of the signed amplitude beta) is set, the network takes `relax` relaxation steps, then every
 * synapse advances its kernel by dt holding its signal at the new state (zero-order hold, as
 * the reactive synapse agent on its own clock).
 */
export interface CycleTick {
  beta: number;
  relax: number;
  dt: number;
}

/**
 * One sawtooth cycle of the batched TCL trainer: protocol shape, relaxation and kernel steps per
 * level.
 */
export interface SawtoothCycle {
  /** The clamp protocol, amplitude 1 (the batch's signed beta scales it). */
  protocol: Omit<SawtoothParams, 'amplitude' | 'levels'> & { levels: number };
  /** Relaxation steps after each level change (the quasi-static network). */
  relaxPerLevel: number;
  /** Kernel steps per rise level and per fall level. */
  riseSubsteps: number;
  fallSubsteps: number;
}

/**
 * The ticks of one quantised sawtooth cycle ([TCL]; docs/science.md#the-sawtooth-protocol): a first
 * tick at the free state (the synapse filter starts at rest there, dt = 0), then each level of the
 * protocol in turn, as the clock emits it (read through the clock adapter, so the cycle is the very
 * protocol the engines run).
 */
export function sawtoothTicks(c: SawtoothCycle): CycleTick[] {
  integer('cycle.protocol.levels', c.protocol.levels, 1);
  integer('cycle.relaxPerLevel', c.relaxPerLevel, 1);
  integer('cycle.riseSubsteps', c.riseSubsteps, 1);
  integer('cycle.fallSubsteps', c.fallSubsteps, 1);
  const protocol = sawtooth({ ...c.protocol, amplitude: 1 });
  // A deterministic protocol: the substream is never drawn from.
  const reader = new ClockReader(protocol, new RandomSource(0).stream('clock'));
  const levels = reader.firstCycle();
  reader.stop();
  const ticks: CycleTick[] = [{ beta: 0, relax: 0, dt: 0 }];
  for (const { signal, duration } of levels) {
    const sub = signal.phase === 'rise' ? c.riseSubsteps : c.fallSubsteps;
    for (let q = 0; q < sub; q++) ticks.push({ beta: signal.beta, relax: q === 0 ? c.relaxPerLevel : 0, dt: duration / sub });
  }
  return ticks;
}

/** Per group of synapses: threshold of g and learning rate. */
export interface TclGroup {
  theta: number;
  lr: number;
}

/**
 * TCL options of the batched trainer: kernel, linear control, per-group thresholds, cycle shape.
 */
export interface TclOptions {
  kernel: ChemotaxisParams;
  /** g(u) = u (the linear control) instead of the threshold. */
  linear: boolean;
  /** Groups of weights W_l, l = 0..L-2. */
  weights: TclGroup[];
  /** Groups of biases of layers 1..L-1 (index l-1). */
  biases: TclGroup[];
  /**
   * Where each synapse's filter starts: 'rest' on the signal of the first tick (a synapse
   * switched on there, as the reactive agent), or 'periodic': in the steady state of the cycle
   * repeated (the authors' periodic-boundary convolution), so that a closed cycle leaves no
   * truncated kernel tail.
   */
  start: 'rest' | 'periodic';
  /** Where each level's relaxation starts: the previous level's state, or the free state. */
  levelStart: 'previous' | 'free';
}

/**
 * What the cycles did to one group, for diagnostics and threshold calibration: synapse-cycles,
 * those that could reach the threshold (not skipped by the bound), and those whose |u| did.
 */
export interface TclGroupStats {
  synapses: number;
  filtered: number;
  passed: number;
}

/** Per group, how many synapse-cycles were filtered and how many reached the threshold. */
export interface TclStats {
  weights: TclGroupStats[];
  biases: TclGroupStats[];
}

const zeroStats = (sizes: readonly number[]): TclStats => ({
  weights: sizes.slice(1).map(() => ({ synapses: 0, filtered: 0, passed: 0 })),
  biases: sizes.slice(1).map(() => ({ synapses: 0, filtered: 0, passed: 0 })),
});

/**
 * Temporal contrastive learning over one clamping cycle on the lockstep engine.
 *
 * The network follows the cycle (relaxation steps at each tick's nudge, weights held, as a
 * quasi-static network); the state after each relaxing tick is kept. Then each synapse, on its
 * own, runs the chemotaxis kernel cascade on its local signal s (the batch mean of
 * -rho(x_i) rho(x_j), or -rho(x_j) for a bias), the filter starting at rest on the free signal,
 * and accumulates g(u) dt; w -= lr / beta * sum g(u) dt at the end of the cycle. Per synapse this
 * is exactly `temporalContrastive(chemotaxisKernel(kernel))` stepped over the ticks with lr / beta
 * (same arithmetic), except that the weight moves once per cycle rather than at each tick.
 *
 * The sign of beta (random per batch) is the only global quantity: as in the authors' code the
 * update is divided by the signed beta.
 */
export class TclCycle {
  private readonly ticks: CycleTick[];
  private readonly snapIndex: Int32Array;
  /** Ticks that relax the network to a state not seen before in the cycle. */
  private readonly fresh: Uint8Array;
  private readonly snaps: Float64Array[][];
  private readonly e: Float64Array;
  private readonly a: Float64Array;
  private readonly h: Float64Array;
  private readonly dt: Float64Array;
  private readonly c2: number;
  private readonly c3: number;
  /** With kernel area 0: |u| <= hBound * sum |jumps of s| (Infinity otherwise: no skipping). */
  private readonly hBound: number;
  /** Jumps of the held signal (snapshot before -> after) that bound and start the filter. */
  private readonly jumpFrom: Int32Array;
  private readonly jumpTo: Int32Array;
  /** 'periodic': deviation of the cascade at the cycle start per unit jump, all past cycles summed. */
  private readonly p1: Float64Array;
  private readonly p2: Float64Array;
  private readonly p3: Float64Array;
  /** Snapshot the filter rests on ('rest') or whose deviations start it ('periodic'). */
  private readonly startSnap: number;
  private readonly sig: Float64Array;
  private readonly acc: Float64Array;
  private readonly active: Int32Array;
  private readonly colStart: Int32Array;
  private readonly colN: Int32Array;
  private readonly colVal: Float64Array;
  private readonly colFill: Int32Array;
  /** Linear g: sum g(u) dt = sum_k linearWeights[k] * (signal of snapshot k). */
  private readonly linearWeights?: Float64Array;
  /** Accumulated over calls to `learn` until `resetStats`. */
  stats: TclStats;
  private current: TclGroupStats = { synapses: 0, filtered: 0, passed: 0 };

  constructor(
    readonly sizes: readonly number[],
    readonly capacity: number,
    ticks: CycleTick[],
    readonly options: TclOptions,
  ) {
    if (ticks.length === 0) throw new SpecError('cycle', 'at least one tick');
    this.ticks = ticks.map((t) => ({ ...t }));
    this.snapIndex = new Int32Array(ticks.length);
    this.fresh = new Uint8Array(ticks.length);
    // 'previous': every relaxing tick makes a new state. 'free': a level's state depends on its
    // nudge only (relaxed from the free state), so a nudge seen before reuses its state.
    const seen = new Map<number, number>();
    let k = -1;
    let cur = 0;
    ticks.forEach((t, i) => {
      if (i === 0 || t.relax > 0) {
        const known = i > 0 && options.levelStart === 'free' ? seen.get(t.beta) : undefined;
        if (known === undefined) {
          this.fresh[i] = 1;
          cur = ++k;
          if (i > 0 && options.levelStart === 'free') seen.set(t.beta, cur);
        } else cur = known;
      }
      this.snapIndex[i] = cur;
    });
    const K = k + 1;
    this.snaps = Array.from({ length: K }, () => sizes.map((n, l) => new Float64Array(l === 0 ? 0 : capacity * n)));
    const { B, area } = options.kernel;
    const { A, C } = chemotaxisCoefficients(options.kernel);
    this.c2 = A / (B * B);
    this.c3 = (2 * A * C) / (B * B * B);
    const periodic = options.start === 'periodic';
    const jumps = periodic ? cyclicJumps(ticks, this.snapIndex) : restJumps(this.snapIndex);
    this.jumpFrom = new Int32Array(jumps.map((j) => j.from));
    this.jumpTo = new Int32Array(jumps.map((j) => j.to));
    const T = ticks.reduce((t, x) => t + x.dt, 0);
    if (periodic && !(T > 0)) throw new SpecError('cycle', 'a positive duration for a periodic filter start');
    const past = (age: number, f: (x: number) => number): number => {
      let sum = 0;
      for (let m = 0; B * (age + m * T) < 60; m++) sum += f(B * (age + m * T));
      return sum;
    };
    this.p1 = new Float64Array(jumps.map((j) => past(T - j.at, (x) => Math.exp(-x))));
    this.p2 = new Float64Array(jumps.map((j) => past(T - j.at, (x) => Math.exp(-x) * (1 + x))));
    this.p3 = new Float64Array(jumps.map((j) => past(T - j.at, (x) => Math.exp(-x) * (1 + x + 0.5 * x * x))));
    this.startSnap = periodic ? (jumps.length > 0 ? jumps[0].from : this.snapIndex[ticks.length - 1]) : this.snapIndex[0];
    // Unit step response with area 0: H(x) = c2 x^2/2 e^{-x}, max c2 2 e^{-2} at x = 2, decreasing after.
    const H = (x: number) => this.c2 * 0.5 * x * x * Math.exp(-x);
    let bound = H(2);
    if (periodic) for (let m = 1; B * m * T < 60; m++) bound += H(Math.max(2, B * m * T));
    this.hBound = area === 0 ? bound : Infinity;
    this.e = new Float64Array(ticks.map((t) => Math.exp(-B * t.dt)));
    this.a = new Float64Array(ticks.map((t) => B * t.dt));
    this.h = new Float64Array(ticks.map((t) => 0.5 * (B * t.dt) * (B * t.dt)));
    this.dt = new Float64Array(ticks.map((t) => t.dt));
    const widest = Math.max(...sizes.slice(1));
    this.sig = new Float64Array(K * widest);
    this.acc = new Float64Array(widest);
    this.active = new Int32Array(widest);
    this.colStart = new Int32Array(sizes[0] + 1);
    this.colN = new Int32Array(sizes[0] * capacity);
    this.colVal = new Float64Array(sizes[0] * capacity);
    this.colFill = new Int32Array(sizes[0]);
    this.stats = zeroStats(sizes);
    if (options.linear) {
      // With g linear the whole cycle is linear in the snapshot signals: sum g(u) dt =
      // sum_k w_k s_k, the same weights for every synapse. They are the responses to unit
      // signals through the very same tick loop.
      const w = new Float64Array(K);
      for (let k = 0; k < K; k++) {
        this.sig.fill(0, 0, K);
        this.sig[k] = 1;
        this.filterTicks(1, 0);
        w[k] = this.acc[0];
      }
      this.linearWeights = w;
    }
  }

  /** Zeroes the per-group threshold statistics. */
  resetStats(): void {
    this.stats = zeroStats(this.sizes);
  }

  /** Number of network states a cycle keeps (one per distinct relaxed level). */
  get snapshots(): number {
    return this.snaps.length;
  }

  /**
   * Runs the network through the cycle from its current (free) state, keeping the states:
   * with levelStart 'previous' each level relaxes from the state the previous one left; with
   * 'free' each new level relaxes from the free state (the authors' choice: no hysteresis,
   * the fall reuses the rise's states).
   */
  follow(net: LayeredNetwork, batch: BatchState, beta: number, eps: number): void {
    const fromFree = this.options.levelStart === 'free';
    const free = this.snaps[this.snapIndex[0]];
    this.ticks.forEach((t, i) => {
      if (i === 0) {
        if (t.relax > 0) batch.relax(net, t.beta * beta, eps, t.relax);
        batch.snapshot(free);
      } else if (this.fresh[i] === 1) {
        if (fromFree) batch.restore(free);
        batch.relax(net, t.beta * beta, eps, t.relax);
        batch.snapshot(this.snaps[this.snapIndex[i]]);
      }
    });
    if (fromFree) batch.restore(free);
  }

  /** The network's states (layers >= 1) after tick i of the last `follow`. */
  statesAfter(i: number): readonly Float64Array[] {
    return this.snaps[this.snapIndex[i]];
  }

  /**
   * One synapse on its own: given its signal after each tick (signal[i] for tick i; ticks that
   * share a state must share the value), returns sum g(u) dt over the cycle.
   */
  filterSignal(signal: ArrayLike<number>, theta: number): number {
    if (signal.length !== this.ticks.length) throw new RangeError(`expected ${this.ticks.length} signal values, one per tick`);
    this.ticks.forEach((_, i) => (this.sig[this.snapIndex[i]] = signal[i]));
    this.current = { synapses: 0, filtered: 0, passed: 0 };
    this.filterRow(1, theta);
    return this.acc[0];
  }

  /** The synapses' side: filter, threshold, update. Call after `follow`. */
  learn(net: LayeredNetwork, batch: BatchState, beta: number): void {
    const { sizes } = this;
    const L = sizes.length;
    this.indexColumns(batch);
    for (let l = 0; l + 1 < L; l++) {
      const g = this.options.weights[l];
      this.current = this.stats.weights[l];
      this.current.synapses += sizes[l] * sizes[l + 1];
      const w = net.weights[l];
      const m = sizes[l + 1];
      for (let i = 0; i < sizes[l]; i++) {
        if (!this.rowSignal(batch, l, i)) continue;
        this.filterRow(m, g.theta);
        const c = g.lr / beta;
        const acc = this.acc;
        const wo = i * m;
        for (let j = 0; j < m; j++) w[wo + j] -= c * acc[j];
      }
    }
    for (let l = 1; l < L; l++) {
      const g = this.options.biases[l - 1];
      const m = sizes[l];
      this.current = this.stats.biases[l - 1];
      this.current.synapses += m;
      this.biasSignal(batch, l);
      this.filterRow(m, g.theta);
      const c = g.lr / beta;
      const bias = net.biases[l];
      for (let j = 0; j < m; j++) bias[j] -= c * this.acc[j];
    }
  }

  /** For each input pixel, the examples of the batch where it is nonzero (a column index). */
  private indexColumns(batch: BatchState): void {
    const n0 = this.sizes[0];
    const N = batch.size;
    const start = this.colStart;
    start.fill(0);
    for (let e = 0; e < N; e++) for (let k = 0; k < batch.xNnz[e]; k++) start[batch.xIdx[e * n0 + k] + 1]++;
    for (let i = 0; i < n0; i++) start[i + 1] += start[i];
    const fill = this.colFill;
    fill.fill(0);
    for (let e = 0; e < N; e++) {
      for (let k = 0; k < batch.xNnz[e]; k++) {
        const i = batch.xIdx[e * n0 + k];
        const at = start[i] + fill[i];
        fill[i]++;
        this.colN[at] = e;
        this.colVal[at] = batch.xVal[e * n0 + k];
      }
    }
  }

  /** sig[k][j] = -(1/N) sum_n a_k[n][i] b_k[n][j] for row i of group l; false if all zero. */
  private rowSignal(batch: BatchState, l: number, i: number): boolean {
    const K = this.snaps.length;
    const n = this.sizes[l];
    const m = this.sizes[l + 1];
    const sig = this.sig;
    const inv = 1 / batch.size;
    sig.fill(0, 0, K * m);
    let any = false;
    if (l === 0) {
      const s0 = this.colStart[i];
      const s1 = this.colStart[i + 1];
      if (s0 === s1) return false;
      for (let k = 0; k < K; k++) {
        const b = this.snaps[k][1];
        const so = k * m;
        for (let q = s0; q < s1; q++) {
          const v = this.colVal[q] * inv;
          const bo = this.colN[q] * m;
          for (let j = 0; j < m; j++) sig[so + j] -= v * b[bo + j];
        }
      }
      return true;
    }
    for (let k = 0; k < K; k++) {
      const a = this.snaps[k][l];
      const b = this.snaps[k][l + 1];
      const so = k * m;
      for (let e = 0; e < batch.size; e++) {
        const v = a[e * n + i];
        if (v === 0) continue;
        any = true;
        const bo = e * m;
        const c = v * inv;
        for (let j = 0; j < m; j++) sig[so + j] -= c * b[bo + j];
      }
    }
    return any;
  }

  private biasSignal(batch: BatchState, l: number): void {
    const K = this.snaps.length;
    const m = this.sizes[l];
    const sig = this.sig;
    const inv = 1 / batch.size;
    sig.fill(0, 0, K * m);
    for (let k = 0; k < K; k++) {
      const b = this.snaps[k][l];
      const so = k * m;
      for (let e = 0; e < batch.size; e++) for (let j = 0; j < m; j++) sig[so + j] -= inv * b[e * m + j];
    }
  }

  /**
   * The kernel cascade of each synapse of one row over the cycle; acc[j] = sum g(u) dt. With
   * kernel area 0, u(t) = sum_jumps (jump of s) H(t - t_jump), 0 <= H, so a synapse whose jumps
   * sum to less than theta / hBound never reaches the threshold: it is skipped, exactly.
   */
  private filterRow(m: number, theta: number): void {
    const lw = this.linearWeights;
    if (lw === undefined) {
      this.filterTicks(m, theta);
      return;
    }
    const { sig, acc } = this;
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let k = 0; k < lw.length; k++) sum += lw[k] * sig[k * m + j];
      acc[j] = sum;
      if (sum !== 0) this.current.passed++;
    }
    this.current.filtered += m;
  }

  /** The tick loop itself (threshold or linear g). */
  private filterTicks(m: number, theta: number): void {
    const { sig, acc, active, c2, c3, jumpFrom, jumpTo, p1, p2, p3, snapIndex } = this;
    const linear = this.options.linear;
    const periodic = this.options.start === 'periodic';
    const J = jumpFrom.length;
    const ks = this.startSnap * m;
    let nActive = 0;
    for (let j = 0; j < m; j++) {
      acc[j] = 0;
      if (!linear && this.hBound < Infinity) {
        let total = 0;
        for (let q = 0; q < J; q++) total += Math.abs(sig[jumpTo[q] * m + j] - sig[jumpFrom[q] * m + j]);
        if (this.hBound * total * (1 + 1e-9) < theta) continue;
      }
      active[nActive++] = j;
    }
    this.current.filtered += nActive;
    const T = this.ticks.length;
    const E = this.e;
    const A = this.a;
    const Hh = this.h;
    const D = this.dt;
    for (let q = 0; q < nActive; q++) {
      const j = active[q];
      let s = sig[ks + j];
      let x1 = s;
      let x2 = s;
      let x3 = s;
      if (periodic) {
        for (let r = 0; r < J; r++) {
          const d = sig[jumpTo[r] * m + j] - sig[jumpFrom[r] * m + j];
          x1 -= d * p1[r];
          x2 -= d * p2[r];
          x3 -= d * p3[r];
        }
      }
      let sum = 0;
      for (let t = 0; t < T; t++) {
        // The cascade's exact step with s held (chemotaxisKernel.step, same arithmetic).
        s = sig[snapIndex[t] * m + j];
        const e = E[t];
        const a = A[t];
        const y1 = x1 - s;
        const y2 = x2 - s;
        const y3 = x3 - s;
        x2 = s + e * (y2 + a * y1);
        x3 = s + e * (y3 + a * y2 + Hh[t] * y1);
        x1 = s + e * y1;
        const u = c2 * x2 - c3 * x3;
        if (linear || Math.abs(u) >= theta) sum += u * D[t];
      }
      acc[j] = sum;
      if (sum !== 0) this.current.passed++;
    }
  }
}

interface Jump {
  from: number;
  to: number;
  /** Time of the jump within the cycle. */
  at: number;
}

/** From rest on the first tick's snapshot, each change of snapshot along the ticks. */
function restJumps(snapIndex: Int32Array): Jump[] {
  const jumps: Jump[] = [];
  for (let i = 1; i < snapIndex.length; i++) {
    if (snapIndex[i] !== snapIndex[i - 1]) jumps.push({ from: snapIndex[i - 1], to: snapIndex[i], at: 0 });
  }
  return jumps;
}

/**
 * The jumps of the held signal around the cycle (only ticks with dt > 0 hold a signal), the
 * first one being the wrap from the last held snapshot to the first at time 0.
 */
function cyclicJumps(ticks: CycleTick[], snapIndex: Int32Array): Jump[] {
  const held: { snap: number; at: number }[] = [];
  let t = 0;
  ticks.forEach((tick, i) => {
    if (tick.dt > 0 && (held.length === 0 || held[held.length - 1].snap !== snapIndex[i])) held.push({ snap: snapIndex[i], at: t });
    t += tick.dt;
  });
  if (held.length === 0) return [];
  return held.map((h, k) => ({ from: held[(k + held.length - 1) % held.length].snap, to: h.snap, at: h.at }));
}
