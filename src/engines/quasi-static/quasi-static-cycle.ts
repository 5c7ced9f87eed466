import { SpecError } from '../../errors';
import { SynapseRule, checkRuleParams } from '../../synapses/synapse-rule';
import { CycleTick } from './cycle-ticks';
import { LayeredBatch, LayeredSignals } from './layered-signals';
import { ReplayStats, RuleReplay, RuleStart, zeroReplayStats } from './rule-replay';

/** A batch whose states (layers >= 1) can be copied out and back. */
export interface KeepsStates {
  /** Copies the states into `into` (one array per layer, index 0 unused). */
  snapshot(into: Float64Array[]): void;
  /** Sets the states back from a copy. */
  restore(from: Float64Array[]): void;
}

/** `steps` relaxation steps of the batch under the nudge beta, the weights held. */
export type Relax = (beta: number, steps: number) => void;

/** The weights of a layered network: W_l (n_l x n_{l+1}, row-major) and the biases of layers >= 1. */
export interface LayeredWeights {
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
}

/** What the quasi-static cycle runs: a rule, its parameters per group of synapses, its starts. */
export interface QuasiStaticOptions<P extends { lr: number }> {
  /** Any registered rule; it sees each synapse's batch-mean signal and the ticks' modulator. */
  rule: SynapseRule<P>;
  /** Rule parameters of weight block l, and of the biases of layer l + 1 (index l), for a nudge of +1 (checked against rule.paramTypes). */
  weights: P[];
  biases: P[];
  /** Where each synapse's rule starts a cycle (RuleReplay). */
  start: RuleStart;
  /** Where each level's relaxation starts: the previous level's state, or the free state. */
  levelStart: 'previous' | 'free';
}

/** What the cycles did, per group, until `resetStats`. */
export interface CycleStats {
  weights: ReplayStats[];
  biases: ReplayStats[];
}

/**
 * The quasi-static path of the array engine for layered networks ([EP], [TCL]): the weights
 * are held through a clamping cycle, the network relaxes at each of its levels, and the rule of
 * every synapse then runs over the cycle's ticks with its signal held at each level's state
 * (RuleReplay), so each weight moves once per cycle. This is the authors' protocol for EP on
 * MNIST, and with a rule stepped tick by tick on the same states it is the same computation
 * (tests compare it with the reactive agents). Any registered rule runs here: the classic
 * two-phase rule on the two-phase ticks is classic EP, the temporal contrastive rule on the
 * sawtooth ticks is TCL.
 */
export class QuasiStaticCycle<P extends { lr: number }> {
  readonly ticks: readonly CycleTick[];
  private readonly snapIndex: Int32Array;
  /** Ticks that relax the network to a state not seen before in the cycle. */
  private readonly fresh: Uint8Array;
  private readonly snaps: Float64Array[][];
  private readonly signals: LayeredSignals;
  private readonly replay: RuleReplay<P>;
  stats: CycleStats;

  constructor(
    readonly sizes: readonly number[],
    capacity: number,
    ticks: readonly CycleTick[],
    readonly options: QuasiStaticOptions<P>,
  ) {
    if (ticks.length === 0) throw new SpecError('cycle', 'at least one tick');
    const L = sizes.length;
    if (options.weights.length !== L - 1 || options.biases.length !== L - 1) {
      throw new SpecError('rule parameters', `${L - 1} groups of weights and of biases`, `${options.weights.length} and ${options.biases.length}`);
    }
    options.weights.forEach((p, l) => checkRuleParams(options.rule, p, `weights[${l}]`));
    options.biases.forEach((p, l) => checkRuleParams(options.rule, p, `biases[${l}]`));
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
    this.signals = new LayeredSignals(sizes, capacity, K);
    this.replay = new RuleReplay(options.rule, this.ticks, this.snapIndex, K, options.start);
    this.stats = this.zeroStats();
  }

  private zeroStats(): CycleStats {
    return { weights: this.sizes.slice(1).map(zeroReplayStats), biases: this.sizes.slice(1).map(zeroReplayStats) };
  }

  /** Starts counting anew (per epoch, say). */
  resetStats(): void {
    this.stats = this.zeroStats();
  }

  /** Number of distinct states the cycle keeps. */
  get kept(): number {
    return this.snaps.length;
  }

  /**
   * Runs the network through the cycle from its current (free) state, keeping the states: with
   * levelStart 'previous' each level relaxes from the state the previous one left; with 'free'
   * each new level relaxes from the free state (the authors' TCL choice: no hysteresis, the
   * fall reuses the rise's states), and the batch is left in the free state.
   */
  follow(batch: KeepsStates, relax: Relax, beta: number): void {
    const fromFree = this.options.levelStart === 'free';
    const free = this.snaps[this.snapIndex[0]];
    this.ticks.forEach((t, i) => {
      if (i === 0) {
        if (t.relax > 0) relax(t.beta * beta, t.relax);
        batch.snapshot(free);
      } else if (this.fresh[i] === 1) {
        if (fromFree) batch.restore(free);
        relax(t.beta * beta, t.relax);
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
   * The synapses' side, after `follow`: every weight and bias runs its rule over the ticks. The
   * cycle's nudge had amplitude beta (signed): as in the authors' code the rule's learning rate
   * is divided by it.
   */
  learn(net: LayeredWeights, batch: LayeredBatch, beta: number): void {
    const { sizes, signals, replay, snaps } = this;
    const L = sizes.length;
    const N = batch.size;
    signals.indexColumns(batch);
    for (let l = 0; l + 1 < L; l++) {
      const p = this.options.weights[l];
      replay.use({ ...p, lr: p.lr / beta });
      const stats = this.stats.weights[l];
      const w = net.weights[l];
      const m = sizes[l + 1];
      for (let i = 0; i < sizes[l]; i++) {
        if (!signals.row(snaps, N, l, i) && replay.zeroRow(w, i * m, m, stats)) continue;
        replay.row(w, i * m, m, signals.sig, stats);
      }
    }
    for (let l = 1; l < L; l++) {
      const p = this.options.biases[l - 1];
      replay.use({ ...p, lr: p.lr / beta });
      signals.bias(snaps, N, l);
      replay.row(net.biases[l], 0, sizes[l], signals.sig, this.stats.biases[l - 1]);
    }
  }
}
