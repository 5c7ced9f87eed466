/**
 * Binary restricted Boltzmann machines ([FLEX]): the substrate, the block-Gibbs chain, CD-K,
 * temporally local and IS-D training, exact NLL and TV for small models. See
 * docs/science.md#binary-rbms.
 *
 * @module
 */
export * from '../../substrates/rbm';
export { RbmChain } from './rbm-chain';
export { PhaseSource, Phase } from './phase-source';
export { trainCdk, trainLocal, trainIsd, TrainContext, Progress, CdkParams, LocalParams, IsdParams } from './train';
export { rbmNetwork, RbmNetwork, RbmNetworkOptions } from '../../engines/networks/rbm-network';
export { runLocalAgents, trainLocalAgents, AgentRunResult, AgentProgress, LocalAgentsOptions } from './local-agents-run';
export { sampleVisibleAgents } from './sample-agents';
export { labelSamplingError, predictLabel, LabelSamplingOptions, defaultLabelSampling } from './label-error';
export { isdStudy, studyCase, chainEstimate, secondMomentTheory, optimalB, ExactPhaseSampler, IsdCase, BRow, IsdStudyOptions, defaultIsdStudy } from './isd-study';
export { readRbmSpec, RbmExperimentSpec, ProtocolSpec, DatasetSpec, MetricSpec } from './rbm-spec';
export { prepareRbm, PreparedRbm, RbmResult, RbmRow, ProtocolResult } from './rbm-experiment';
export { basCurvesSpec, bmnistCurvesSpec, isdSpec } from './rbm-plots';
