import { SpecError } from '../../errors';
import { SignalJumps, SynapseRule } from '../../synapses/synapse-rule';
import { CycleTick } from './cycle-ticks';

/** Where each synapse's rule starts a cycle (see QuasiStaticOptions.start). */
export type RuleStart = 'rest' | 'periodic';

/**
 * What a cycle did to a group of synapses: synapse-cycles, those replayed (not shown quiet by
 * their rule), and those whose weight changed.
 */
export interface ReplayStats {
  synapses: number;
  replayed: number;
  changed: number;
}

export const zeroReplayStats = (): ReplayStats => ({ synapses: 0, replayed: 0, changed: 0 });

/**
 * Runs a registered rule over a cycle's ticks for every synapse of a row, each with its
 * signal held at the kept state of each tick (rule.step, the very function both engines
 * call). The weights conduct unchanged through the cycle (quasi-static), so replaying row by
 * row equals stepping every synapse tick by tick; each weight takes its rule's value at the end
 * of the cycle.
 *
 * Each synapse-cycle starts from the rule's initial state with the current weight:
 * - 'rest': the rule's memory starts on the first tick's signal (a synapse switched on there);
 * - 'periodic': in the steady state of the cycle repeated (the authors' periodic convention for
 *   TCL), the fixed point of one pass over the cycle, for rules that declare their memory
 *   linear in the signal (rule.linearMemory), as a kernel filter is.
 * Two declared shortcuts, both exact: a rule that is linear in its signal (rule.linear) moves
 * each weight by sum_k c_k s_k, c_k its response to a unit signal at kept state k; a rule
 * that can show a signal too small to move the weight (rule.quiet) is not replayed for it.
 */
export class RuleReplay<P> {
  /** States of the synapses replayed together (stateSize each), their ids in the row, their weights before. */
  private x = new Float64Array(0);
  private active = new Int32Array(0);
  private before = new Float64Array(0);
  private readonly n: number;
  private readonly snap: Int32Array;
  private readonly dt: Float64Array;
  private readonly m: Float64Array;
  private readonly period: number;
  /** Pairs of kept states between which the held signal jumps (for rule.quiet). */
  private readonly jumpFrom: Int32Array;
  private readonly jumpTo: Int32Array;
  private readonly unit: Float64Array;
  private readonly jumps: SignalJumps = { up: 0, down: 0, olderUp: 0, olderDown: 0 };
  private params!: P;
  private linear: Float64Array | undefined;
  /** 'periodic' with a linear memory: memory[k S + q], slot q after a pass of unit signal at kept state k. */
  private memory: Float64Array | undefined;

  constructor(
    readonly rule: SynapseRule<P>,
    ticks: readonly CycleTick[],
    snapIndex: Int32Array,
    readonly kept: number,
    readonly start: RuleStart,
  ) {
    this.n = ticks.length;
    this.snap = snapIndex;
    this.dt = Float64Array.from(ticks, (t) => t.dt);
    this.m = Float64Array.from(ticks, (t) => t.m);
    this.period = ticks.reduce((s, t) => s + t.dt, 0);
    const jumps = start === 'periodic' ? heldJumps(ticks, snapIndex) : restJumps(snapIndex);
    this.jumpFrom = Int32Array.from(jumps, (j) => j[0]);
    this.jumpTo = Int32Array.from(jumps, (j) => j[1]);
    this.unit = new Float64Array(kept);
  }

  /** Sets the parameters of the synapses replayed next (a group; the batch's signed lr). */
  use(p: P): void {
    this.params = p;
    this.linear = undefined;
    this.memory = undefined;
    if (this.start === 'periodic') this.memory = this.periodicMemory();
    if (this.rule.linear?.(p)) {
      // The response to a unit signal at each kept state, through the very replay below.
      this.linear = Float64Array.from({ length: this.kept }, (_, k) => this.unitResponse(k, this.warmup()).dw);
    }
  }

  /**
   * A row whose signal is 0 on every tick: true (and counted) if the rule shows each of its
   * weights still; false if it must be replayed.
   */
  zeroRow(w: Float64Array, wo: number, m: number, stats: ReplayStats): boolean {
    const quiet = this.rule.quiet;
    if (quiet === undefined) return false;
    for (let j = 0; j < m; j++) if (!quiet(this.params, w[wo + j], NO_JUMPS, this.period)) return false;
    stats.synapses += m;
    return true;
  }

