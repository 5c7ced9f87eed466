/**
 * Forward-Forward with layer-local losses and its IS-D variant ([FLEX]; docs/ff-mnist.md):
 * the layer and network, Adam, the IS-D importance weights and b*, the MNIST experiment.
 *
 * @module
 */
export { Adam, AdamOptions, defaultAdam } from './adam';
export { FfLayer, ffLoss, lossSlope, NORM_EPS } from './ff-layer';
export { FfNetwork, FfSample, overlayLabel, LABEL_PIXELS } from './ff-network';
export { IsdWeights, isdWeight, isdSamples, ffSamples, estimateBStar, BStarEstimate } from './isd';
export { SampleStream, DigitRows } from './ff-data';
export { FfSpec, FfVariantSpec, readFfSpec, isFfSpec, checkFfBudget, ffParameters } from './ff-spec';
export { prepareFf, PreparedFf, FfRow, FfVariantResult, FfResult, ffError, B_STAR_RANGE } from './ff-experiment';
export { ffCurvesSpec } from './ff-plot';
