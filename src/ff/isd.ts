import { optimalB } from '../experiments/rbm/isd-study';
import { FfNetwork, FfSample } from './ff-network';

/**
 * Which importance weights IS-D puts on the one sample it presents: `paper`, the estimator
 * [FLEX] states, 1/b on a positive and 1/(1-b) on a negative sample (the magnitudes of the
 * phase-signed rule's c(z), `phaseWeight`; the sign is in FF's losses); `indicator`, what the
 * authors' published code computes (it divides by the sampled 0/1 indicator B, so 1/B = 1 and
 * 1/(1-B) = 1: weight 1 whatever b is).
 */
export type IsdWeights = 'paper' | 'indicator';

/** The weight of a positive (z = 1) or negative (z = 0) sample under IS-D with probability b. */
export function isdWeight(z: 0 | 1, b: number, weights: IsdWeights = 'paper'): number {
  if (weights === 'indicator') return 1;
  return z === 1 ? 1 / b : 1 / (1 - b);
}

/**
 * The samples of one IS-D step: z ~ Bernoulli(b) decides, the positive or the negative sample
 * is presented alone with its weight. Its gradient g_hat = (z/b) g+ + ((1-z)/(1-b)) g- has
 * expectation g+ + g-, the gradient of the FF step that presents both.
 */
export function isdSamples(z: 0 | 1, positive: ArrayLike<number>, negative: ArrayLike<number>, b: number, weights: IsdWeights = 'paper'): FfSample[] {
  return z === 1 ? [{ x: positive, positive: true, weight: isdWeight(1, b, weights) }] : [{ x: negative, positive: false, weight: isdWeight(0, b, weights) }];
}

/** The samples of one FF step: a positive and a negative, each with weight 1. */
export function ffSamples(positive: ArrayLike<number>, negative: ArrayLike<number>): FfSample[] {
  return [
    { x: positive, positive: true, weight: 1 },
    { x: negative, positive: false, weight: 1 },
  ];
}

/**
 * The IS estimator's second moments for the current network, estimated on fixed pilot samples:
 * A = mean |g+|^2 over the positive ones, B = mean |g-|^2 over the negative ones (gradients over
 * all layers' parameters), and b* = sqrt(A) / (sqrt(A) + sqrt(B)), which minimises
 * E|g_hat|^2 = A/b + B/(1-b) ([FLEX]; `optimalB`); 1/2 when A = B = 0.
 */
export interface BStarEstimate {
  A: number;
  B: number;
  bStar: number;
  samples: number;
}

/** Estimates A, B and b* from pilot positive and negative inputs (labels already overlaid). */
export function estimateBStar(net: FfNetwork, positives: readonly ArrayLike<number>[], negatives: readonly ArrayLike<number>[]): BStarEstimate {
  const mean = (xs: readonly ArrayLike<number>[], positive: boolean) => xs.reduce((s, x) => s + net.gradientNorm2(x, positive), 0) / xs.length;
  const A = mean(positives, true);
  const B = mean(negatives, false);
  // No gradient at all (every unit silent on the pilots): nothing to weigh, b* = 1/2.
  return { A, B, bStar: A + B > 0 ? optimalB(A, B) : 0.5, samples: positives.length };
}
