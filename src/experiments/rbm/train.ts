import { seededPermutation } from '../../datasets/binary-dataset';
import { RandomSource } from '../../scheduler/random';
import { PhaseLength, stochasticPhases } from '../../streams/protocols';
import { RuleReplay, twoPhaseTicks } from '../../engines/quasi-static';
import { zeroReplayStats } from '../../engines/quasi-static/rule-replay';
import { classicTwoPhase } from '../../synapses/rules/classic-two-phase';
import { phaseSigned, phaseWeight } from '../../synapses/rules/phase-signed';
import { Rbm } from '../../substrates/rbm/rbm';
import { RbmChain } from './rbm-chain';
import { PhaseSource } from './phase-source';

/** Where a training run is, in the units the comparison uses. */
export interface Progress {
  /** Gibbs steps (one h-then-v sweep; a clamped step samples h only) spent so far. */
  gibbsSteps: number;
  /** Phases completed (a CD-K update is 2 phases: K clamped steps, K free steps). */
  phases: number;
  positivePhases: number;
  /** Weight updates applied (per step for the temporally local rule). */
  updates: number;
  /** Engine runs (engine "event"): the scheduler's events so far (ticks, clock edges, messages). */
  events?: number;
}

/**
 * What a training protocol runs on: the RBM, the random source, the data and progress callbacks.
 */
export interface TrainContext {
  rbm: Rbm;
  /** The run's random source: units draw from hidden:j / visible:i, the clock from `clock`. */
  random: RandomSource;
  /** Training rows; positive phases clamp them in this order (CD-K reshuffles per epoch). */
  data: readonly Uint8Array[];
  /** Stop after this many Gibbs steps. */
  budget: number;
  /** onEval is called whenever gibbsSteps reaches a multiple of evalEvery (and at 0). */
  evalEvery: number;
  /** Called at every evaluation mark with the progress so far. */
  onEval(p: Progress): void;
  /** Learn the hidden bias too (a synapse to an always-on unit), as the authors' code does. */
  learnBias: boolean;
  /** The chain to run (default: a new one on rbm and random, from v = 0, h = 0). */
  chain?: RbmChain;
}

/** CD-K: K Gibbs steps per chain per datum, learning rate lr. */
export interface CdkParams {
  K: number;
  lr: number;
}

/**
 * Temporally local learning ([FLEX]): phase probability b, phase lengths, per-step learning rate
 * lr.
 */
export interface LocalParams {
  b: number;
  length: PhaseLength;
  lr: number;
}

/**
 * Offline IS-D ([FLEX]): end-of-phase states weighted by 1/b and 1/(1-b), one update per batch of
 * positive phases.
 */
export interface IsdParams {
  b: number;
  length: PhaseLength;
  lr: number;
  /** Positive phases per update. */
  batch: number;
}

function progress(): Progress {
  return { gibbsSteps: 0, phases: 0, positivePhases: 0, updates: 0 };
}

/**
 * CD-K baseline: per datum x (seeded reshuffle each epoch) a clamped chain and a free chain of
 * K steps each, both from (v = x, h = 0), single binary samples, W += lr (h+ x^T - h- v-^T).
 * The update is the registered classic rule on the two-phase cycle (the free sample, the clamped
 * one, the edge back), replayed per synapse as on EP's quasi-static path: with the RBM signal
 * s = -h v, w -= lr (s_clamped - s_free) is that update.
 */
export function trainCdk(ctx: TrainContext, p: CdkParams): Progress {
  const { rbm, data } = ctx;
  const { nv, nh, W, bh } = rbm;
  const chain = ctx.chain ?? new RbmChain(rbm, ctx.random);
  const dataRng = ctx.random.stream('data');
  const zeros = new Uint8Array(nh);
  const hPos = new Uint8Array(nh);
  const replay = new RuleReplay(classicTwoPhase, twoPhaseTicks(p.K), Int32Array.of(0, 1, 1), 2, 'rest');
  replay.use({ lr: p.lr, wMin: -Infinity, wMax: Infinity });
  const stats = zeroReplayStats();
  // Signals of one row at the two kept states: sig[i] free, sig[n + i] clamped.
  const sig = new Float64Array(2 * Math.max(nv, nh));
  const at = progress();
  ctx.onEval({ ...at });
  for (;;) {
    for (const idx of seededPermutation(data.length, dataRng)) {
      if (at.gibbsSteps + 2 * p.K > ctx.budget) return at;
      const x = data[idx];
      chain.setVisible(x);
      chain.setHidden(zeros);
      for (let k = 0; k < p.K; k++) chain.step(true);
      hPos.set(chain.h);
      chain.setVisible(x);
      chain.setHidden(zeros);
      for (let k = 0; k < p.K; k++) chain.step(false);
      const { v, h } = chain;
      for (let j = 0; j < nh; j++) {
        const hp = hPos[j];
        const hn = h[j];
        // A row whose signal is 0 in both states: the classic rule stays still (rule.quiet).
        if (hp === 0 && hn === 0) continue;
        for (let i = 0; i < nv; i++) {
          sig[i] = -hn * v[i];
          sig[nv + i] = -hp * x[i];
        }
        replay.row(W, j * nv, nv, sig, stats);
      }
      if (ctx.learnBias) {
        // The hidden biases: synapses to an always-on unit, s = -h.
        for (let j = 0; j < nh; j++) {
          sig[j] = -h[j];
          sig[nh + j] = -hPos[j];
        }
        replay.row(bh, 0, nh, sig, stats);
      }
      const before = at.gibbsSteps;
      at.gibbsSteps += 2 * p.K;
      at.phases += 2;
      at.positivePhases++;
      at.updates++;
      if (Math.floor(at.gibbsSteps / ctx.evalEvery) > Math.floor(before / ctx.evalEvery)) ctx.onEval({ ...at });
    }
  }
}