  /**
   * Moves the weights w[wo .. wo + m) of one row, given its signals sig[k m + j] at the kept
   * states (LayeredSignals).
   */
  row(w: Float64Array, wo: number, m: number, sig: Float64Array, stats: ReplayStats): void {
    stats.synapses += m;
    const c = this.linear;
    if (c !== undefined) {
      for (let j = 0; j < m; j++) {
        let d = 0;
        for (let k = 0; k < c.length; k++) d += c[k] * sig[k * m + j];
        const before = w[wo + j];
        w[wo + j] = before + d;
        if (w[wo + j] !== before) stats.changed++;
      }
      stats.replayed += m;
      return;
    }
    this.reserve(m);
    const active = this.active;
    const quiet = this.rule.quiet;
    const J = this.jumpFrom.length;
    const jumps = this.jumps;
    let nA = 0;
    for (let j = 0; j < m; j++) {
      if (quiet !== undefined) {
        let up = 0;
        let down = 0;
        for (let q = 0; q < J; q++) {
          const d = sig[this.jumpTo[q] * m + j] - sig[this.jumpFrom[q] * m + j];
          if (d > 0) up += d;
          else down -= d;
        }
        jumps.up = up;
        jumps.down = down;
        jumps.olderUp = 0;
        jumps.olderDown = 0;
        if (this.start === 'periodic') {
          // In the steady state every jump also happened once in each earlier cycle.
          jumps.olderUp = up;
          jumps.olderDown = down;
        }
        if (quiet(this.params, w[wo + j], jumps, this.period)) continue;
      }
      active[nA++] = j;
    }
    stats.replayed += nA;
    const X = this.x;
    const S = this.rule.stateSize;
    for (let a = 0; a < nA; a++) this.before[a] = w[wo + active[a]];
    this.replay(w, wo, m, sig, nA, this.warmup());
    for (let a = 0; a < nA; a++) if (X[a * S] !== this.before[a]) stats.changed++;
  }

  /** How a replay starts: at rest on the first signal, or in the cycle's steady state. */
  private warmup(): Warmup {
    return this.start === 'rest' ? 'rest' : 'memory';
  }

  /**
   * The rule's memory in the steady state of the cycle repeated, per unit signal at each kept
   * state: memory[k S + q] for slot q >= 1. A pass over the cycle maps the memory affinely,
   * x -> A x + sum_k s_k N_k (the rule declares its memory linear), so the steady state is
   * x* = sum_k s_k (I - A)^{-1} N_k. A and N_k are the responses of one pass to a unit memory
   * slot and to a unit signal, through rule.step itself.
   */
  private periodicMemory(): Float64Array {
    const { rule, kept } = this;
    const S = rule.stateSize;
    const D = S - 1;
    if (!rule.linearMemory) throw new SpecError('start', `"rest" for rule ${rule.name} (a periodic start needs a rule whose memory is linear in its signal)`, 'periodic');
    this.reserve(1);
    this.active[0] = 0;
    const x = this.x;
    const onePass = (signal: Float64Array, slot: number): Float64Array => {
      x.fill(0);
      if (slot > 0) x[slot] = 1;
      this.pass(1, signal, 1);
      return x.slice(1, S);
    };
    const zero = new Float64Array(kept);
    // I - A, column q the memory a pass leaves of a unit in slot q + 1 with no signal.
    const IA = Array.from({ length: D }, (_, r) => new Float64Array(D));
    for (let q = 0; q < D; q++) {
      const col = onePass(zero, q + 1);
      for (let r = 0; r < D; r++) IA[r][q] = (r === q ? 1 : 0) - col[r];
    }
    const memory = new Float64Array(kept * S);
    for (let k = 0; k < kept; k++) {
      this.unit.fill(0);
      this.unit[k] = 1;
      const fixed = solve(IA, onePass(this.unit, 0));
      if (fixed === undefined) throw new SpecError('start', `"rest" for rule ${rule.name} with these parameters (its memory does not fade over a cycle: no periodic steady state)`, 'periodic');
      memory.set(fixed, k * S + 1);
    }
    return memory;
  }

