import { RandomSource, Rng } from '../../scheduler/random';
import { stochasticPhases } from '../../streams/protocols';
import { phaseSigned, phaseWeight } from '../../synapses/rules/phase-signed';
import { Rbm, createRbm } from '../../substrates/rbm/rbm';
import { RbmChain } from './rbm-chain';
import { PhaseSource } from './phase-source';
import { bitsOf, exactGradient, signalMoments, visibleLogProbs } from '../../substrates/rbm/exact';
import { sigmoid } from '../../substrates/rbm/gibbs';

/** Theory ([FLEX]; docs/science.md#flexible-phases): E|g_hat|^2 = A/b + B/(1-b), minimised at b*. */
export const secondMomentTheory = (A: number, B: number, b: number): number => (A === 0 ? 0 : A / b) + (B === 0 ? 0 : B / (1 - b));
/**
 * The phase probability b* = sqrt(A) / (sqrt(A) + sqrt(B)) that minimises the IS estimator's second
 * moment ([FLEX]).
 */
export const optimalB = (A: number, B: number): number => Math.sqrt(A) / (Math.sqrt(A) + Math.sqrt(B));

/**
 * Exact samplers of the two phases' signals s = -h v^T on a tiny RBM: the positive phase draws a
 * datum uniformly and h ~ p(h | x); the negative phase draws v from the exact model marginal
 * (inverse CDF over all 2^nv configurations) and h ~ p(h | v).
 */
export class ExactPhaseSampler {
  private readonly cdf: Float64Array;
  private readonly v: Uint8Array;
  private readonly h: Uint8Array;

  constructor(
    readonly rbm: Rbm,
    readonly data: readonly Uint8Array[],
  ) {
    const lp = visibleLogProbs(rbm);
    this.cdf = new Float64Array(lp.length);
    let c = 0;
    for (let k = 0; k < lp.length; k++) this.cdf[k] = c += Math.exp(lp[k]);
    this.v = new Uint8Array(rbm.nv);
    this.h = new Uint8Array(rbm.nh);
  }

