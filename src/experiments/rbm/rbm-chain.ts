import { SpecError } from '../../errors';
import { RandomSource } from '../../scheduler/random';
import { SynapseRule } from '../../synapses/synapse-rule';
import { Rbm } from '../../substrates/rbm/rbm';
import { rbmSubstrate } from '../../substrates/rbm/rbm-substrate';
import { NodeSweep } from '../../engines/node-sweep';
import { denseSweep } from '../../engines/dense-sweep';

/**
 * One RBM chain on the array engine's sweep: the units of the RBM substrate (hidden, visible,
 * the always-on unit) in one state vector, and a block-Gibbs step that is the substrate's own
 * Gauss-Seidel sweep (dense-sweep.ts: the hidden units from v, then the visible units from the
 * new h), every unit drawing from its own substream exactly as its agent would. The weights
 * are the RBM's one array (bh, then W), so whatever learning writes there, the next step reads.
 */
export class RbmChain {
  /** Visible states (0 or 1), a view into the chain's state vector. */
  readonly v: Float64Array;
  /** Hidden states (0 or 1), a view into the chain's state vector. */
  readonly h: Float64Array;
  private readonly state: Float64Array;
  private readonly drive: Float64Array;
  private readonly sweep: NodeSweep;
  private readonly activeV: Int32Array;

  constructor(
    readonly rbm: Rbm,
    random: RandomSource,
  ) {
    const { nv, nh } = rbm;
    const sub = rbmSubstrate(rbm);
    const n = sub.ids.length;
    this.state = new Float64Array(n);
    this.h = this.state.subarray(0, nh);
    this.v = this.state.subarray(nh, nh + nv);
    // The always-on unit is held at 1 by its drive; the visible units read no drive here (a
    // clamped datum is set with setVisible).
    this.drive = new Float64Array(n);
    this.drive[sub.layout.one] = 1;
    this.state[sub.layout.one] = 1;
    this.sweep = denseSweep(
      sub,
      sub.ids.map((_, i) => (sub.dynamics[sub.roles[i]].draws ? random.stream(sub.drawStream!(i)) : undefined)),
    );
    this.activeV = new Int32Array(nv);
  }

  /** Sets v (a clamped datum or a chain start), h untouched. */
  setVisible(x: ArrayLike<number>): void {
    for (let i = 0; i < this.v.length; i++) this.v[i] = x[i] ? 1 : 0;
  }

  /** Sets the hidden layer to the given 0/1 values. */
  setHidden(x: ArrayLike<number>): void {
    for (let j = 0; j < this.h.length; j++) this.h[j] = x[j] ? 1 : 0;
  }

  /**
   * One Gibbs step: h given v, then v given h unless the visible layer is clamped (the clock's
   * beta > 0: the visible units keep their datum and draw nothing).
   */
  step(clamped: boolean): void {
    // The caller may have changed the weights since the last step.
    this.sweep.invalidate();
    this.sweep.sweep(this.state, this.rbm.x, 1, this.drive, clamped ? 1 : 0, 1);
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
    let na = 0;
    for (let i = 0; i < nv; i++) if (this.v[i]) av[na++] = i;
    for (let j = 0; j < nh; j++) {
      if (!this.h[j]) continue;
      const o = j * nv;
      for (let a = 0; a < na; a++) rule.step(W, o + av[a], -1, m, 1, params);
      if (learnBias) rule.step(bh, j, -1, m, 1, params);
    }
  }
}
