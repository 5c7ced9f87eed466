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
export { unitAgent, UnitAgent, UnitAgentConfig } from './unit-agent';
export { rbmSynapseAgent, rbmCoupling, RbmSynapseAgent, RbmSynapseConfig } from './rbm-synapse-agent';
export { rbmAgents, RbmAgents, RbmAgentsOptions, HIDDEN_OFFSET, VISIBLE_OFFSET, SYNAPSE_OFFSET } from './rbm-agents';
export { runLocalAgents, AgentRunResult } from './local-agents-run';
export { sampleVisibleAgents } from './sample-agents';
export { labelSamplingError, predictLabel, LabelSamplingOptions, defaultLabelSampling } from './label-error';
export { isdStudy, studyCase, chainEstimate, secondMomentTheory, optimalB, ExactPhaseSampler, IsdCase, BRow, IsdStudyOptions, defaultIsdStudy } from './isd-study';
export { readRbmSpec, RbmExperimentSpec, ProtocolSpec, DatasetSpec, MetricSpec } from './rbm-spec';
export { prepareRbm, PreparedRbm, RbmResult, RbmRow, ProtocolResult } from './rbm-experiment';
export { basCurvesSpec, bmnistCurvesSpec, isdSpec } from './rbm-plots';
