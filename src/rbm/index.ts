/**
 * Binary restricted Boltzmann machines ([FLEX]): the substrate, the block-Gibbs chain, CD-K,
 * temporally local and IS-D training, exact NLL and TV for small models. See
 * docs/science.md#binary-rbms.
 *
 * @module
 */
export { Rbm, createRbm, rbmFrom, cloneRbm, energy } from './rbm';
export { sigmoid, softplus, bernoulliUnit, pHidden, pVisible } from './gibbs';
export {
  logPartition,
  visibleLogProbs,
  exactNll,
  exactTv,
  exactNllTv,
  signalMoments,
  exactGradient,
  SignalMoments,
  smallerLayer,
  layerLogWeights,
  bitsOf,
  MAX_ENUMERATED_UNITS,
} from './exact';
export { RbmChain, hiddenStream, visibleStream } from './rbm-chain';
export { PhaseSource, Phase } from './phase-source';
export { trainCdk, trainLocal, trainIsd, TrainContext, Progress, CdkParams, LocalParams, IsdParams } from './train';
export { rbmSubstrate, rbmCoupling, bernoulliHidden, bernoulliVisible, RbmLayout } from './rbm-substrate';
export { rbmNetwork, RbmNetwork, RbmNetworkOptions } from './rbm-network';
export { runLocalAgents, AgentRunResult } from './local-agents-run';
export { sampleVisibleAgents } from './sample-agents';
export { labelSamplingError, predictLabel, LabelSamplingOptions, defaultLabelSampling } from './label-error';
export { isdStudy, studyCase, chainEstimate, secondMomentTheory, optimalB, ExactPhaseSampler, IsdCase, BRow, IsdStudyOptions, defaultIsdStudy } from './isd-study';
export { readRbmSpec, RbmExperimentSpec, ProtocolSpec, DatasetSpec, MetricSpec } from './rbm-spec';
export { prepareRbm, PreparedRbm, RbmResult, RbmRow, ProtocolResult } from './rbm-experiment';
export { basCurvesSpec, bmnistCurvesSpec, isdSpec } from './rbm-plots';