/**
 * Temporally local learning ([FLEX]; docs/science.md#flexible-phases): phases of type z ~
 * Bernoulli(b) and random or fixed length come from the observable clock; a positive phase clamps
 * the next datum in order, a free phase continues the chain from wherever it is (never reset). At
 * every step every synapse applies the phase-signed rule w -= lr c(z) s with s = -h v, c from the
 * clock.
 */
export function trainLocal(ctx: TrainContext, p: LocalParams): Progress {
  const chain = ctx.chain ?? new RbmChain(ctx.rbm, ctx.random);
  const source = new PhaseSource(stochasticPhases({ b: p.b, beta: 1, length: p.length }), ctx.random.stream('clock'));
  const c = phaseWeight(p.b);
  // The RBM's weights are signed: no bounds.
  const rule = { lr: p.lr, wMin: -Infinity, wMax: Infinity };
  const at = progress();
  ctx.onEval({ ...at });
  try {
    while (at.gibbsSteps < ctx.budget) {
      const { signal, steps } = source.next();
      const clamped = signal.z === 1;
      if (clamped) chain.setVisible(ctx.data[at.positivePhases++ % ctx.data.length]);
      const m = c(signal);
      for (let k = 0; k < steps && at.gibbsSteps < ctx.budget; k++) {
        chain.step(clamped);
        chain.learn(phaseSigned, rule, m, ctx.learnBias);
        at.gibbsSteps++;
        at.updates++;
        if (at.gibbsSteps % ctx.evalEvery === 0) ctx.onEval({ ...at });
      }
      at.phases++;
    }
  } finally {
    source.stop();
  }
  return at;
}

/**
 * Offline IS-D: phases from the same clock, no learning during them; only the end-of-phase
 * sample contributes, c(z) h v^T accumulated until `batch` positive phases have occurred, then
 * one update W += lr * sum.
 */
export function trainIsd(ctx: TrainContext, p: IsdParams): Progress {
  const { rbm } = ctx;
  const chain = ctx.chain ?? new RbmChain(rbm, ctx.random);
  const source = new PhaseSource(stochasticPhases({ b: p.b, beta: 1, length: p.length }), ctx.random.stream('clock'));
  const c = phaseWeight(p.b);
  const gW = new Float64Array(rbm.W.length);
  const gB = new Float64Array(rbm.nh);
  const unitRate = { lr: 1, wMin: -Infinity, wMax: Infinity };
  let inBatch = 0;
  const at = progress();
  ctx.onEval({ ...at });
  try {
    while (at.gibbsSteps < ctx.budget) {
      const { signal, steps } = source.next();
      const clamped = signal.z === 1;
      if (clamped) chain.setVisible(ctx.data[at.positivePhases++ % ctx.data.length]);
      let k = 0;
      for (; k < steps && at.gibbsSteps < ctx.budget; k++) {
        chain.step(clamped);
        at.gibbsSteps++;
        if (at.gibbsSteps % ctx.evalEvery === 0 && k < steps - 1) ctx.onEval({ ...at });
      }
      if (k < steps) break;
      at.phases++;
      // The phase-signed rule at unit rate, once at the phase's end, into the accumulators.
      chain.learn(phaseSigned, unitRate, c(signal), true, gW, gB);
      if (clamped && ++inBatch === p.batch) {
        for (let q = 0; q < gW.length; q++) rbm.W[q] += p.lr * gW[q];
        if (ctx.learnBias) for (let j = 0; j < gB.length; j++) rbm.bh[j] += p.lr * gB[j];
        gW.fill(0);
        gB.fill(0);
        inBatch = 0;
        at.updates++;
      }
      if (at.gibbsSteps % ctx.evalEvery === 0) ctx.onEval({ ...at });
    }
  } finally {
    source.stop();
  }
  return at;
}