  /** Room for the states of m synapses replayed together. */
  private reserve(m: number): void {
    if (this.active.length >= m) return;
    this.active = new Int32Array(m);
    this.before = new Float64Array(m);
    this.x = new Float64Array(m * this.rule.stateSize);
  }

  /**
   * The rule over the ticks (twice for 'periodic') for the synapses active[0 .. nA) of a row:
   * synapse j starts at weight w[wo + j] and sees on tick t the signal sig[snap[t] m + j]; its
   * weight is written back. The synapses take each tick in turn (their states side by side in
   * x), so that consecutive steps are independent and the processor overlaps them.
   */
  private replay(w: Float64Array, wo: number, m: number, sig: Float64Array, nA: number, warm: Warmup): void {
    const { rule, x, params, active } = this;
    const S = rule.stateSize;
    for (let a = 0; a < nA; a++) rule.init(x, a * S, w[wo + active[a]], params);
    const memory = this.memory;
    if (warm === 'memory' && memory !== undefined) {
      const K = this.kept;
      for (let a = 0; a < nA; a++) {
        const j = active[a];
        for (let q = 1; q < S; q++) {
          let v = 0;
          for (let k = 0; k < K; k++) v += sig[k * m + j] * memory[k * S + q];
          x[a * S + q] = v;
        }
      }
    }
    this.pass(m, sig, nA);
    for (let a = 0; a < nA; a++) w[wo + active[a]] = x[a * S];
  }

  /** One pass of the rule over the ticks. */
  private pass(m: number, sig: Float64Array, nA: number): void {
    const { rule, x, snap, dt, params, active } = this;
    const mod = this.m;
    const S = rule.stateSize;
    for (let t = 0; t < this.n; t++) {
      const so = snap[t] * m;
      const mt = mod[t];
      const d = dt[t];
      for (let a = 0; a < nA; a++) rule.step(x, a * S, sig[so + active[a]], mt, d, params);
    }
  }

  /** Weight change and memory of one synapse after a replay with signal 1 at kept state k, 0 elsewhere. */
  private unitResponse(k: number, warm: Warmup): { dw: number; state: Float64Array } {
    this.reserve(1);
    this.unit.fill(0);
    this.unit[k] = 1;
    this.active[0] = 0;
    const w = new Float64Array(1);
    this.replay(w, 0, 1, this.unit, 1, warm);
    return { dw: w[0], state: this.x.slice(0, this.rule.stateSize) };
  }
}

type Warmup = 'rest' | 'memory';

/** A signal that never moves. */
const NO_JUMPS: SignalJumps = Object.freeze({ up: 0, down: 0, olderUp: 0, olderDown: 0 });

/** x with M x = b (Gaussian elimination, partial pivoting); undefined if M is singular to working precision. */
function solve(M: Float64Array[], b: Float64Array): Float64Array | undefined {
  const n = b.length;
  const a = M.map((row, r) => Float64Array.from([...row, b[r]]));
  const scale = Math.max(1, ...M.map((row) => Math.max(...row.map(Math.abs))));
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (!(Math.abs(a[p][c]) > 1e-12 * scale)) return undefined;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let q = c; q <= n; q++) a[r][q] -= f * a[c][q];
    }
  }
  return Float64Array.from({ length: n }, (_, r) => a[r][n] / a[r][r]);
}

/** From rest on the first tick's state, each change of kept state along the ticks. */
function restJumps(snapIndex: Int32Array): [number, number][] {
  const jumps: [number, number][] = [];
  for (let i = 1; i < snapIndex.length; i++) if (snapIndex[i] !== snapIndex[i - 1]) jumps.push([snapIndex[i - 1], snapIndex[i]]);
  return jumps;
}

/**
 * The jumps of the held signal around the cycle: only ticks with dt > 0 hold a signal (a
 * rule's memory does not move over dt = 0), the last one jumping back to the first.
 */
function heldJumps(ticks: readonly CycleTick[], snapIndex: Int32Array): [number, number][] {
  const held: number[] = [];
  ticks.forEach((t, i) => {
    if (t.dt > 0 && (held.length === 0 || held[held.length - 1] !== snapIndex[i])) held.push(snapIndex[i]);
  });
  if (held.length > 1 && held[0] === held[held.length - 1]) held.pop();
  return held.length < 2 ? [] : held.map((s, k) => [held[(k + held.length - 1) % held.length], s]);
}