  /** One sample of h v^T (the product, so s = -sample) into out; returns |s|^2. */
  sample(positive: boolean, rng: Rng, out: Float64Array): number {
    const { nv, nh, W, bh } = this.rbm;
    let v: ArrayLike<number>;
    if (positive) v = this.data[rng.int(this.data.length)];
    else {
      const u = rng.uniform() * this.cdf[this.cdf.length - 1];
      let lo = 0;
      let hi = this.cdf.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cdf[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      v = bitsOf(lo, nv, this.v);
    }
    let nvOn = 0;
    for (let i = 0; i < nv; i++) nvOn += v[i] ? 1 : 0;
    let nhOn = 0;
    for (let j = 0; j < nh; j++) {
      let f = bh[j];
      for (let i = 0; i < nv; i++) if (v[i]) f += W[j * nv + i];
      this.h[j] = rng.uniform() < sigmoid(f) ? 1 : 0;
      nhOn += this.h[j];
      for (let i = 0; i < nv; i++) out[j * nv + i] = this.h[j] * (v[i] ? 1 : 0);
    }
    return nvOn * nhOn;
  }
}

/** The estimator's second moment at one b: theory and measurement with its standard error. */
export interface BRow {
  b: number;
  theory: number;
  measured: number;
  /** Standard error of `measured` (sample SD of |g_hat|^2 over sqrt(samples)). */
  measuredSe: number;
  /** (measured - theory) / theory */
  relError: number;
  /** Trace of the estimator's covariance: second moment minus |g|^2. */
  variance: number;
  /** Largest |mean - g| over the coordinates, in standard errors. */
  maxZ: number;
}

/**
 * One RBM case of the study: its size, A = E+|s|^2, B = E-|s|^2, b*, the rows per b and the chain
 * check.
 */
export interface IsdCase {
  name: string;
  nv: number;
  nh: number;
  A: number;
  B: number;
  gradNorm2: number;
  bStar: number;
  rows: BRow[];
  /** Measured second moment at b* over that at b = 0.5 (< 1: b* beats 1/2). */
  ratioAtBStar: number;
  /** IS-D on the actual Gibbs chain under the clock: end-of-phase samples only. */
  chain?: { K: number; phases: number; relError: number; maxZ: number };
  gradient: number[];
}

/**
 * Monte Carlo of g_hat = (z/b) s+ - ((1-z)/(1-b)) s- with exact phase samples: its mean against
 * the exact gradient E+[s] - E-[s], its second moment against A/b + B/(1-b).
 */
export function studyCase(name: string, rbm: Rbm, data: readonly Uint8Array[], bs: readonly number[], samples: number, rng: Rng): IsdCase {
  const m = signalMoments(rbm, data);
  const g = exactGradient(m); // E+[s] - E-[s], s = -h v^T
  const gradNorm2 = g.reduce((s, x) => s + x * x, 0);
  const bStar = optimalB(m.A, m.B);
  const sampler = new ExactPhaseSampler(rbm, data);
  const hv = new Float64Array(g.length);
  // b* is 0 or 1 when one phase's signal vanishes (A or B = 0): no estimator runs there.
  const sweep = [...new Set(bStar > 0 && bStar < 1 ? [...bs, bStar] : bs)].sort((a, b) => a - b);
  const rows = sweep.map((b) => {
    const sum = new Float64Array(g.length);
    const sum2 = new Float64Array(g.length);
    let second = 0;
    let fourth = 0;
    for (let n = 0; n < samples; n++) {
      const z = rng.uniform() < b;
      const n2 = sampler.sample(z, rng, hv);
      // s = -hv; g_hat = s/b (positive) or -s/(1-b) (negative)
      const c = z ? -1 / b : 1 / (1 - b);
      for (let k = 0; k < hv.length; k++) {
        const x = c * hv[k];
        sum[k] += x;
        sum2[k] += x * x;
      }
      second += c * c * n2;
      fourth += (c * c * n2) ** 2;
    }
    let maxZ = 0;
    for (let k = 0; k < g.length; k++) {
      const mean = sum[k] / samples;
      const sd = Math.sqrt(Math.max(sum2[k] / samples - mean * mean, 1e-300));
      maxZ = Math.max(maxZ, Math.abs(mean - g[k]) / (sd / Math.sqrt(samples)));
    }
    const measured = second / samples;
    const theory = secondMomentTheory(m.A, m.B, b);
    const measuredSe = Math.sqrt(Math.max(fourth / samples - measured * measured, 0) / samples);
    return { b, theory, measured, measuredSe, relError: (measured - theory) / theory, variance: measured - gradNorm2, maxZ };
  });
  const at = (b: number) => rows.find((r) => r.b === b)?.measured ?? secondMomentTheory(m.A, m.B, b);
  return { name, nv: rbm.nv, nh: rbm.nh, A: m.A, B: m.B, gradNorm2, bStar, rows, ratioAtBStar: at(bStar) / at(0.5), gradient: Array.from(g) };
}

/**
 * IS-D with the real machinery: the clamp clock (stochasticPhases, fixed length K) and the
 * Gibbs chain of the array engine, weights frozen; the mean of c(z) s_end over phases against
 * the exact gradient (its residual bias is the chain's incomplete mixing in K steps).
 */
export function chainEstimate(rbm: Rbm, data: readonly Uint8Array[], b: number, K: number, phases: number, seed: number | string): { mean: Float64Array; se: Float64Array } {
  const random = new RandomSource(seed);
  const chain = new RbmChain(rbm, random);
  const source = new PhaseSource(stochasticPhases({ b, beta: 1, length: { fixed: K } }), random.stream('clock'));
  const c = phaseWeight(b);
  const n = rbm.W.length;
  const sum = new Float64Array(n);
  const sum2 = new Float64Array(n);
  const gB = new Float64Array(rbm.nh);
  const x = new Float64Array(n);
  const minusUnitRate = { lr: -1, wMin: -Infinity, wMax: Infinity };
  let pos = 0;
  for (let p = 0; p < phases; p++) {
    const { signal, steps } = source.next();
    if (signal.z === 1) chain.setVisible(data[pos++ % data.length]);
    for (let k = 0; k < steps; k++) chain.step(signal.z === 1);
    x.fill(0);
    // g_hat = c(z) s = -c(z) h v^T: the phase-signed rule's step at rate -1 (its step is -lr c s).
    chain.learn(phaseSigned, minusUnitRate, c(signal), true, x, gB);
    for (let k = 0; k < n; k++) {
      sum[k] += x[k];
      sum2[k] += x[k] * x[k];
    }
  }
  source.stop();
  const mean = sum.map((s) => s / phases);
  const se = sum2.map((s2, k) => Math.sqrt(Math.max(s2 / phases - mean[k] * mean[k], 0) / phases));
  return { mean, se };
}

/**
 * The IS-D estimator study: seed, samples per b, the b values, and the chain run's phases and phase
 * length K.
 */
export interface IsdStudyOptions {
  seed: number;
  samples: number;
  bs: number[];
  chainPhases: number;
  K: number;
}

/** The study's defaults: 100,000 samples at b = 0.1 .. 0.9, a 20,000-phase chain with K = 200. */
export const defaultIsdStudy: IsdStudyOptions = {
  seed: 1,
  samples: 100_000,
  bs: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  chainPhases: 20_000,
  K: 200,
};

/** Random rows of the given density from rng. */
function randomRows(n: number, width: number, density: number, rng: Rng): Uint8Array[] {
  return Array.from({ length: n }, () => Uint8Array.from({ length: width }, () => (rng.uniform() < density ? 1 : 0)));
}

/**
 * The study's two tiny RBMs: a generic one (weights N(0, 0.5^2), data of density 0.5), and an
 * unequal one whose data are sparse (density 0.1) while the model is dense (weights N(1, 0.3^2)),
 * so E+|s|^2 << E-|s|^2 and b* is far from 1/2.
 */
export function isdStudy(o: IsdStudyOptions = defaultIsdStudy): IsdCase[] {
  const random = new RandomSource(o.seed);
  const nv = 6;
  const nh = 4;
  const generic = createRbm(nv, nh, random.stream('generic:init'), 0.5);
  const genericData = randomRows(8, nv, 0.5, random.stream('generic:data'));
  const unequal = createRbm(nv, nh, random.stream('unequal:init'), 0.3);
  for (let k = 0; k < unequal.W.length; k++) unequal.W[k] += 1;
  const unequalData = randomRows(8, nv, 0.1, random.stream('unequal:data'));
  const cases: [string, Rbm, Uint8Array[]][] = [
    ['generic', generic, genericData],
    ['unequal', unequal, unequalData],
  ];
  return cases.map(([name, rbm, data]) => {
    const c = studyCase(name, rbm, data, o.bs, o.samples, random.stream(`${name}:mc`));
    if (o.chainPhases > 0) {
      const { mean, se } = chainEstimate(rbm, data, 0.5, o.K, o.chainPhases, `${o.seed}/${name}:chain`);
      let num = 0;
      let den = 0;
      let maxZ = 0;
      c.gradient.forEach((gk, k) => {
        num += (mean[k] - gk) ** 2;
        den += gk * gk;
        maxZ = Math.max(maxZ, Math.abs(mean[k] - gk) / Math.max(se[k], 1e-300));
      });
      c.chain = { K: o.K, phases: o.chainPhases, relError: Math.sqrt(num / den), maxZ };
    }
    return c;
  });
}
