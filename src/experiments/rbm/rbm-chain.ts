import { SpecError } from '../../errors';
import { RandomSource, Rng } from '../../scheduler/random';
import { SynapseRule } from '../../synapses/synapse-rule';
import { Rbm } from '../../substrates/rbm/rbm';
import { bernoulliUnit } from '../../substrates/rbm/gibbs';
import { hiddenStream, visibleStream } from '../../substrates/rbm/rbm-substrate';


/**
 * The array engine: the state (v, h) of one RBM chain and its block-Gibbs steps, every unit
 * drawing from its own substream exactly as its agent would. Sums run over active units in
 * ascending order, which gives bit-identical fields to the agents' dense sums (adding w * 0 is
 * exact). Learning updates are applied by the protocols.
 */
export class RbmChain {
  readonly v: Uint8Array;
  readonly h: Uint8Array;
  /** Active visible indices (ascending), kept in step with v. */
  private readonly activeV: Int32Array;
  private nActiveV = 0;
  private readonly vField: Float64Array;
  private readonly drawH: (() => number)[];
  private readonly drawV: (() => number)[];

  constructor(
    readonly rbm: Rbm,
    random: RandomSource,
  ) {
    this.v = new Uint8Array(rbm.nv);
    this.h = new Uint8Array(rbm.nh);
    this.activeV = new Int32Array(rbm.nv);
    this.vField = new Float64Array(rbm.nv);
    this.drawH = Array.from({ length: rbm.nh }, (_, j) => uniformOf(random.stream(hiddenStream(j))));
    this.drawV = Array.from({ length: rbm.nv }, (_, i) => uniformOf(random.stream(visibleStream(i))));
  }

  /** Sets v (a clamped datum or a chain start), h untouched. */
  setVisible(x: ArrayLike<number>): void {
    for (let i = 0; i < this.v.length; i++) this.v[i] = x[i] ? 1 : 0;
    this.reindex();
  }

  /** Sets the hidden layer to the given 0/1 values. */
  setHidden(x: ArrayLike<number>): void {
    for (let j = 0; j < this.h.length; j++) this.h[j] = x[j] ? 1 : 0;
  }

  /** h_j ~ p(h_j | v) for every hidden unit, one draw each. */
  sampleHidden(): void {
    const { W, bh, nv, nh } = this.rbm;
    const av = this.activeV;
    const na = this.nActiveV;
    for (let j = 0; j < nh; j++) {
      let f = bh[j];
      const o = j * nv;
      for (let a = 0; a < na; a++) f += W[o + av[a]];
      this.h[j] = bernoulliUnit.step(f, this.drawH[j]());
    }
  }

  /** v_i ~ p(v_i | h) for every visible unit, one draw each. */
  sampleVisible(): void {
    const { W, nv, nh } = this.rbm;
    const f = this.vField;
    f.fill(0);
    for (let j = 0; j < nh; j++) {
      if (!this.h[j]) continue;
      const o = j * nv;
      for (let i = 0; i < nv; i++) f[i] += W[o + i];
    }
    let na = 0;
    for (let i = 0; i < nv; i++) {
      const x = bernoulliUnit.step(f[i], this.drawV[i]());
      this.v[i] = x;
      if (x) this.activeV[na++] = i;
    }
    this.nActiveV = na;
  }

  /** One Gibbs step: h given v, then v given h unless the visible layer is clamped. */
  step(clamped: boolean): void {
    this.sampleHidden();
    if (!clamped) this.sampleVisible();
  }

  /**
   * One step (dt = 1 Gibbs step) of a registered rule on every synapse, with modulator m: the
   * RBM coupling's signal s_ij = -h_j v_i is -1 where both units are on and 0 elsewhere, where
   * a rule declared still at zero does nothing, so only the active pairs are visited. The
   * weights are the rule's state (a rule of one slot); the hidden bias is a synapse to an
   * always-on unit. The states may be other arrays shaped as W and bh (accumulators of updates).
   */
  learn<P>(rule: SynapseRule<P>, params: P, m: number, learnBias: boolean, W = this.rbm.W, bh = this.rbm.bh): void {
    if (rule.stateSize !== 1 || !rule.stillAtZero) {
      throw new SpecError('rule', `a rule whose state is its weight and that is still at zero signal on the RBM chain (${rule.name} is not)`);
    }
    const { nv, nh } = this.rbm;
    const av = this.activeV;
    const na = this.nActiveV;
    for (let j = 0; j < nh; j++) {
      if (!this.h[j]) continue;
      const o = j * nv;
      for (let a = 0; a < na; a++) rule.step(W, o + av[a], -1, m, 1, params);
      if (learnBias) rule.step(bh, j, -1, m, 1, params);
    }
  }

  private reindex(): void {
    let na = 0;
    for (let i = 0; i < this.v.length; i++) if (this.v[i]) this.activeV[na++] = i;
    this.nActiveV = na;
  }
}

function uniformOf(rng: Rng): () => number {
  return () => rng.uniform();
}
